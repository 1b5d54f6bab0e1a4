// casebook browser test: the caseworker's and the supervisor's day in
// headless chromium. A caseworker walks a case through the forms of the
// case page (counselling, screening) up to a return movement, which
// waits for approval; a supervisor approves it from "waiting for me"
// with a comment; the caseworker sees the case move on and the decision
// in its history. Screenshots: the case page, the approvals page, the
// history. env and output as intake.mjs.
import {
  BASE, check, context, fieldText, finish, launch, login, named,
  recordSecrets, shot, demoPassword,
} from './lib/common.mjs';

const TODAY = new Date().toISOString().slice(0, 10);
const TAG = Math.random().toString(36).slice(2, 8).replace(/[0-9a-f]/g, 'x');
const V = {
  given: 'Farid',
  family: `Nazari ${TAG}`,
  route: `Sarajevo - Istanbul - Kabul ${TAG}`,
  comment: `Budget checked, go ahead ${TAG}`,
  note: `Wants to go home before winter ${TAG}`,
};

// A case to work on, registered through the API as the caseworker.
async function newCase() {
  let r = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'caseworker', password: demoPassword('caseworker') }),
  });
  const { token } = await r.json();
  recordSecrets([token], false);
  r = await fetch(`${BASE}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      case_type: 'AVRR', consent_data_processing: true,
      person: { given_name: V.given, family_name: V.family, citizenship: 'AF' },
    }),
  });
  check(r.status === 201, 'a case registered for the walk', r.status);
  return (await r.json()).id;
}

// Opens the step's form on the case page, fills it, submits it.
async function step(page, to, fill) {
  const form = page.locator(`#to-${to}`);
  check(await form.count() === 1, `the case page offers "${to}"`);
  await form.locator('summary').click();
  await fill(form);
  await Promise.all([
    page.waitForEvent('load'),
    form.locator('[type="submit"]').click(),
  ]);
}

async function main() {
  recordSecrets([V.family, V.route, V.comment, V.note]);
  const cid = await newCase();
  const browser = await launch();
  const problems = [];
  const cw = await context(browser, problems);
  const sup = await context(browser, problems);
  const page = cw.page;

  try {
    await login(page, 'caseworker');
    let resp = await page.goto(`${BASE}/cases/${cid}`);
    check(resp.status() === 200, 'the caseworker opens the case page', resp.status());
    check(await fieldText(page, 'person.family_name') === V.family,
      'the case page shows the person');

    await step(page, 'counselling', async (f) => {
      await f.locator(named('data.counselling_date')).fill(TODAY);
      await f.locator(named('data.counselling_note')).fill(V.note);
    });
    check(await fieldText(page, 'state') === 'Counselling', 'counselling is recorded',
      await fieldText(page, 'state'));

    // A refusal keeps what was typed: screening without the declaration.
    await step(page, 'screening', async (f) => {
      await f.locator(named('data.decision_date')).fill(TODAY);
    });
    await step(page, 'return_planning', async (f) => {
      await f.locator(named('data.migration_status')).selectOption('stranded_migrant');
      await f.locator(`${named('data.vulnerabilities')}[value="family_with_children"]`).check();
      await f.locator(named('data.consent_share')).check();
    });
    check(await page.locator('#refused').count() === 1,
      'screening without the signed declaration is refused, saying why');
    check(await page.locator(named('data.migration_status')).inputValue() === 'stranded_migrant',
      'the answers typed are kept');
    await page.locator(named('data.return_declaration')).check();
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('#to-return_planning [type="submit"]').click(),
    ]);
    check(await fieldText(page, 'state') === 'Return planning', 'screening is recorded',
      await fieldText(page, 'state'));

    await step(page, 'travel_preparation', async (f) => {
      await f.locator(named('data.destination_country')).selectOption('AF');
      await f.locator(named('data.route')).fill(V.route);
      await f.locator(named('data.return_budget')).fill('450');
      await f.locator(named('data.return_currency')).selectOption('EUR');
    });
    const pending = await fieldText(page, 'pending_approval');
    check(pending && pending.includes('Return movement'),
      'the return movement waits for a supervisor', pending);
    await shot(page, 'lifecycle-case-waiting.png');

    // The supervisor decides.
    await login(sup.page, 'supervisor');
    resp = await sup.page.goto(`${BASE}/approvals`);
    check(resp.status() === 200, 'the supervisor opens "waiting for me"', resp.status());
    const sec = sup.page.locator('section.approval', { hasText: V.family });
    check(await sec.count() === 1, 'the request is listed with the person\'s name');
    await shot(sup.page, 'lifecycle-approvals.png');
    await sec.locator('input[value="approve"]').check();
    await sec.locator(named('comment')).fill(V.comment);
    await Promise.all([
      sup.page.waitForURL((u) => new URL(u).pathname === '/approvals'),
      sec.locator('[type="submit"]').click(),
    ]);
    check(await sup.page.locator('section.approval', { hasText: V.family }).count() === 0,
      'once decided, it leaves the list');

    // The caseworker sees the case move on, and the decision.
    await page.goto(`${BASE}/cases/${cid}`);
    check(await fieldText(page, 'state') === 'Travel preparation',
      'the approved return moves the case to travel preparation',
      await fieldText(page, 'state'));
    const hist = page.locator('table.history');
    check((await hist.textContent()).includes(V.comment),
      'the history shows the supervisor\'s comment');
    check((await hist.locator('tr.h-decision').count()) === 1,
      'the history shows the decision');
    await hist.scrollIntoViewIfNeeded();
    await shot(page, 'lifecycle-case-history.png');
    // The one refusal above is a 422 page on purpose.
    const unexpected = problems.filter((m) => !/status of 422/.test(m));
    check(unexpected.length === 0 && problems.length === 1,
      'no console errors on the pages but the deliberate 422', problems.join('\n'));
  } catch (e) {
    check(false, `lifecycle flow raised ${e.name}: ${e.message.split('\n')[0]}`, e.stack);
    try {
      await shot(page, 'lifecycle-failure.png');
      console.log(`# at ${page.url()}`);
    } catch (_) { /* the page may be gone */ }
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  check(false, `browser could not run: ${e.message.split('\n')[0]}`, e.stack);
}
finish();

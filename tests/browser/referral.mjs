// casebook browser test: a referral from end to end in headless
// chromium. The caseworker records the person's consent (a refused
// first try keeps what was typed) and sends a referral from the case
// page; the partner finds it in its inbox, reads the package, accepts it
// and reports a service delivered; the caseworker sees the answer and
// the service on the case page. Screenshots of each side. env and
// output as intake.mjs.
import {
  BASE, check, context, fieldText, finish, launch, login, named,
  recordSecrets, shot, demoPassword,
} from './lib/common.mjs';

const TODAY = new Date().toISOString().slice(0, 10);
const NEXT_YEAR = new Date(Date.now() + 365 * 86400e3).toISOString().slice(0, 10);
const TAG = Math.random().toString(36).slice(2, 8).replace(/[0-9a-f]/g, 'x');
const ORG = 'Centre for Social Work Sarajevo';
const V = {
  given: 'Nadia',
  family: `Karimi ${TAG}`,
  purpose: `Safe accommodation on arrival ${TAG}`,
  note: `Arrives on the evening bus ${TAG}`,
  answer: `We have a room from Monday ${TAG}`,
  service: `Room given, key handed over ${TAG}`,
};

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
      case_type: 'CT', consent_data_processing: true,
      person: { given_name: V.given, family_name: V.family, citizenship: 'AF' },
    }),
  });
  check(r.status === 201, 'a case registered for the referral', r.status);
  return (await r.json()).id;
}

async function submit(page, form) {
  await Promise.all([
    page.waitForEvent('load'),
    form.locator('[type="submit"]').first().click(),
  ]);
}

async function main() {
  recordSecrets([V.family, V.purpose, V.note, V.answer, V.service]);
  const cid = await newCase();
  const browser = await launch();
  const problems = [];
  const cw = await context(browser, problems);
  const pa = await context(browser, problems);
  const page = cw.page;
  const pp = pa.page;

  try {
    await login(page, 'caseworker');
    await page.goto(`${BASE}/cases/${cid}`);
    await Promise.all([
      page.waitForURL((u) => new URL(u).pathname.endsWith('/consents/new')),
      page.locator(`a[href="/cases/${cid}/consents/new"]`).first().click(),
    ]);

    // The consent, first without its purpose: refused, input kept.
    let form = page.locator(`form[action="/cases/${cid}/consents/new"]`);
    const org = form.locator('select[name="organisation_id"] option', { hasText: ORG });
    await form.locator('select[name="organisation_id"]')
      .selectOption(await org.first().getAttribute('value'));
    await form.locator(`${named('data_categories')}[value="identity"]`).check();
    await form.locator(`${named('data_categories')}[value="contact"]`).check();
    await form.locator(`${named('data_categories')}[value="case_summary"]`).check();
    await form.locator(named('valid_until')).fill(NEXT_YEAR);
    await form.locator(named('method')).selectOption('signed');
    await form.locator(named('language')).fill('fa');
    await submit(page, form);
    const purpose = page.locator(named('purpose'));
    check(await purpose.getAttribute('aria-invalid') === 'true',
      'a consent without its purpose is refused, the purpose marked');
    check(await page.locator('#err-purpose').count() === 1,
      'the error stands next to the purpose');
    check(await page.locator(`${named('data_categories')}[value="contact"]`).isChecked()
      && await page.locator(named('valid_until')).inputValue() === NEXT_YEAR,
      'what was typed is kept');
    await shot(page, 'referral-consent-refused.png');
    await purpose.fill(V.purpose);
    form = page.locator(`form[action="/cases/${cid}/consents/new"]`);
    await submit(page, form);
    check(new URL(page.url()).pathname === `/cases/${cid}`,
      'the consent is recorded and the case page shown', page.url());
    check((await page.content()).includes(V.purpose), 'the case page shows the consent');

    // The referral.
    await Promise.all([
      page.waitForURL((u) => new URL(u).pathname.endsWith('/referrals/new')),
      page.locator(`a[href="/cases/${cid}/referrals/new"]`).first().click(),
    ]);
    form = page.locator(`form[action="/cases/${cid}/referrals/new"]`);
    await form.locator('select[name="consent_id"]').selectOption({ index: 1 });
    await form.locator(named('reason')).selectOption('AdditionalServicesRequired');
    await form.locator(`${named('services')}[value="shelter"]`).check();
    await form.locator(named('note')).fill(V.note);
    await submit(page, form);
    const ref = page.locator('div.referral').first();
    check(await ref.count() === 1, 'the referral is on the case page', page.url());
    const rid = await ref.getAttribute('data-referral');
    check(await ref.getAttribute('data-status') === 'sent', 'the referral is sent',
      await ref.getAttribute('data-status'));
    await ref.scrollIntoViewIfNeeded();
    await shot(page, 'referral-case-sent.png');

    // The partner's side.
    await login(pp, 'partner');
    check(new URL(pp.url()).pathname === '/', 'the partner lands on its inbox', pp.url());
    const row = pp.locator(`tr[data-referral="${rid}"]`);
    check(await row.count() === 1, 'the inbox lists the referral');
    const inbox = await pp.content();
    check(!inbox.includes(V.family) && !inbox.includes(V.note),
      'the inbox names nobody');
    await shot(pp, 'referral-partner-inbox.png');
    await Promise.all([
      pp.waitForURL((u) => new URL(u).pathname === `/referrals/${rid}`),
      row.locator(`a[href="/referrals/${rid}"]`).click(),
    ]);
    let pkg = await pp.content();
    check(pkg.includes(V.family), 'the package shows the person (identity shared)');
    check(!pkg.includes(V.note) && !pkg.includes(V.purpose),
      'the package carries nothing the consent does not cover');
    await shot(pp, 'referral-partner-package.png');

    form = pp.locator('#response-form');
    await form.locator(named('decision')).selectOption('accept');
    await form.locator(named('reason')).fill(V.answer);
    await submit(pp, form);
    form = pp.locator('#update-form');
    check(await form.count() === 1, 'once accepted, the partner may report services');
    await form.locator(named('service')).selectOption('shelter');
    await form.locator(named('status')).selectOption('delivered');
    await form.locator(named('date')).fill(TODAY);
    await form.locator(named('note')).fill(V.service);
    await submit(pp, form);
    const upd = pp.locator('tr[data-update]');
    check(await upd.count() === 1, 'the service reported is listed', await upd.count());
    check(await fieldText(pp, 'note') === V.service, 'with its note');
    await shot(pp, 'referral-partner-reported.png');

    // Back to the case team.
    await page.goto(`${BASE}/cases/${cid}`);
    const after = page.locator(`#referral-${rid}`);
    check(await after.getAttribute('data-status') === 'accepted',
      'the caseworker sees the referral accepted', await after.getAttribute('data-status'));
    const text = await after.textContent();
    check(text.includes(V.answer) && text.includes(V.service),
      'with the partner\'s answer and the service delivered');
    await after.scrollIntoViewIfNeeded();
    await shot(page, 'referral-case-accepted.png');
    // The one refusal above is a 422 page on purpose.
    const unexpected = problems.filter((m) => !/status of 422/.test(m));
    check(unexpected.length === 0 && problems.length === 1,
      'no console errors on the pages but the deliberate 422', problems.join('\n'));
  } catch (e) {
    check(false, `referral flow raised ${e.name}: ${e.message.split('\n')[0]}`, e.stack);
    try {
      await shot(page, 'referral-failure-cw.png');
      await shot(pp, 'referral-failure-partner.png');
      console.log(`# at ${page.url()} / ${pp.url()}`);
    } catch (_) { /* the page may be gone */ }
  } finally {
    await browser.close();
  }
  finish();
}

main();

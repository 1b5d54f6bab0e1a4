// casebook browser test: Debian's chromium, driven headless by
// playwright-core (never a downloaded browser), logs in as the demo
// caseworker, fills the intake form and sees the case page.
//
// env: CB_BASE_URL (http://127.0.0.1:PORT), CB_TEST_OUT (screenshots,
// default <top>/obj/test-output), CB_STATE_DIR (default <top>/var: the
// demo user's password is read from demo-passwords there, and the
// values it typed are appended to secrets.txt), CHROMIUM (default
// /usr/bin/chromium).
// Prints "ok - browser: ..." / "not ok - browser: ..." lines; exits
// non-zero on any failure.
import { join } from 'node:path';
import {
  BASE, OUT, check, context, fieldText, finish, launch, login, named,
  recordSecrets,
} from './lib/common.mjs';

const USER = 'caseworker';
const V = {
  given: 'Амина',
  family: 'Hadžić',
  original: 'أمينة',
  dob: '1990-05-17',
  gender: 'Feminine',
  citizenship: 'SY',
  phone: '+38761111222',
  document: 'SY7654321',
  languages: ['ar', 'en'],
};

async function setControl(page, name, value) {
  const loc = page.locator(named(name)).first();
  const tag = await loc.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') await loc.selectOption(value);
  else await loc.fill(value);
}

async function main() {
  recordSecrets([V.given, V.family, V.original, V.dob, V.phone, V.document]);
  const browser = await launch();
  const problems = [];
  const { page } = await context(browser, problems);

  try {
    const sess = await login(page, USER);
    check(new URL(page.url()).pathname === '/', 'login lands on the home page (/)', page.url());
    check(await page.locator('h1').first().textContent() === 'My work',
      "the caseworker's home shows their work");
    check(sess && sess.httpOnly && sess.sameSite === 'Strict',
      'cb_session cookie is HttpOnly and SameSite=Strict', JSON.stringify(sess && {
        httpOnly: sess.httpOnly, sameSite: sess.sameSite }));
    let resp;

    // Fill the intake form.
    resp = await page.goto(`${BASE}/cases/new`);
    check(resp && resp.status() === 200, 'GET /cases/new -> 200', resp && resp.status());
    await setControl(page, 'case_type', 'AVRR');
    await page.locator(named('consent_data_processing')).check();
    await setControl(page, 'person.given_name', V.given);
    await setControl(page, 'person.family_name', V.family);
    await setControl(page, 'person.name_original_script', V.original);
    await setControl(page, 'person.date_of_birth', V.dob);
    await setControl(page, 'person.gender', V.gender);
    // Countries and languages are chosen by name; the codes are posted.
    await page.locator(named('person.citizenship')).selectOption({ label: 'Syria' });
    check(await page.locator(named('person.citizenship')).inputValue() === V.citizenship,
      'choosing "Syria" sets the code SY');
    await setControl(page, 'person.phone', V.phone);
    await setControl(page, 'person.document_number', V.document);
    await page.locator(named('person.languages')).selectOption(
      [{ label: 'Arabic' }, { label: 'English' }]);
    const langs = await page.locator(named('person.languages')).evaluate(
      (el) => Array.from(el.selectedOptions).map((o) => o.value).sort().join(','));
    check(langs === V.languages.join(','), 'choosing Arabic and English selects ar, en', langs);
    const typed = await page.locator(named('person.given_name')).inputValue();
    check(typed === V.given, 'the form holds the typed given name', typed);
    await page.screenshot({ path: join(OUT, 'intake-form.png'), fullPage: true });
    check(true, `screenshot ${join(OUT, 'intake-form.png')}`);

    // Submit and see the case page.
    await Promise.all([
      page.waitForURL((u) => /^\/cases\/[0-9a-f-]{36}$/.test(new URL(u).pathname)),
      page.locator('form[action="/cases/new"] [type="submit"]').first().click(),
    ]);
    check(/^\/cases\/[0-9a-f-]{36}$/.test(new URL(page.url()).pathname),
      'submitting the intake form lands on /cases/<uuid>', page.url());
    const given = await fieldText(page, 'person.given_name');
    check(given === V.given, 'case page shows data-field person.given_name "Амина"', given);
    const family = await fieldText(page, 'person.family_name');
    check(family === V.family, 'case page shows family name "Hadžić"', family);
    const original = await fieldText(page, 'person.name_original_script');
    check(original === V.original, 'case page shows the Arabic original-script name', original);
    const doc = await fieldText(page, 'person.document_number');
    check(doc === V.document, 'case page shows the document number', doc);
    const cit = await fieldText(page, 'person.citizenship');
    check(cit === 'Syria', 'case page shows the citizenship by name', cit);
    const spoken = await fieldText(page, 'person.languages');
    check(spoken === 'Arabic, English', 'case page shows the languages by name', spoken);
    await page.screenshot({ path: join(OUT, 'case-page.png'), fullPage: true });
    check(true, `screenshot ${join(OUT, 'case-page.png')}`);
    check(problems.length === 0, 'no console errors or CSP violations on the pages',
      problems.join('\n'));
  } catch (e) {
    check(false, `browser flow raised ${e.name}: ${e.message.split('\n')[0]}`, e.stack);
    try {
      await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true });
      console.log(`# failure screenshot: ${join(OUT, 'failure.png')} (at ${page.url()})`);
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

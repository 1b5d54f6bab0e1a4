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
import { chromium } from 'playwright-core';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.CB_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const OUT = process.env.CB_TEST_OUT || resolve(HERE, '..', '..', 'obj', 'test-output');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;

const STATE = process.env.CB_STATE_DIR || resolve(HERE, '..', '..', 'var');

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
  languages: 'ar, en',
};

let passed = 0;
let failed = 0;

function check(cond, desc, detail) {
  if (cond) {
    passed++;
    console.log(`ok - browser: ${desc}`);
  } else {
    failed++;
    console.log(`not ok - browser: ${desc}`);
    if (detail !== undefined) {
      // eslint-disable-next-line no-control-regex
      const plain = String(detail).replace(/\x1b\[[0-9;]*m/g, '');
      for (const line of plain.split('\n').slice(0, 12))
        console.log(`#   ${line.slice(0, 400)}`);
    }
  }
  return cond;
}

// The random password scripts/demo.sh gave a demo user
// ("username<TAB>password" lines).
function demoPassword(user) {
  const path = join(STATE, 'demo-passwords');
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0 && line.slice(0, tab) === user && tab + 1 < line.length)
      return line.slice(tab + 1);
  }
  throw new Error(`no password for ${user} in ${path}`);
}

function recordSecrets() {
  const dir = process.env.CB_STATE_DIR;
  if (!dir) return;
  const lines = [];
  for (const v of [V.given, V.family, V.original, V.dob, V.phone, V.document]) {
    lines.push(v);
    lines.push(Buffer.from(v, 'utf8').toString('hex'));
  }
  appendFileSync(join(dir, 'secrets.txt'), lines.join('\n') + '\n');
}

// The control named `name` (inputs are named like the API's dotted
// fields, so the name is quoted in the selector).
const named = (name) => `[name="${name}"]`;

async function setControl(page, name, value) {
  const loc = page.locator(named(name)).first();
  const tag = await loc.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') await loc.selectOption(value);
  else await loc.fill(value);
}

async function fieldText(page, field) {
  const loc = page.locator(`[data-field="${field}"]`).first();
  if ((await loc.count()) === 0) return null;
  return (await loc.textContent()).trim();
}

async function main() {
  const password = demoPassword(USER);
  mkdirSync(OUT, { recursive: true });
  recordSecrets();

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
  check(true, `chromium ${browser.version()} launched headless`);
  const context = await browser.newContext({ locale: 'en-GB' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // Chromium asks for /favicon.ico by itself; a 404 there is no fault.
    const where = (m.location() && m.location().url) || '';
    if (m.type() === 'error' && !/favicon/i.test(m.text() + where))
      problems.push(`${m.text()} (${where || page.url()})`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));

  try {
    // Log in.
    let resp = await page.goto(`${BASE}/login`);
    check(resp && resp.status() === 200, 'GET /login -> 200', resp && resp.status());
    await page.locator(named('username')).fill(USER);
    await page.locator(named('password')).fill(password);
    await Promise.all([
      page.waitForURL((u) => new URL(u).pathname === '/cases'),
      page.locator('form[action="/login"] [type="submit"]').first().click(),
    ]);
    check(new URL(page.url()).pathname === '/cases', 'login lands on /cases', page.url());
    const cookies = await context.cookies(BASE);
    const sess = cookies.find((c) => c.name === 'cb_session');
    check(sess && sess.httpOnly && sess.sameSite === 'Strict',
      'cb_session cookie is HttpOnly and SameSite=Strict', JSON.stringify(sess && {
        httpOnly: sess.httpOnly, sameSite: sess.sameSite }));
    if (sess && process.env.CB_STATE_DIR)
      appendFileSync(join(process.env.CB_STATE_DIR, 'secrets.txt'), sess.value + '\n');

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
    await setControl(page, 'person.citizenship', V.citizenship);
    await setControl(page, 'person.phone', V.phone);
    await setControl(page, 'person.document_number', V.document);
    await setControl(page, 'person.languages', V.languages);
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
console.log(`# browser: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

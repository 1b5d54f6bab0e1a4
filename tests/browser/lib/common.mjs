// What the browser tests share: where the server and the outputs are,
// TAP-like checks, the demo users' passwords, recording the secrets a
// test types, launching Debian's chromium headless, logging in.
import { chromium } from 'playwright-core';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const BASE = (process.env.CB_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const OUT = process.env.CB_TEST_OUT || resolve(HERE, '..', '..', '..', 'obj', 'test-output');
export const STATE = process.env.CB_STATE_DIR || resolve(HERE, '..', '..', '..', 'var');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const TIMEOUT = 15000;

const counts = { passed: 0, failed: 0 };

export function check(cond, desc, detail) {
  if (cond) {
    counts.passed++;
    console.log(`ok - browser: ${desc}`);
  } else {
    counts.failed++;
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
export function demoPassword(user) {
  const path = join(STATE, 'demo-passwords');
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0 && line.slice(0, tab) === user && tab + 1 < line.length)
      return line.slice(tab + 1);
  }
  throw new Error(`no password for ${user} in ${path}`);
}

// Values that must never reach the database, a log or a dump in the
// clear (e2e/run.sh searches for them), with their hex forms.
export function recordSecrets(values, hex = true) {
  const dir = process.env.CB_STATE_DIR;
  if (!dir) return;
  const lines = [];
  for (const v of values) {
    lines.push(v);
    if (hex) lines.push(Buffer.from(v, 'utf8').toString('hex'));
  }
  appendFileSync(join(dir, 'secrets.txt'), lines.join('\n') + '\n');
}

export async function launch() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
  check(true, `chromium ${browser.version()} launched headless`);
  return browser;
}

// A new context with its own cookies, and the console errors of its
// pages collected in problems.
export async function context(browser, problems, extra = {}) {
  const ctx = await browser.newContext({ locale: 'en-GB', ...extra });
  ctx.setDefaultTimeout(TIMEOUT);
  const page = await ctx.newPage();
  page.on('console', (m) => {
    // Chromium asks for /favicon.ico by itself; a 404 there is no fault.
    const where = (m.location() && m.location().url) || '';
    if (m.type() === 'error' && !/favicon/i.test(m.text() + where))
      problems.push(`${m.text()} (${where || page.url()})`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { ctx, page };
}

export const named = (name) => `[name="${name}"]`;

// Logs page in as user through the form; lands where the role's home is.
export async function login(page, user, password) {
  const resp = await page.goto(`${BASE}/login`);
  check(resp && resp.status() === 200, `${user}: GET /login -> 200`, resp && resp.status());
  await page.locator(named('username')).fill(user);
  await page.locator(named('password')).fill(password || demoPassword(user));
  await Promise.all([
    page.waitForURL((u) => new URL(u).pathname !== '/login'),
    page.locator('form[action="/login"] [type="submit"]').first().click(),
  ]);
  const cookies = await page.context().cookies(BASE);
  const sess = cookies.find((c) => c.name === 'cb_session');
  if (sess) recordSecrets([sess.value], false);
  return sess;
}

export async function shot(page, name) {
  const path = join(OUT, name);
  await page.screenshot({ path, fullPage: true });
  check(true, `screenshot ${path}`);
}

export async function fieldText(page, field) {
  const loc = page.locator(`[data-field="${field}"]`).first();
  if ((await loc.count()) === 0) return null;
  return (await loc.textContent()).trim();
}

export function finish() {
  console.log(`# browser: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed > 0 || counts.passed === 0 ? 1 : 0);
}

// Runs one flow: launches chromium, gives the flow a fresh page and the
// list of console problems, reports an exception (with a screenshot
// <name>-failure.png), closes the browser and ends with the summary.
export async function runFlow(name, flow) {
  try {
    const browser = await launch();
    const problems = [];
    const { page } = await context(browser, problems);
    try {
      await flow(page, problems);
    } catch (e) {
      check(false, `${name} flow raised ${e.name}: ${e.message.split('\n')[0]}`, e.stack);
      try {
        await shot(page, `${name}-failure.png`);
        console.log(`# at ${page.url()}`);
      } catch (_) { /* the page may be gone */ }
    } finally {
      await browser.close();
    }
  } catch (e) {
    check(false, `browser could not run: ${e.message.split('\n')[0]}`, e.stack);
  }
  finish();
}

// casebook browser test: accessibility. Every page type, for every role
// that reaches it, is checked with axe-core (WCAG 2 A/AA rules) and
// fails on any serious or critical violation; and at 360 px wide no page
// scrolls sideways. The pages' own CSP forbids scripts, so axe is
// injected with the CSP bypassed in this context only.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  BASE, check, context, demoPassword, finish, launch, login,
} from './lib/common.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const AXE = join(HERE, 'node_modules', 'axe-core', 'axe.min.js');

async function api(path, token, body) {
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return r.json();
}

async function audit(page, what) {
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
      'best-practice'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe: no serious or critical violation on ${what}`,
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3)
      .map((n) => n.target.join(' ')).join('; ')})`).join('\n'));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 362, `${what} fits 360 px without scrolling sideways (${wide})`);
}

async function visit(page, path, what) {
  const resp = await page.goto(`${BASE}${path}`);
  check(resp && resp.status() < 500, `${what}: ${path} answers (${resp && resp.status()})`);
  await audit(page, what);
}

async function main() {
  const { token } = await api('/session', null, {
    username: 'caseworker', password: demoPassword('caseworker') });
  const c = await api('/cases', token, {
    case_type: 'AVRR', consent_data_processing: true,
    person: { given_name: 'Axe', family_name: 'Checker', citizenship: 'BA' },
  });
  const browser = await launch();
  const problems = [];
  const pages = {
    caseworker: ['/', '/cases', '/cases/new', '/search', `/cases/${c.id}`,
      '/approvals', `/cases/${c.id}/assistance/new`, '/no-such-page'],
    supervisor: ['/', '/cases', `/cases/${c.id}`, '/approvals'],
    partner: ['/'],
    auditor: ['/', '/audit'],
    admin: ['/', '/audit'],
  };
  try {
    const anon = await context(browser, problems, { bypassCSP: true,
      viewport: { width: 360, height: 740 } });
    await visit(anon.page, '/login', 'the login page');
    await anon.ctx.close();
    for (const [role, paths] of Object.entries(pages)) {
      const { ctx, page } = await context(browser, problems, { bypassCSP: true,
        viewport: { width: 360, height: 740 } });
      await login(page, role);
      for (const p of paths)
        await visit(page, p, `${role} ${p.replace(/[0-9a-f-]{36}/, '{id}')}`);
      await ctx.close();
    }
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  check(false, `a11y could not run: ${e.message.split('\n')[0]}`, e.stack);
}
finish();

// casebook browser test: an auditor's statistics in headless chromium.
// The auditor logs in, lands on the statistics form (its home), chooses
// two dimensions and a filter by their labels, sees the cross table and
// its chart (small multiples, suppressed counts marked as such), checks
// the page's numbers against the API's, downloads the CSV through the
// page's link and reads it, and opens the audit log, where the query is
// an entry. Screenshots: the table with its chart, the audit log.
// env and output as intake.mjs.
import { readFileSync } from 'node:fs';
import {
  BASE, check, demoPassword, login, named, runFlow, shot,
} from './lib/common.mjs';

async function apiToken(user) {
  const r = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: demoPassword(user) }),
  });
  return (await r.json()).token;
}

await runFlow('stats', async (page, problems) => {
  await login(page, 'auditor');
  check(new URL(page.url()).pathname === '/', 'the auditor lands on /');
  check(await page.locator('h1').textContent() === 'Statistics',
    'the auditor\'s home is the statistics page');
  const dims = page.locator(named('dims'));
  check(await dims.count() === 4, 'four dimension choices');
  // By label, as a person reads them.
  await dims.nth(0).selectOption({ label: 'Gender' });
  await dims.nth(1).selectOption({ label: 'Case type' });
  await page.locator('#f-stage').selectOption({ label: 'Intake' });
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('form.stats [type="submit"]').click(),
  ]);
  const url = new URL(page.url());
  check(url.searchParams.getAll('dims').includes('gender') &&
    url.searchParams.get('stage') === 'intake',
  'the form asks for gender by case type, at intake', page.url());
  const table = page.locator('table.stats.cross');
  check(await table.count() === 1, 'a cross table');
  const svg = page.locator('svg.stats-chart');
  check(await svg.count() === 1, 'a chart beside it');
  check((await svg.getAttribute('role')) === 'img' &&
    (await svg.locator('title').first().textContent()).startsWith('Cases by'),
  'the chart is an image with a title');
  const panels = await svg.locator('g.panel').count();
  check(panels >= 1, `small multiples: ${panels} panel(s)`);

  // The page's numbers are the API's.
  const tok = await apiToken('auditor');
  const q = url.search.slice(1);
  const r = await fetch(`${BASE}/api/v1/stats?dims=gender,case_type&stage=intake`,
    { headers: { Authorization: `Bearer ${tok}` } });
  const j = await r.json();
  let same = true;
  for (const c of j.cells) {
    const f = `cell|${c.gender || '-'}|${c.case_type || '-'}`;
    const want = c.count === null ? 'suppressed' : String(c.count);
    const got = (await page.locator(`[data-field="${f}"]`).textContent()).trim();
    if (got !== want) same = false;
  }
  check(same && j.cells.length > 0, `the page shows the API's ${j.cells.length} cells`, q);
  const sup = j.cells.filter((c) => c.count === null).length;
  check((await page.locator('td.suppressed').count()) >= sup,
    `suppressed counts read "suppressed" (${sup})`);
  await table.scrollIntoViewIfNeeded();
  await shot(page, 'stats-table-chart.png');

  // The CSV, through the page's link.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('a.csv').click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.split('\r\n');
  check(lines[0] === 'gender,caseType,count,suppressed',
    'the CSV starts with its header row', lines[0]);
  check(lines.length - 2 >= j.cells.length &&
    lines.some((l) => l.startsWith('Total,Total,')),
  `the CSV holds the cells, margins and total (${lines.length - 2} rows)`);
  check(download.suggestedFilename() === 'casebook-statistics.csv',
    'named casebook-statistics.csv', download.suggestedFilename());

  // The audit log shows the query (field names only).
  // Entries show once chained (a fraction of a second).
  let log = '';
  for (let i = 0; i < 20 && !log.includes('filter.stage'); i++) {
    await page.goto(`${BASE}/audit/log?actor=auditor&limit=20`);
    log = await page.locator('main').textContent();
    if (!log.includes('filter.stage')) await page.waitForTimeout(300);
  }
  check(log.includes('stats.query') && log.includes('dims.gender') &&
    log.includes('filter.stage'), 'the audit log lists the query');
  await shot(page, 'stats-audit-log.png');
  check(problems.length === 0, 'no console errors', problems.join('\n'));
});

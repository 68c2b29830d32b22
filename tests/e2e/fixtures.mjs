// Shared fixtures: every test fails on a console error or a page error, and on any request that
// leaves the page's own origin (such requests are aborted and recorded).
import { test as base, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli_path = resolve(process.env.HEADROOM_CLI ?? join(repo, 'build', 'native-cli', 'headroom'));
if (!existsSync(cli_path)) throw new Error(`the e2e tests compare the page with the native CLI: build it first (${cli_path}, or set HEADROOM_CLI)`);

export const test = base.extend({
  guard: [async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL).origin;
    const problems = [];
    const external = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
    await use({ problems, external });
    expect(external, 'requests that left the origin').toEqual([]);
    expect(problems, 'console errors / page errors / dialogs').toEqual([]);
  }, { auto: true }],
});
export { expect };

// Open the page and wait for the first computed result.
export async function open(page, query = '') {
  await page.goto(query ? `./?${query}` : './');
  await page.locator('[data-report="memory.total_bytes"]').first().waitFor();
}

// Every number the page shows from the report: [[path, raw value]].
export async function page_numbers(page) {
  return page.$$eval('[data-report]', (els) => els.map((e) => [e.getAttribute('data-report'), e.getAttribute('data-value')]));
}

export function get_path(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

// The CLI's report for a scenario given as URL-style key/values.
let tmp = null;
export function cli_report(params, command = 'size') {
  const args = [command];
  for (const [k, v] of Object.entries(params)) {
    if (k === 'config') {
      tmp ??= mkdtempSync(join(tmpdir(), 'headroom-e2e-'));
      const f = join(tmp, `config-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(f, v);
      args.push('--config', f);
    } else args.push(`--${k.replaceAll('_', '-')}`, String(v));
  }
  args.push('--json');
  const r = spawnSync(cli_path, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`headroom ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// The page's numbers must equal the CLI's, exactly: where [path, raw] pairs disagree with a report, [] when none.
function disagreements(numbers, report) {
  if (numbers.length <= 3) return ['only ' + numbers.length + ' numbers on the page'];
  const out = [];
  for (const [path, raw] of numbers) {
    const want = get_path(report, path);
    if (want === undefined) out.push(`CLI report has no ${path}`);
    else if (typeof want === 'number' ? !Object.is(Number(raw), want) : raw !== String(want)) out.push(`${path}: page ${raw}, CLI ${want}`);
  }
  return out;
}
// Now (expect_same), or polled until they agree (expect_page_numbers: the page renders a change in a later frame and
// its searches after a pause; a fixed wait was too short on a loaded 2-core machine).
export async function expect_page_numbers(page, report, timeout = 10_000) {
  await expect.poll(async () => disagreements(await page_numbers(page), report), { timeout }).toEqual([]);
}

export function expect_same(numbers, report) {
  expect(disagreements(numbers, report)).toEqual([]);
}

// The default view loads no wasm module: its calls are the build's answers (data/answers.json, written by
// scripts/prerender-page.mjs with the native core; wasm/test/answers.test.mjs checks each against the module).
// Each view here fails if the page asks anything the answers do not hold (the module would be fetched).
import { test, expect, open } from './fixtures.mjs';

const MODULE = /\/(headroom\.wasm|headroom\.mjs|js\/core-worker\.js)$/;

for (const [query, verdict] of [['', 'Fits'], ['lang=zh', '装得下'], ['embed=1', 'Fits'], ['lang=zh&embed=1', '装得下']]) {
  test(`the default view ${query || '(English)'} shows every section without the module`, async ({ page }) => {
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await open(page, query);
    await page.waitForFunction(() => performance.getEntriesByName('headroom:interactive').length > 0);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('.verdict-word')).toHaveText(verdict);
    if (!query.includes('embed')) {
      // The background sections (recommendations, quant ladder, speed chart) come from the answers too.
      await expect(page.locator('#sec-recs li').first()).toBeVisible();
      await expect(page.locator('#sec-ladder tbody tr').first()).toBeVisible();
    }
    await page.waitForTimeout(500);
    expect(requests.filter((p) => MODULE.test(p)), 'module requests on a default view').toEqual([]);
  });
}

test('moving to the form loads the module before the first key; the key computes', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await open(page);
  await page.waitForFunction(() => performance.getEntriesByName('headroom:interactive').length > 0);
  expect(requests.filter((p) => MODULE.test(p))).toEqual([]);
  const field = page.getByRole('spinbutton', { name: 'Context length' });
  await field.hover();
  await expect.poll(() => requests.filter((p) => MODULE.test(p)).length, { message: 'the module is fetched when the pointer reaches the form' }).toBeGreaterThan(0);
  await field.fill('65536');
  await expect(page.locator('[data-report="memory.kv_cache_bytes"]').first()).toHaveAttribute('data-value', '8589934592');
});

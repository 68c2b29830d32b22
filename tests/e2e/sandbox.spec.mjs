// Embed mode inside a sandboxed iframe, as a blog would include it: it computes, and it reports its
// height to the embedding page.
import { test, expect } from './fixtures.mjs';

test('embed works in a sandboxed iframe and posts its height', async ({ page, baseURL }) => {
  const src = new URL('./?embed=1&model=qwen2.5-7b', baseURL).href;
  await page.setContent(`<!doctype html><meta charset="utf-8"><title>blog</title>
    <p>An article.</p>
    <iframe id="calc" sandbox="allow-scripts allow-same-origin allow-popups" src="${src}" style="width:360px;height:400px;border:0"></iframe>`);
  const heights = page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', (e) => { if (typeof e.data === 'object' && e.data) resolve(JSON.stringify(e.data)); });
  }));
  const frame = page.frameLocator('#calc');
  await expect(frame.locator('[data-report="memory.total_bytes"]').first()).toBeVisible();
  await expect(frame.locator('[data-report="model.params_total"], [data-report="memory.weights_bytes"]').first()).toBeAttached();
  expect(await heights).toMatch(/height/i);
});

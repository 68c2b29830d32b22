// Embed mode inside a sandboxed iframe, as a blog would include it: it computes, and it reports its
// height to the embedding page.
import { test, expect } from './fixtures.mjs';

test('embed works in a sandboxed iframe and posts its height', async ({ page, baseURL }) => {
  const src = new URL('./?embed=1&model=qwen2.5-7b', baseURL).href;
  await page.setContent('<!doctype html><meta charset="utf-8"><title>blog</title><p>An article.</p>');
  // Listen before the frame exists, so no message can arrive unheard.
  await page.evaluate((url) => {
    window.messages = [];
    window.addEventListener('message', (e) => window.messages.push(JSON.stringify(e.data)));
    const f = document.createElement('iframe');
    f.id = 'calc';
    f.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups');
    f.src = url;
    f.style.cssText = 'width:360px;height:400px;border:0';
    document.body.append(f);
  }, src);
  const frame = page.frameLocator('#calc');
  await expect(frame.locator('[data-report="memory.total_bytes"]').first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.messages.join(' '))).toMatch(/height/i);
});

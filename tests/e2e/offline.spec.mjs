// Offline: after one visit the service worker (web/sw.js) lets the calculator reload with no network.
import { test, expect, open } from './fixtures.mjs';

test.use({ serviceWorkers: 'allow' });

test('reloads and computes with the network off', async ({ page, context }) => {
  await open(page);
  // The service worker registers once the module is loaded (a visit that only reads the default result, from the
  // build's answers, caches nothing): moving to the form loads it.
  await page.getByRole('spinbutton', { name: 'Context length' }).hover();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    // wait until the precache holds the module, and the worker controls this page (clients.claim): the first visit's
    // own later requests (a worker's scripts, the module's glue on this thread) then fall back to the cache too,
    // instead of failing on the network
    for (let i = 0; i < 100 && !(await caches.match('headroom.wasm') && navigator.serviceWorker.controller); i++) await new Promise((r) => setTimeout(r, 50));
  });
  await context.setOffline(true);
  await page.reload();
  await page.locator('[data-report="memory.total_bytes"]').first().waitFor();
  await page.getByRole('spinbutton', { name: 'Context length' }).fill('32768');
  await expect(page.locator('[data-report="memory.kv_cache_bytes"]').first()).toHaveAttribute('data-value', '4294967296');
  await context.setOffline(false);
});

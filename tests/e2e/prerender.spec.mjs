// The build renders the default scenario's result into index.html with the native CLI
// (scripts/prerender-page.mjs), so it paints with the first frame; the page then renders the same report
// over it (the build's answer for the default view, data/answers.json; the module for any other). Both must be
// the same, to the byte, and the module's report the same as the native one.
import { test, expect, open } from './fixtures.mjs';

// #results and the phone's verdict bar at the moment app.js has rendered its first result.
function capture_first_render() {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    if (name === 'headroom:first-result') {
      window.first_render = { results: document.getElementById('results').innerHTML, mini: document.getElementById('mini-verdict').innerHTML };
    }
    return mark(name, ...rest);
  };
}

test('the prerendered default result is what the wasm module renders', async ({ page }) => {
  await page.addInitScript(capture_first_render);
  await open(page);
  await page.waitForFunction(() => window.first_render);
  const got = await page.evaluate(async () => {
    const raw = await (await fetch('index.html')).text();
    const doc = new DOMParser().parseFromString(raw, 'text/html');
    // The prerender's widths and offsets are rules of one <style> element (the policy allows no
    // style attributes in markup); put them back on their elements to compare with the live render.
    const css = doc.getElementById('prerender-style')?.textContent ?? '';
    for (const [, sel, decl] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) doc.querySelector(sel).style.cssText = decl;
    const report = await (await fetch('prerender.json')).text();
    return {
      results: doc.getElementById('results').innerHTML, mini: doc.getElementById('mini-verdict').innerHTML,
      mini_hidden: doc.getElementById('mini-verdict').hidden,
      prerendered_report: JSON.stringify(JSON.parse(report)),
      // ' {}': the default scenario, as a call the build's answers (data/answers.json: '{}') do not hold, so the
      // module computes it.
      wasm_report: JSON.stringify(JSON.parse(await window.headroom_app.hr.evaluate(' {}')).report),
      style_left: !!document.getElementById('prerender-style'),
    };
  });
  const first = await page.evaluate(() => window.first_render);
  expect(got.results).toContain('data-report="fit.headroom_bytes"');
  expect(got.mini_hidden).toBe(false);
  expect(got.prerendered_report, 'the native CLI and the wasm module give the same default report').toBe(got.wasm_report);
  expect(got.results, 'the prerendered #results equals the wasm render').toBe(first.results);
  expect(got.mini).toBe(first.mini);
  expect(got.style_left, 'the prerender style is removed when the module takes over').toBe(false);
});

test('the prerendered result is on screen before the module loads; another link hides it', async ({ page }) => {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/headroom.wasm', async (route) => { await held; await route.continue().catch(() => {}); });
  await page.goto('./');
  await expect(page.locator('.verdict-word')).toHaveText('Fits');
  await expect(page.locator('[data-report="memory.total_bytes"]').first()).toBeVisible();
  const shown = await page.locator('[data-report="memory.total_bytes"]').first().getAttribute('data-value');
  // A link to another scenario, or another language, does not flash the default result (the Chinese page's comes
  // from the build's answers: held too).
  const other = await page.context().newPage();
  await other.route('**/headroom.wasm', async (route) => { await held; await route.continue().catch(() => {}); });
  await other.route('**/data/answers.json', async (route) => { await held; await route.continue().catch(() => {}); });
  for (const q of ['?model=llama-3.1-70b', '?lang=zh']) {
    await other.goto(`./${q}`);
    await expect(other.locator('#sec-verdict')).toBeHidden();
  }
  release();
  await other.locator('[data-report="memory.total_bytes"]').first().waitFor();
  await expect(other.locator('.verdict-word')).toHaveText('装得下');
  await other.close();
  await open(page);
  await expect(page.locator('[data-report="memory.total_bytes"]').first()).toHaveAttribute('data-value', shown);
});

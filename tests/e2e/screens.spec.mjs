// Screenshots of the main states for people to look at (test-results/screens/, not committed).
import { join } from 'node:path';
import { test, open, repo } from './fixtures.mjs';

const out = (name) => join(repo, 'test-results', 'screens', `${name}.png`);
const SHOTS = [
  ['desktop-light', 1280, 'light', 'model=llama-3.1-70b&gpus=2'],
  ['desktop-dark', 1280, 'dark', 'model=deepseek-v3&quant=fp8&gpu=h100-sxm&gpus=8'],
  ['desktop-nofit', 1280, 'light', 'model=llama-3.1-405b&quant=q2_k&gpu=rx-7900-xtx&gpus=4'],
  ['phone-light', 390, 'light', 'model=llama-3.1-70b'],
  ['phone-dark', 390, 'dark', 'model=qwen3-30b-a3b&quant=q8_0&gpu=m2-ultra-192gb&lang=zh'],
  ['embed', 360, 'light', 'model=mixtral-8x7b&gpu=rtx-3090&embed=1'],
  ['desktop-zh', 1280, 'light', 'model=qwen2.5-7b&mode=full&gpu=h100-sxm&gpus=4&lang=zh'],
];

for (const [name, width, scheme, q] of SHOTS) {
  test(`screenshot ${name}`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await open(page, q);
    await page.waitForTimeout(300);
    await page.screenshot({ path: out(name), fullPage: true });
  });
}

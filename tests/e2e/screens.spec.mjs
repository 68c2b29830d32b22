// Screenshots of the main states for people to look at (test-results/screens/, not committed).
// One page per width group: the module compiles once, each state is a navigation.
import { join } from 'node:path';
import { test, open, repo } from './fixtures.mjs';

const out = (name) => join(repo, 'test-results', 'screens', `${name}.png`);
const GROUPS = {
  desktop: [
    ['desktop-light', 1280, 'light', 'model=llama-3.1-70b&gpus=2'],
    ['desktop-dark', 1280, 'dark', 'model=deepseek-v3&quant=fp8&gpu=h100-sxm&gpus=8'],
    ['desktop-nofit', 1280, 'light', 'model=llama-3.1-70b&placement=gpu'],
    ['desktop-zh', 1280, 'light', 'model=qwen2.5-32b&price=16000&currency=CNY&api_price_per_mtok=8&claim_tokens_per_s=60&lang=zh'],
  ],
  phone: [
    ['phone-light', 390, 'light', 'model=llama-3.1-70b'],
    ['phone-dark', 390, 'dark', 'model=qwen3-30b-a3b&quant=q8_0&gpu=m2-ultra-192gb&lang=zh'],
    ['embed', 360, 'light', 'model=mixtral-8x7b&gpu=rtx-3090&embed=1'],
  ],
};

for (const [group, shots] of Object.entries(GROUPS)) {
  test(`screenshots: ${group}`, async ({ page }) => {
    test.slow();   // several full-page screenshots on a shared 2-core machine
    for (const [name, width, scheme, q] of shots) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await open(page, q);
      await page.waitForTimeout(500);   // the speed sweep and recommendations land after a pause
      await page.screenshot({ path: out(name), fullPage: true });
    }
  });
}

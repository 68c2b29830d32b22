// A mixed machine built on the page (issue 14): "+ Add a different GPU" adds a picker per extra card;
// the scenario's gpu is the '+'-joined ids (the link's gpu=rtx-4090%2Brtx-3090), the count field
// goes, each card has its row under "Per device". Every number and the command are compared with
// `headroom fit --json --gpu rtx-4090+rtx-3090`. Real clicks; screenshots in English and Chinese.
import { join } from 'node:path';
import { test, expect, open, page_numbers, cli_report, expect_same, repo } from './fixtures.mjs';

const shot = (name) => join(repo, 'test-results', 'screens', `${name}.png`);
const MIXED = 'rtx-4090+rtx-3090';

test('build 4090 + 3090 by clicking: numbers, names and command equal the CLI; reload; remove; errors', async ({ page }) => {
  test.setTimeout(90_000);   // a whole session of clicks, a reload and eight CLI comparisons: 15 s alone, twice that on a busy 2-core machine
  await page.setViewportSize({ width: 1280, height: 1000 });
  await open(page, 'gpu=rtx-4090');
  const gpu = page.getByLabel('GPU', { exact: true });
  const count = page.locator('[data-key="gpus"]');
  await expect(count).toBeVisible();

  // Build it: the second card's picker, then the card.
  await page.getByRole('button', { name: '+ Add a different GPU' }).click();
  const second = page.getByLabel('GPU 2', { exact: true });
  await expect(second).toBeFocused();
  await second.selectOption('rtx-3090');
  await expect(page).toHaveURL(/[?&]gpu=rtx-4090%2Brtx-3090(&|$)/);
  await expect(count).toBeHidden();
  await expect(gpu).toHaveValue('rtx-4090');

  const want = cli_report({ gpu: MIXED }, 'fit');
  expect(want.devices.map((d) => d.id)).toEqual(['rtx-4090', 'rtx-3090']);
  expect(want.launch.command).toContain('--tensor-split');
  const check = async () => {
    const nums = await page_numbers(page);
    for (const p of ['memory.per_device.0.used_bytes', 'memory.per_device.1.used_bytes', 'memory.per_device.1.device', 'speed.decode_tokens_per_s']) expect(nums.some(([k]) => k === p), p).toBe(true);
    expect_same(nums, want);
    await expect(page.locator('.dev-name')).toHaveText(want.devices.map((d, i) => `${i + 1}. ${d.name}`));
    await expect(page.locator('.verdict-sub')).toContainText(want.devices.map((d) => d.name).join(' + '));
    await expect(page.locator('[data-report="launch.command"]')).toHaveText(want.launch.command);
    await expect(page.locator('#min-gpus')).toHaveCount(0);
  };
  await check();
  await page.locator('[data-key="gpu"]').screenshot({ path: shot('mixed-field-en') });
  await page.locator('#sec-verdict').screenshot({ path: shot('mixed-verdict-en') });

  // The link brings it back; a hand-written link with a literal '+' too (rewritten with %2B).
  await page.reload();
  await page.locator('#gpu-add').waitFor();
  await expect(second).toHaveValue('rtx-3090');
  await check();
  await open(page, `gpu=${MIXED}`);
  await expect(page.getByLabel('GPU 2', { exact: true })).toHaveValue('rtx-3090');
  await expect(page).toHaveURL(/[?&]gpu=rtx-4090%2Brtx-3090(&|$)/);
  await check();

  // A Mac cannot join (unified memory): the core's message under the field, the link keeps the choice.
  await page.getByRole('button', { name: '+ Add a different GPU' }).click();
  // (found by typing in its own finder, Enter picks the first match)
  await page.getByLabel('Find a device (GPU 3)').pressSequentially('m4 max 128');
  await page.getByLabel('Find a device (GPU 3)').press('Enter');
  await expect(page.getByLabel('GPU 3', { exact: true })).toHaveValue('m4-max-128gb');
  await expect(page.locator('#err-gpu')).toHaveText(/unified memory.*cannot join/);
  await expect(page.getByLabel('GPU 3', { exact: true })).toHaveAttribute('aria-invalid', '');
  await page.locator('[data-key="gpu"]').screenshot({ path: shot('mixed-error-en') });
  // Another vendor: the same place, the core's words.
  await page.getByLabel('GPU 3', { exact: true }).selectOption('rx-7900-xtx');
  await expect(page.locator('#err-gpu')).toHaveText(/mixing nvidia and amd/);
  await page.getByRole('button', { name: 'Remove GPU 3' }).click();
  await expect(page.locator('#err-gpu')).toHaveText('');
  await check();

  // vLLM cannot split over unlike cards: the message under Engine (a folded group) and under the pickers.
  await page.locator('details[data-group="how"] > summary').click();
  const engine = page.getByLabel('Engine', { exact: true });
  const was = await engine.inputValue();
  await engine.selectOption('vllm');
  await expect(page.locator('#err-engine')).toHaveText(/identical GPUs/);
  await expect(page.locator('#gpu-mixed-err')).toHaveText(/^Engine: .*identical GPUs/);
  await engine.selectOption(was);
  await expect(page.locator('#gpu-mixed-err')).toBeHidden();
  await check();

  // Remove the second card: one 4090 again, the count field back, no per-device rows.
  await page.getByRole('button', { name: 'Remove GPU 2' }).click();
  await expect(page.getByLabel('GPU 2', { exact: true })).toHaveCount(0);
  await expect(page).not.toHaveURL(/%2B/);
  await expect(count).toBeVisible();
  await expect(page.locator('.dev-name')).toHaveCount(0);
  await expect(page.locator('[data-report="launch.command"]')).toHaveText(cli_report({ gpu: 'rtx-4090' }, 'fit').launch.command);
  // A picker added and not used changes nothing; its × takes it away.
  await page.getByRole('button', { name: '+ Add a different GPU' }).click();
  await expect(page.getByLabel('GPU 2', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Remove GPU 2' }).click();
  await expect(page.getByLabel('GPU 2', { exact: true })).toHaveCount(0);
  await expect(count).toBeVisible();
});

test('Chinese: the mixed machine’s picker and per-device rows', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await open(page, `gpu=rtx-4090%2Brtx-3090&lang=zh`);
  await expect(page.getByRole('button', { name: '+ 添加另一块不同的显卡' })).toBeVisible();
  await expect(page.getByRole('button', { name: '移除 GPU 2' })).toBeVisible();
  await expect(page.locator('#gpu-mixed-hint')).toContainText('混合显卡');
  await expect(page.locator('.dev-name')).toHaveCount(2);
  await page.locator('[data-key="gpu"]').screenshot({ path: shot('mixed-field-zh') });
  await page.locator('#sec-verdict').screenshot({ path: shot('mixed-verdict-zh') });
  // On a phone the pickers fit the screen.
  await page.setViewportSize({ width: 390, height: 900 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.locator('[data-key="gpu"]').screenshot({ path: shot('mixed-field-zh-phone') });
});

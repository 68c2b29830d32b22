// Issue 14's questions on the page: "what to type" (the launch command, copied), the quant ladder
// (clicking a rung sets the format), how many of a device it takes, the device picker by category
// and CPU-only hosts. Every number and command is compared with the native CLI's, to the byte.
// Real clicks and typing; screenshots of the new parts in English and Chinese.
import { join } from 'node:path';
import { test, expect, open, cli_report, repo } from './fixtures.mjs';

const shot = (name) => join(repo, 'test-results', 'screens', `${name}.png`);
const report_value = (page, path) => page.locator(`[data-report="${path}"]`).first().getAttribute('data-value');

// The ladder's cells ([data-ladder] = its JSON path, data-value = the raw value), as [[path, value]].
const ladder_cells = (page) => page.locator('#sec-ladder [data-ladder]').evaluateAll((els) => els.map((e) => [e.dataset.ladder, e.dataset.value]));
function expect_ladder(cells, report) {
  expect(cells.length).toBeGreaterThan(20);
  for (const [path, raw] of cells) {
    const want = path.split('.').reduce((o, k) => o?.[k], report);
    expect(want, `CLI ladder has ${path}`).not.toBeUndefined();
    if (typeof want === 'number') expect(Number(raw), path).toBe(want);
    else expect(raw, path).toBe(String(want));
  }
}

test('launch command: typed scenario equals headroom fit --json, and Copy copies it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, 'model=qwen3-32b&gpu=rtx-4090');
  const ctx = page.getByLabel('Context length', { exact: true });
  await ctx.click();
  await ctx.press('ControlOrMeta+a');
  await ctx.pressSequentially('16384');
  await page.locator('details[data-group="how"] > summary').click();
  await page.getByLabel('KV cache format').selectOption('q8_0');
  await expect(page).toHaveURL(/ctx=16384.*kv_quant=q8_0/);
  const want = cli_report({ model: 'qwen3-32b', ctx: 16384, kv_quant: 'q8_0', gpu: 'rtx-4090' }, 'fit').launch;
  expect(want.command).toContain('-ctk q8_0');
  const code = page.locator('#sec-launch [data-report="launch.command"]');
  await expect(code).toHaveText(want.command);
  expect(await code.getAttribute('data-value')).toBe(want.command);
  await expect(page.locator('[data-report="launch.tool"]')).toHaveAttribute('data-value', want.tool);
  for (const [i, o] of want.others.entries()) await expect(page.locator(`[data-report="launch.others.${i}.command"]`)).toHaveText(o.command);

  const btn = page.locator('#sec-launch [data-copy="launch.command"]');
  await btn.click();
  await expect(btn).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(want.command);

  // Layer streaming: no engine runs it, and the section says so (the core's note), with no command.
  await page.getByLabel('Placement', { exact: true }).selectOption('stream');
  await expect(page.locator('#sec-launch [data-report="launch.note"]')).toHaveText(cli_report({ model: 'qwen3-32b', ctx: 16384, kv_quant: 'q8_0', gpu: 'rtx-4090', placement: 'stream' }, 'fit').launch.note);
  await expect(page.locator('#sec-launch [data-copy]')).toHaveCount(0);

  // Fine-tuning has no launch command: the section goes.
  await page.getByLabel('Placement', { exact: true }).selectOption('auto');
  await page.getByLabel('Mode', { exact: true }).selectOption('lora');
  await expect(page.locator('#sec-launch')).toHaveCount(0);
  await expect(page.locator('#sec-ladder')).toHaveCount(0);
});

test('quant ladder equals headroom ladder --json; clicking a rung sets quant and kv_quant', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, 'model=qwen3-32b&gpu=rtx-4090');
  const table = page.locator('#sec-ladder table.ladder');
  await expect(table).toBeVisible();
  expect_ladder(await ladder_cells(page), cli_report({ model: 'qwen3-32b', gpu: 'rtx-4090' }, 'ladder'));
  await expect(table.locator('tr[aria-current="true"] [data-ladder$=".quant"]')).toHaveAttribute('data-value', 'q4_k_m');
  await page.locator('#sec-ladder').screenshot({ path: shot('hardware-ladder-en') });

  // A format's button: the form's quant, the link, the verdict and the highlighted row follow.
  await table.getByRole('button', { name: 'q5_k_m' }).click();
  await expect(page).toHaveURL(/quant=q5_k_m/);
  await expect(page.getByLabel('Quantization', { exact: true })).toHaveValue('q5_k_m');
  await expect(table.locator('tr[aria-current="true"] [data-ladder$=".quant"]')).toHaveAttribute('data-value', 'q5_k_m');
  // The ladder is computed again for the new scenario (its KV rungs are for q5_k_m weights).
  await expect(page.locator('#sec-ladder h3')).toContainText('q5_k_m');
  expect_ladder(await ladder_cells(page), cli_report({ model: 'qwen3-32b', quant: 'q5_k_m', gpu: 'rtx-4090' }, 'ladder'));

  // A KV rung: kv_quant, and the launch command says it.
  await page.locator('#sec-ladder .kv-ladder').getByRole('button', { name: 'q8_0 KV' }).click();
  await expect(page).toHaveURL(/kv_quant=q8_0/);
  await expect(page.locator('.kv-ladder li[aria-current="true"] [data-ladder$=".kv_quant"]')).toHaveAttribute('data-value', 'q8_0');
  const want = cli_report({ model: 'qwen3-32b', quant: 'q5_k_m', kv_quant: 'q8_0', gpu: 'rtx-4090' }, 'fit');
  await expect(page.locator('[data-report="launch.command"]')).toHaveText(want.launch.command);
});

test('devices: picker by category, min_gpus, a CPU-only host, an APU share', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, 'model=llama-3.1-70b&gpu=rtx-4090');
  // How many 4090s hold it all on GPUs (it fits here only by offloading).
  const want = cli_report({ model: 'llama-3.1-70b', gpu: 'rtx-4090' });
  expect(want.fit.min_gpus).toBeGreaterThan(1);
  await expect(page.locator('#min-gpus')).toContainText(`${want.fit.min_gpus} × NVIDIA GeForce RTX 4090`);
  expect(await report_value(page, 'fit.min_gpus')).toBe(String(want.fit.min_gpus));
  await page.locator('#sec-verdict').screenshot({ path: shot('hardware-verdict-en') });
  await page.locator('#sec-launch').screenshot({ path: shot('hardware-launch-en') });

  // The picker: every catalog device, grouped; the new categories have their own groups.
  const gpu = page.getByLabel('GPU', { exact: true });
  const groups = await gpu.locator('optgroup').evaluateAll((gs) => gs.map((g) => [g.dataset.category, g.label, g.children.length]));
  const catalog = JSON.parse(await page.evaluate(() => window.headroom_app.hr.catalog())).devices;
  expect(groups.reduce((n, g) => n + g[2], 0)).toBe(catalog.length);
  for (const [c, label] of [['laptop', 'Laptop GPUs'], ['apu', 'APUs'], ['cpu', 'CPU only']]) expect(groups.some(([gc, l]) => gc === c && l.startsWith(label)), c).toBe(true);
  expect(groups.some(([, l]) => l.includes('Huawei'))).toBe(true);
  // A board priced in yuan says so: the catalog's price_cny and its date.
  const d = catalog.find((x) => x.id === 'rtx-4090d');
  expect(d.price_cny).toBeGreaterThan(0);
  await expect(gpu.locator('option[value="rtx-4090d"]')).toHaveText(`${d.name} · ¥${d.price_cny.toLocaleString('en-US')} (${d.price_cny_date})`);
  // A card with a dollar price is not labelled in yuan on the English page (the Chinese page does: zh.spec).
  const both = catalog.find((x) => x.id === 'rtx-4090');
  expect(both.price_cny > 0 && both.price_usd > 0).toBe(true);
  await expect(gpu.locator('option[value="rtx-4090"]')).toHaveText(both.name);

  // The finder: typed words narrow the options; Enter picks the first one left.
  const find = page.getByLabel('Find a device');
  await find.pressSequentially('910b');
  await expect(page.locator('.finder-count')).toHaveText('1 found; Enter picks the first');
  expect(await gpu.locator('option:not([hidden])').evaluateAll((os) => os.map((o) => o.value))).toEqual(['ascend-910b-64gb', '__custom']);
  await page.locator('[data-key="gpu"]').screenshot({ path: shot('hardware-device-find-en') });
  await find.press('Enter');
  await expect(page).toHaveURL(/gpu=ascend-910b-64gb/);
  await expect(gpu).toHaveValue('ascend-910b-64gb');
  await find.fill('');

  // A CPU-only host: the verdict says CPU, the command offloads nothing.
  await gpu.selectOption('ryzen-9-9950x-ddr5-5600-2ch-96gb');
  await expect(page).toHaveURL(/gpu=ryzen-9-9950x/);
  const cpu = cli_report({ model: 'llama-3.1-70b', gpu: 'ryzen-9-9950x-ddr5-5600-2ch-96gb' });
  expect(cpu.fit.placement).toBe('cpu');
  await expect(page.locator('.verdict-placement')).toContainText('on the CPU');
  await expect(page.locator('[data-report="launch.command"]')).toHaveText(cpu.launch.command);
  await expect(page.locator('#min-gpus')).toHaveCount(0);
  await expect(page.locator('[data-key="gpu_share"]')).toBeHidden();

  // An APU: the GPU's share of unified memory is a field; typed, it changes the capacity as the CLI's does.
  await gpu.selectOption('ryzen-ai-max-395-128gb');
  await page.locator('details[data-more="where"] > summary').click();
  const share = page.getByLabel('GPU share of unified memory');
  await expect(share).toBeVisible();
  await share.pressSequentially('0.75');
  await expect(page).toHaveURL(/gpu_share=0.75/);
  const apu = cli_report({ model: 'llama-3.1-70b', gpu: 'ryzen-ai-max-395-128gb', gpu_share: 0.75 });
  expect(await report_value(page, 'memory.capacity_bytes')).toBe(String(apu.memory.capacity_bytes));

  // Mixed GPUs from a link: the select shows them, the command splits the layers as the CLI's.
  await open(page, 'model=qwen3-32b&gpu=rtx-4090%2Brtx-3090');
  await expect(gpu).toHaveValue('rtx-4090');
  await expect(page.getByLabel('GPU 2', { exact: true })).toHaveValue('rtx-3090');
  const mixed = cli_report({ model: 'qwen3-32b', gpu: 'rtx-4090+rtx-3090' }, 'fit');
  await expect(page.locator('[data-report="launch.command"]')).toHaveText(mixed.launch.command);
});

// In Chinese, and without a clipboard (no navigator.clipboard, execCommand refused): the command is
// left selected for the reader's Ctrl+C.
test('Chinese: the new parts translated; copy fallback selects the command', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined });
    document.execCommand = () => false;
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, 'model=llama-3.1-70b&gpu=rtx-4090&kv_quant=q8_0&lang=zh');
  await expect(page.locator('#h-launch')).toHaveText('启动命令');
  await expect(page.locator('#min-gpus')).toContainText('要全部放进显存，需要');
  await expect(page.locator('#sec-ladder table.ladder')).toBeVisible();
  await expect(page.locator('#h-ladder')).toHaveText('量化阶梯');
  await expect(page.getByRole('button', { name: '复制命令' }).first()).toBeVisible();
  await page.locator('#sec-verdict').screenshot({ path: shot('hardware-verdict-zh') });
  await page.locator('#sec-launch').screenshot({ path: shot('hardware-launch-zh') });
  await page.locator('#sec-ladder').screenshot({ path: shot('hardware-ladder-zh') });
  const btn = page.locator('#sec-launch [data-copy="launch.command"]');
  await btn.click();
  await expect(btn).toHaveText('已选中：请按 Ctrl+C');
  const want = cli_report({ model: 'llama-3.1-70b', gpu: 'rtx-4090', kv_quant: 'q8_0' }, 'fit').launch.command;
  expect(await page.evaluate(() => getSelection().toString())).toBe(want);
  // On a phone: the command wraps, the table scrolls inside its card, the page does not.
  await page.setViewportSize({ width: 390, height: 900 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.locator('#sec-launch').screenshot({ path: shot('hardware-launch-zh-phone') });
  await page.locator('#sec-ladder').screenshot({ path: shot('hardware-ladder-zh-phone') });
});

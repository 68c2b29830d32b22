// The page's behaviour: share links, embed mode, languages, config.json paste, hostile URLs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, open, page_numbers, cli_report, expect_same, repo } from './fixtures.mjs';

const config_text = readFileSync(join(repo, 'tests', 'data', 'configs', 'llama-3.1-8b.json'), 'utf8');
const value_of = (page, path) => page.locator(`[data-report="${path}"]`).first().getAttribute('data-value');

test('share link round trip restores the scenario exactly', async ({ page, context }) => {
  test.slow();   // two pages and a dozen inputs on a shared 2-core machine
  await open(page);
  await page.getByLabel('Model', { exact: true }).fill('llama-3.1-70b');
  await page.getByLabel('Quantization').selectOption('q5_k_m');
  await page.getByLabel('Context length', { exact: true }).fill('32768');
  await page.getByLabel('Batch size').fill('2');
  await page.getByLabel('GPU', { exact: true }).selectOption('rtx-3090');
  await page.getByLabel('GPU count').fill('4');
  await page.locator('details[data-group="how"] > summary').click();
  await page.getByLabel('KV cache format').selectOption('q8_0');
  await expect(page).toHaveURL(/kv_quant=q8_0/);
  await expect(page.locator('#share-link')).toHaveValue(page.url());
  const link = await page.locator('#share-link').inputValue();
  expect(link).toBe(page.url());
  const q = new URL(link).searchParams;
  expect(Object.fromEntries(q)).toEqual({ v: '1', model: 'llama-3.1-70b', quant: 'q5_k_m', ctx: '32768', batch: '2', kv_quant: 'q8_0', gpu: 'rtx-3090', gpus: '4' });
  const before = await page_numbers(page);

  const other = await context.newPage();
  await other.goto(link);
  await other.locator('[data-report="memory.total_bytes"]').first().waitFor();
  expect(await page_numbers(other)).toEqual(before);
  expect(other.url()).toBe(link);
  await expect(other.getByLabel('Model', { exact: true })).toHaveValue('llama-3.1-70b');
  await expect(other.getByLabel('GPU count')).toHaveValue('4');
  await expect(other.getByLabel('Quantization')).toHaveValue('q5_k_m');
  await expect(other.getByLabel('KV cache format')).toHaveValue('q8_0');
  expect_same(before, cli_report({ model: 'llama-3.1-70b', quant: 'q5_k_m', ctx: 32768, batch: 2, kv_quant: 'q8_0', gpu: 'rtx-3090', gpus: 4 }));

  // Setting a value back to its default removes it from the link.
  await page.getByLabel('GPU count').fill('1');
  await expect(page).not.toHaveURL(/gpus=/);
  // The copy button copies the link.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('#copy-link').click();
  await expect(page.locator('#copy-link')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test('inputs update results as you type, and bad values are named inline', async ({ page }) => {
  await open(page);
  const total = await value_of(page, 'memory.total_bytes');
  await page.getByLabel('Context length', { exact: true }).fill('65536');
  await expect.poll(() => value_of(page, 'memory.total_bytes')).not.toBe(total);
  await page.getByLabel('Context length', { exact: true }).fill('0');
  await expect(page.locator('#err-ctx')).toContainText('1..');
  await expect(page.getByLabel('Context length', { exact: true })).toHaveAttribute('aria-invalid', '');
  await page.getByLabel('Context length', { exact: true }).fill('8192');
  await expect(page.locator('#err-ctx')).toBeEmpty();
  await expect.poll(() => value_of(page, 'memory.total_bytes')).toBe(total);
  // Mode reveals the fine-tuning inputs.
  await expect(page.getByLabel('LoRA rank')).toBeHidden();
  await page.locator('details[data-group="how"] > summary').click();
  await page.getByLabel('Mode', { exact: true }).selectOption('lora');
  await expect(page.getByLabel('LoRA rank')).toBeVisible();
  await expect(page).toHaveURL(/mode=lora/);
  // Keyboard: the form is reachable and operable without a mouse.
  await page.getByLabel('GPU', { exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/gpu=/);
});

test('embed mode: compact, links back, reports its height', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 340, height: 700 });
  await open(page, 'model=llama-3.1-70b&gpus=2&embed=1');
  await expect(page.locator('body')).toHaveClass(/embed/);
  await expect(page.getByLabel('Model', { exact: true })).toBeVisible();
  await expect(page.getByLabel('KV cache format')).toBeHidden();
  await expect(page.locator('#share')).toBeHidden();
  const href = await page.locator('#open-full').getAttribute('href');
  expect(href).toContain('model=llama-3.1-70b');
  expect(href).not.toContain('embed');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // In an iframe it posts its height to the parent.
  await page.goto(`${baseURL}index.html?v=1`);
  await page.locator('[data-report="memory.total_bytes"]').first().waitFor();
  const snippet = await page.locator('#embed-snippet').inputValue();
  expect(snippet).toContain('embed=1');
  const height = await page.evaluate((src) => new Promise((ok) => {
    addEventListener('message', (e) => { if (e.data?.type === 'headroom:height') ok(e.data.height); });
    const f = document.createElement('iframe');
    f.src = src; f.style.width = '360px';
    document.body.append(f);
  }), `${baseURL}?model=mixtral-8x7b&embed=1`);
  expect(height).toBeGreaterThan(200);
});

test('language: picked from the URL or the browser, switchable', async ({ page, browser, baseURL }) => {
  await open(page, 'lang=zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('.verdict-word')).toHaveText('装得下');
  await expect(page.getByLabel('模型', { exact: true })).toBeVisible();
  await expect(page.getByLabel('上下文长度', { exact: true })).toBeVisible();
  // The same numbers in both languages (字/秒 is said to Chinese readers only).
  const zh_nums = (await page_numbers(page)).filter(([p]) => p !== 'speed.decode_zh_chars_per_s');
  await page.locator('#lang').click();
  await expect(page.locator('.verdict-word')).toHaveText('Fits');
  await expect(page).toHaveURL(/lang=en/);
  await expect(page.getByLabel('Context length', { exact: true })).toBeVisible();
  expect(await page_numbers(page)).toEqual(zh_nums);

  const ctx = await browser.newContext({ locale: 'zh-CN', baseURL });
  const p2 = await ctx.newPage();
  await open(p2);
  await expect(p2.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(p2.locator('#h-memory')).toHaveText('显存占用');
  await ctx.close();
});

test('config.json paste computes the model, and the link carries it', async ({ page, context }) => {
  await open(page);
  await page.locator('.field-file[data-key="config"] summary').click();
  await page.getByLabel('Hugging Face config.json').fill(config_text);
  await expect(page.locator('[data-report="model.params_total"]')).toHaveAttribute('data-value', /\d+/);
  await expect(page.getByLabel('Model', { exact: true })).toBeDisabled();
  await expect(page).toHaveURL(/config=/);
  const nums = await page_numbers(page);
  expect_same(nums, cli_report({ config: config_text }));
  const other = await context.newPage();
  await other.goto(page.url());
  await other.locator('[data-report="model.params_total"]').first().waitFor();
  expect(await page_numbers(other)).toEqual(nums);
  await expect(other.getByLabel('Hugging Face config.json')).toHaveValue(/hidden_size/);
  await other.close();
  // A broken config names the field inline; a catalog model can be picked again.
  await page.getByLabel('Hugging Face config.json').fill('{"model_type": "llama"}');
  await expect(page.locator('#err-config')).not.toBeEmpty();
  await page.locator('#config-clear').click();
  await expect(page.getByLabel('Model', { exact: true })).toBeEnabled();
  await expect(page).not.toHaveURL(/config=/);
});

test('hostile URL parameters are ignored with a note and change nothing else', async ({ page }) => {
  await open(page);
  const defaults = await page_numbers(page);
  const scripts = await page.locator('script').count();
  const hostile = new URLSearchParams([
    ['model', '<script>window.__pwned=1</script>'], ['ctx', '1e999'], ['gpus', '99999999999999999999999'],
    ['quant', '<img src=x onerror="window.__pwned=1">'], ['foo', 'bar'], ['<b>x</b>', '1'], ['batch', 'NaN'],
    ['host', 'ram_gb=-1'], ['lang', 'xx'], ['embed', 'javascript:alert(1)'], ['config', '!!notbase64!!'],
    ['placement', 'x'.repeat(5000)],
  ]).toString();
  await open(page, hostile);
  await expect(page.locator('#notes')).toBeVisible();
  const notes = await page.locator('#notes').innerText();
  for (const key of ['model', 'ctx', 'gpus', 'quant', 'foo', 'batch', 'host', 'placement']) expect(notes).toContain(key);
  expect(await page_numbers(page)).toEqual(defaults);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('script').count()).toBe(scripts);
  // The cleaned link holds none of it.
  expect(new URL(page.url()).search).toBe('?v=1');
  // A valid value beside hostile ones survives.
  await open(page, 'model=llama-3.1-70b&ctx=-3');
  await expect(page.locator('[data-report="fit.total_layers"]')).toHaveAttribute('data-value', '80');
  expect(page.url()).toContain('model=llama-3.1-70b');
  expect(page.url()).not.toContain('ctx=');
});

test('accuracy and measured sections load when scrolled near, and say where they stand', async ({ page }) => {
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await open(page);
  await page.waitForTimeout(300);
  // Not part of the first view: nothing of them is loaded until the reader scrolls near them.
  expect(loaded.filter((p) => /extras\.js|accuracy\.md|claims\.json/.test(p))).toEqual([]);
  await page.locator('#extras').scrollIntoViewIfNeeded();
  await expect(page.locator('#sec-accuracy')).toBeVisible();
  await expect(page.locator('#sec-measured')).toBeVisible();
  // The build copies docs/accuracy.md into the site; the page shows its tables.
  await expect(page.locator('#sec-accuracy table').first()).toBeVisible();
  const header = readFileSync(join(repo, 'docs', 'accuracy.md'), 'utf8').split('\n').find((l) => l.startsWith('|'))
    .split('|').map((c) => c.trim().replace(/[`*]/g, '')).filter(Boolean);
  expect(await page.locator('#sec-accuracy thead').first().locator('th').allInnerTexts()).toEqual(header);
});

test('measured: renders a claims file from headroom-stream', async ({ page }) => {
  const body = readFileSync(join(repo, 'tests', 'e2e', 'data', 'claims-cpu.json'), 'utf8');
  await page.route('**/data/claims.json', (route) => route.fulfill({ body, contentType: 'application/json' }));
  await open(page);
  await page.locator('#extras').scrollIntoViewIfNeeded();
  const sec = page.locator('#sec-measured');
  await expect(sec.locator('table')).toBeVisible();
  for (const placement of ['resident', 'stream', 'disk']) await expect(sec).toContainText(placement);
  await expect(sec).toContainText('Streamed output equals resident: yes');
});

test('does not fit: says what would, and one click opens it', async ({ page }) => {
  await open(page, 'model=llama-3.1-70b&placement=gpu');
  await expect(page.locator('.verdict-word')).toHaveText('Does not fit');
  const first = page.locator('.what-would [data-apply]').first();
  await expect(first).toBeVisible();
  const apply = JSON.parse(await first.getAttribute('data-apply'));
  await first.click();
  await expect(page.locator('.verdict-word')).not.toHaveText('Does not fit');
  await expect(page).toHaveURL(new RegExp(`gpu=${apply.gpu}`));
});

test('a mixture of experts too big for the card: experts in host RAM, as llama.cpp --n-cpu-moe', async ({ page }) => {
  await open(page, 'model=gpt-oss-120b&quant=mxfp4_moe&gpu=rtx-4090');
  await expect(page.locator('.verdict-word')).toHaveText('Fits with experts in RAM');
  await expect(page.locator('#sec-verdict')).toContainText(/Routed experts of \d+ of 36 layers in host RAM/);
  const auto_n = Number(await value_of(page, 'fit.n_cpu_moe'));
  expect(auto_n).toBeGreaterThan(0);
  // all on the GPU does not fit; layer offload fits but decodes slower than experts in RAM
  const moe_speed = Number(await value_of(page, 'speed.decode_tokens_per_s'));
  await page.getByLabel('Placement', { exact: true }).selectOption('offload');
  await expect(page.locator('.verdict-word')).toHaveText('Fits with offload');
  expect(Number(await value_of(page, 'speed.decode_tokens_per_s'))).toBeLessThan(moe_speed);
  await page.getByLabel('Placement', { exact: true }).selectOption('cpu-moe');
  // one expert layer fewer than the fewest that fit: does not fit; the field takes what you type
  const field = page.getByLabel('MoE layers with experts in RAM');
  if (!(await field.isVisible())) await page.locator('details[data-more="where"] > summary').click();
  await field.fill(String(auto_n - 1));
  await expect(page.locator('.verdict-word')).toHaveText('Does not fit');
  await field.fill('-7');
  await expect(page.locator('#err-n_cpu_moe')).toContainText('n_cpu_moe must be 0..100000');
  await field.fill(String(auto_n + 2));
  await expect(page.locator('.verdict-word')).toHaveText('Fits with experts in RAM');
  await expect(page).toHaveURL(new RegExp(`n_cpu_moe=${auto_n + 2}`));
  await expect.poll(() => value_of(page, 'fit.n_cpu_moe')).toBe(String(auto_n + 2));
});

test('every input has an accessible name; no horizontal scroll on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, 'model=deepseek-v3&gpus=8&gpu=h100-sxm');
  await page.getByLabel('Model', { exact: true }).waitFor();
  const unlabeled = await page.locator('input, select, textarea').evaluateAll((els) => els
    .filter((e) => e.type !== 'file' && !(e.labels?.length) && !e.getAttribute('aria-label')).map((e) => e.outerHTML.slice(0, 80)));
  expect(unlabeled).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The skip link leads to the results; the verdict is announced politely.
  await expect(page.locator('#sec-verdict')).toHaveAttribute('aria-live', 'polite');
});

test('dark mode: follows the system and the toggle', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await bg()).toBe('rgb(15, 17, 21)');
  await page.locator('#theme').click();   // auto -> dark
  await page.locator('#theme').click();   // dark -> light
  expect(await bg()).toBe('rgb(246, 247, 249)');
});

test('a source row fetches the catalog provenance from the site only when opened, and works without it', async ({ page, guard }) => {
  const asked = [];
  const prov = { schema: 'headroom.provenance/1', models: { 'llama-3.1-8b': { source: 'x', as_of: '2026-01-02', verification: 'Checked against config.json.' } }, devices: {} };
  await page.route('**/data/provenance.json', (route) => { asked.push(route.request().url()); return route.fulfill({ body: JSON.stringify(prov), contentType: 'application/json' }); });
  await open(page);
  await page.waitForTimeout(300);
  expect(asked).toEqual([]);
  const src = page.locator('#sec-details details[data-prov="models"]');
  await src.locator('summary').click();
  await expect(src).toContainText('Read on 2026-01-02');
  await expect(src).toContainText('Checked against config.json.');
  expect(asked.length).toBe(1);
  // Another input keeps it open and filled.
  await page.getByLabel('Context length', { exact: true }).fill('16384');
  await expect(src).toContainText('Read on 2026-01-02');
  await expect(page.locator('#sec-details details[data-prov="devices"]')).toContainText('No more notes');

  // Without the file: the row says there is nothing more, and nothing else changes.
  await page.unroute('**/data/provenance.json');
  await page.route('**/data/provenance.json', (route) => route.fulfill({ status: 404, body: '' }));
  await open(page);
  const numbers = await page_numbers(page);
  await src.locator('summary').click();
  await expect(src).toContainText('No more notes');
  expect(await page_numbers(page)).toEqual(numbers);
  // the browser logs the 404 itself; nothing else may be logged
  guard.problems.splice(0, guard.problems.length, ...guard.problems.filter((p) => !/404/.test(p)));
});

test('an old link (device=, decode_eff=) still opens, and the link is rewritten to the current keys', async ({ page }) => {
  const spec = 'vendor=nvidia,mem_gb=12,bw_gbps=360,fp16_tflops=25';
  await open(page, new URLSearchParams({ model: 'qwen2.5-14b', device: spec, decode_eff: '0.5' }).toString());
  await expect(page.locator('#notes')).toBeHidden();
  await expect(page).toHaveURL(/decode_efficiency=0\.5/);
  const q = new URL(page.url()).searchParams;
  expect(q.get('gpu_spec')).toBe(spec);
  expect(q.has('device') || q.has('decode_eff')).toBe(false);
  await expect(page.getByLabel('Custom device spec')).toHaveValue(spec);
  expect_same(await page_numbers(page), cli_report({ model: 'qwen2.5-14b', gpu_spec: spec, decode_efficiency: 0.5 }));
});

test('the form is the schema: every scenario field has an input of its type', async ({ page }) => {
  await open(page);
  await page.getByLabel('Model', { exact: true }).waitFor();
  const schema = await page.evaluate(async () => JSON.parse(await window.headroom_app.hr.schema()));
  for (const f of schema.fields) {
    const input = page.locator(`[name="${f.key}"]`);
    // An echo (claims_applied: set by a claims file, echoed by reports) is accepted in links but is no input.
    await expect(input, f.key).toHaveCount(f.echo ? 0 : 1);
    if (f.echo) continue;
    const [tag, type, step] = await input.evaluate((e) => [e.tagName, e.type, e.getAttribute('step')]);
    if (f.type === 'integer') expect([type, step], f.key).toEqual(['number', '1']);
    if (f.type === 'number') expect([type, step], f.key).toEqual(['number', 'any']);
    if (f.type === 'enum') expect(await input.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean)), f.key).toEqual(f.values);
    if (f.type === 'boolean') expect(type, f.key).toBe('checkbox');
    // A file is pasted or dropped into a box; a GGUF file is opened (its header read: gguf.spec.mjs).
    if (f.type === 'file') expect([tag, f.key === 'gguf' ? type : 'textarea'], f.key).toEqual(f.key === 'gguf' ? ['INPUT', 'file'] : ['TEXTAREA', 'textarea']);
  }
});

test('the speed chart draws the core\'s speed_curve points', async ({ page }) => {
  await open(page, 'model=llama-3.1-70b&gpus=2');
  await expect(page.locator('#sec-speed svg.line-chart')).toBeVisible();
  const n = await page.evaluate(async () => JSON.parse(await window.headroom_app.hr.speed_curve(JSON.stringify(window.headroom_app.state), '')).points
    .filter((p) => typeof p.decode_tokens_per_s === 'number').length);
  expect(n).toBeGreaterThan(3);
  await expect(page.locator('#sec-speed svg.line-chart circle')).toHaveCount(n);
});

test('the speed chart marks the contexts the core places otherwise, and its caption names them', async ({ page }) => {
  // Qwen3.6-27B Q4_K_M on one RTX 4090 at 32K: every context up to 64K fits on the GPU; 128K does not (offload).
  await open(page, 'model=qwen3.6-27b&ctx=32768');
  await expect(page.locator('#sec-speed svg.line-chart')).toBeVisible();
  const [placement, moved] = await page.evaluate(async () => {
    const app = window.headroom_app;
    const state = JSON.stringify(app.state);
    const fit = JSON.parse(await app.hr.evaluate(state)).report.fit;
    const pts = JSON.parse(await app.hr.speed_curve(state, '')).points.filter((p) => typeof p.decode_tokens_per_s === 'number');
    return [fit.placement, pts.filter((p) => p.placement !== fit.placement).map((p) => [p.ctx, p.placement])];
  });
  expect(placement).toBe('gpu');
  expect(moved.length).toBeGreaterThan(0);
  await expect(page.locator('#sec-speed svg.line-chart circle.other')).toHaveCount(moved.length);
  await expect(page.locator('#sec-speed .chart-other')).toContainText(`${moved[0][0] / 1024}K: Partial offload to host RAM`);
});

test('the cost chart says which cheaper devices run the model only with part of it in host RAM', async ({ page }) => {
  await open(page, 'model=qwen3.6-27b&ctx=32768');
  const bars = page.locator('#sec-cost .hbars li');
  await expect(bars.first()).toBeVisible();
  // The hardware the recommendation search found, as the chart lists them (after this setup, the APIs and rentals).
  const recs = await page.evaluate(async () => {
    const app = window.headroom_app;
    return JSON.parse(await app.hr.recommend(JSON.stringify(app.state), 'model', 5)).report.recommendations.map((r) => r.fit.placement);
  });
  const offloaded = recs.slice(0, 4).filter((p) => p !== 'gpu').length;
  expect(offloaded).toBeGreaterThan(0);
  await expect(page.locator('#sec-cost .hb-note')).toHaveCount(offloaded);
  await expect(page.locator('#sec-cost .hb-note').first()).toHaveText('Partial offload to host RAM');
  // The recommendations' footnote names the host those rows rely on in words, from the scenario's host spec.
  await expect(page.locator('#sec-recs')).toContainText('rely on the host (64 GB of RAM at 80 GB/s, PCIe 25 GB/s;');
});

test('a model streamed from disk says so in the verdict, not "from host memory"', async ({ page }) => {
  // DeepSeek V3 Q4_K_M (404 GB) on two RTX 3090s with the default host (64 GB of RAM): streamed from disk.
  await open(page, 'model=deepseek-v3&gpu=rtx-3090&gpus=2');
  await expect(page.locator('#sec-verdict')).toContainText('Layers streamed from disk, one at a time');
  // 0.01 tokens/s says little: the seconds a token takes beside it, and the chart's ticks keep their digits.
  const tps = await page.locator('#sec-verdict [data-report="speed.decode_tokens_per_s"]').getAttribute('data-value');
  await expect(page.locator('#sec-verdict')).toContainText(`${Math.round(1 / Number(tps))} s per token`);
  await expect(page.locator('#sec-speed svg.line-chart text.tick').first()).toBeVisible();   // the curve arrives after the report
  const ticks = await page.locator('#sec-speed svg.line-chart text.tick').allTextContents();
  expect(ticks.slice(0, 3).filter((x) => x === '0').length).toBe(1);
  await open(page, 'model=llama-3.1-70b&gpu=rtx-3050-laptop-4gb&placement=stream');
  await expect(page.locator('#sec-verdict')).toContainText('Layers streamed from host memory, one at a time');
});

test('a link with ctx=32k opens 32768 tokens, shown in the field and rewritten in the link', async ({ page }) => {
  await open(page, 'ctx=32k');
  await expect(page.locator('#sec-verdict')).toContainText('32,768 tokens');
  await expect(page.locator('#f-ctx')).toHaveValue('32768');
  await expect.poll(() => new URL(page.url()).searchParams.get('ctx')).toBe('32768');
});

test('a pasted claims file is used but not put in the link, and the page says so', async ({ page }) => {
  const body = readFileSync(join(repo, 'tests', 'e2e', 'data', 'claims-cpu.json'), 'utf8');
  await open(page);
  await page.locator('.field-file[data-key="claims"] summary').click();
  await page.locator('#f-claims').fill(body);
  await expect(page.locator('#notes')).toContainText('claims');
  await page.waitForTimeout(300);
  expect(page.url()).not.toContain('claims=');
  await expect(page.locator('#sec-cli')).toContainText('--claims claims.json');
});

test('a first visit loads only what the result needs: no module, no Chinese strings in English, no file readers', async ({ page, browser, baseURL }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await open(page, 'lang=en');
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  // The default view's calls are the build's answers (data/answers.json): no module, no worker.
  expect(requests).toContain('/data/answers.json');
  expect(requests.filter((p) => /headroom\.wasm|headroom\.mjs|core-worker|i18n-zh\.js|headroom-readers\./.test(p))).toEqual([]);
  // The form is built from the answers; typing loads the module, and the result follows.
  const ctx = page.getByRole('spinbutton', { name: 'Context length' });
  await ctx.fill('32768');
  await expect(page.locator('[data-report="memory.kv_cache_bytes"]').first()).toHaveAttribute('data-value', '4294967296');
  expect(requests).toContain('/headroom.wasm');
  expect(requests.filter((p) => /headroom-readers\./.test(p))).toEqual([]);
  // The Chinese page loads its strings (and still no readers).
  const zh = await browser.newPage({ baseURL });
  const zh_requests = [];
  zh.on('request', (r) => zh_requests.push(new URL(r.url()).pathname));
  await open(zh, 'lang=zh');
  await zh.waitForLoadState('networkidle');
  expect(zh_requests).toContain('/js/i18n-zh.js');
  expect(zh_requests.filter((p) => /headroom-readers\./.test(p))).toEqual([]);
  await zh.close();
});

// Issue 13, "Read the real file": a GGUF file opened in the page. The test writes a Llama-3.1-70B-shaped
// Q4_K_M header (tests/e2e/gguf-writer.mjs) and truncates the file to its whole size, about 42.5 GB, sparse,
// in a temp folder; the page opens it through the file picker (a real click on "Open a GGUF file"). It must:
// show the result within a second, read under 16 MB of it (every Blob read counted by an init script), make
// no network request; agree with `headroom size --json --gguf <the same file>` on every number; carry it in
// the share link (the link reopens it without the file); say clearly what a file that is not GGUF is; take
// files dropped on the page; and say it all in Chinese on the Chinese page. Screenshots (English and
// Chinese) go to test-results/screens/gguf-*.png.
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, open, page_numbers, expect_same, expect_page_numbers, cli_path, repo } from './fixtures.mjs';
import { expect_chinese } from './zh-walk.mjs';
import { llama_gguf, LLAMA_70B, TINY } from './gguf-writer.mjs';

const shot = (name) => join(repo, 'test-results', 'screens', `${name}.png`);
const FILE_NAME = 'Meta-Llama-3.1-70B-Instruct-Q4_K_M.gguf';
let dir, big, big_path, not_gguf_path;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-gguf-e2e-'));
  big = llama_gguf(LLAMA_70B);
  big_path = join(dir, FILE_NAME);
  writeFileSync(big_path, big.header);
  truncateSync(big_path, big.size);   // sparse: the whole file's size, no data written
  not_gguf_path = join(dir, 'notes.gguf');
  writeFileSync(not_gguf_path, '{"model_type": "llama"}\n');
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli_gguf(path, ...args) {
  const r = spawnSync(cli_path, ['size', '--json', '--gguf', path, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`headroom size --gguf exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Every read of a file's bytes, counted in the page: File.slice sizes, and what arrayBuffer/text/stream read.
async function count_reads(page) {
  await page.addInitScript(() => {
    const c = { sliced: 0, read: 0, slices: 0 };
    window.__gguf_reads = c;
    const slice = Blob.prototype.slice;
    Blob.prototype.slice = function (...a) { const out = slice.apply(this, a); c.sliced += out.size; c.slices += 1; return out; };
    for (const m of ['arrayBuffer', 'text', 'stream', 'bytes']) {
      const f = Blob.prototype[m];
      if (f) Blob.prototype[m] = function (...a) { c.read += this.size; return f.apply(this, a); };
    }
    // When the file reached the page: its input's change event.
    document.addEventListener('change', (e) => { if (e.target?.type === 'file') c.t_input = performance.now(); }, true);
  });
}

// A real click on the button, and the file given to the picker it opens.
async function open_with_picker(page, path) {
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#gguf-open').click();
  await (await chooser).setFiles(path);
}

test('a 42.5 GB GGUF: result within a second, under 16 MB read, no request, the CLI\'s numbers, the link', async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  await count_reads(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await open(page, 'lang=en');
  await expect(page.locator('#gguf-open')).toBeVisible();
  await expect(page.locator('#hint-gguf')).toContainText('nothing is uploaded');
  await page.waitForLoadState('networkidle');
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin + '/')), 'only the page\'s own files').toEqual([]);
  const before = requests.length;

  const t0 = Date.now();
  await open_with_picker(page, big_path);
  const weights = page.locator('#sec-gguf [data-report="memory.weights_bytes"]');
  await expect(weights).toHaveAttribute('data-value', String(big.tensor_bytes));
  const wall_ms = Date.now() - t0;
  const c = await page.evaluate(() => ({ ...window.__gguf_reads, t_done: performance.getEntriesByName('headroom:gguf').at(-1)?.startTime }));
  const in_page_ms = c.t_done - c.t_input;
  console.log(`42.5 GB file: result ${in_page_ms.toFixed(1)} ms after the input's change event (${wall_ms} ms wall, picker included); `
    + `${c.sliced} bytes sliced in ${c.slices} slices, ${c.read} bytes read`);
  expect(in_page_ms).toBeLessThan(1000);   // issue 13's floor: from the file's change event to the result
  // The wall time includes Playwright's file chooser and the readers module's first fetch and compile: a hang guard, not
  // the floor (3 s failed once at 3589 ms wall on the 2-core machine while the page's own figure was 380 ms).
  expect(wall_ms).toBeLessThan(10000);
  expect(c.sliced).toBeLessThan(16e6);
  expect(c.read).toBeLessThan(16e6);

  // What the file holds, and the model field shows the file's name, fixed.
  await expect(page.locator('#sec-gguf [data-report="model.gguf.file_type"]')).toHaveText('Q4_K_M');
  await expect(page.locator('#sec-gguf [data-report="model.gguf.tensors"]')).toHaveText('723');
  await expect(page.locator('#sec-gguf')).toContainText('exact, from the file’s header');
  await expect(page.locator('#sec-gguf .gguf-types')).toContainText(/Q4_K \d+% · Q6_K \d+% · F32 /);
  await expect(page.locator('#sec-gguf [data-report="model.gguf.chat_template"]')).toHaveText('yes');
  await expect(page.getByLabel('Model', { exact: true })).toBeDisabled();
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(FILE_NAME);
  await expect(page.getByLabel('Quantization', { exact: true })).toBeDisabled();
  await expect(page.locator('#gguf-status')).toContainText('nothing uploaded');
  await expect(page.locator('#sec-cli code')).toContainText(`--gguf ${FILE_NAME}`);

  // The CLI's report for the same file: every number on the page.
  const want = cli_gguf(big_path);
  expect(want.memory.weights_bytes).toBe(big.tensor_bytes);
  await page.waitForTimeout(600);   // the recommendations and the ladder land after a pause
  expect_same(await page_numbers(page), want);
  expect(Number(await page.locator('[data-report="memory.total_bytes"]').first().getAttribute('data-value'))).toBe(want.memory.total_bytes);

  // Nothing left the page after the file was given: the only requests are the page's own modules (the default view
  // loads none before its first input: js/core.js) and its file readers (headroom-readers.mjs + .wasm, the second
  // module, fetched when a file is first opened).
  await page.waitForTimeout(400);
  const own = new Set(['headroom-readers.mjs', 'headroom-readers.wasm', 'headroom.mjs', 'headroom.wasm', 'js/core-worker.js', 'js/model-file.js'].map((f) => `${origin}/${f}`));
  expect(requests.slice(before).filter((u) => !own.has(u)), 'requests after the file was opened').toEqual([]);

  await page.screenshot({ path: shot('gguf-en-full'), fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot('gguf-en') });
  await page.locator('#sec-gguf').screenshot({ path: shot('gguf-en-panel') });

  // The share link carries the summary: a fresh load of it shows the same scenario, without the file.
  await expect(page).toHaveURL(/[?&]gguf=[A-Za-z0-9_-]+/);
  const link = await page.locator('#share-link').inputValue();
  expect(link).toMatch(/[?&]gguf=/);
  await page.goto(link);
  await page.locator('[data-report="memory.total_bytes"]').first().waitFor();
  await expect(page.locator('#sec-gguf [data-report="memory.weights_bytes"]')).toHaveAttribute('data-value', String(big.tensor_bytes));
  await expect(page.locator('#gguf-status')).toContainText('the file itself is not needed');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(FILE_NAME);
  expect_same(await page_numbers(page), want);
  await expect(page.locator('#sec-cli code')).toContainText(`--gguf ${FILE_NAME}`);

  // "Use a catalog model" gives the model back.
  await page.locator('#gguf-clear').click();
  await expect(page.locator('#sec-gguf')).toHaveCount(0);
  await expect(page.getByLabel('Model', { exact: true })).toBeEnabled();
  await expect(page).not.toHaveURL(/[?&]gguf=/);
});

test('with a GGUF open: a recommendation keeps the file, the ladder\'s formats are not choices, a KV rung is', async ({ page }) => {
  test.slow();
  await open(page, 'lang=en');
  await open_with_picker(page, big_path);
  await expect(page.locator('#sec-gguf')).toBeVisible();
  // The quant ladder: the file's format is its own (no format buttons), the KV cache formats still apply.
  const ladder = page.locator('#sec-ladder');
  await expect(ladder.locator('.ladder-gguf')).toContainText('q4_k_m');
  await expect(ladder.locator('[data-set*="\\"quant\\""]')).toHaveCount(0);
  await ladder.locator('[data-set="{\\"kv_quant\\":\\"q8_0\\"}"]').click();
  await expect(page).toHaveURL(/[?&]kv_quant=q8_0(&|$)/);
  await expect(page).toHaveURL(/[?&]gguf=/);
  await expect_page_numbers(page, cli_gguf(big_path, '--kv-quant', 'q8_0'));
  // Hardware that runs this file: opening one keeps the file (model "custom" is not applied).
  const rec = page.locator('[data-rec-source="model"] [data-apply]').first();
  await expect(rec).toBeVisible();
  // The recommendations are searched after a pause: until then the list is the one before the file (a catalog model).
  await expect.poll(async () => JSON.parse(await rec.getAttribute('data-apply')).model, { timeout: 15_000 }).toBeUndefined();
  const apply = JSON.parse(await rec.getAttribute('data-apply'));
  expect(apply.model).toBeUndefined();
  expect(apply.quant).toBeUndefined();
  await rec.click();
  await expect(page).toHaveURL(new RegExp(`[?&]gpu=${apply.gpu}(&|$)`));
  await expect(page.locator('#sec-gguf')).toBeVisible();
  const args = ['--kv-quant', 'q8_0', '--gpu', apply.gpu, ...(apply.gpus ? ['--gpus', String(apply.gpus)] : [])];
  await expect_page_numbers(page, cli_gguf(big_path, ...args));
});

// The published files' headers (tests/data/gguf), each as a sparse file of its listed size, through the picker:
// the page's numbers are the CLI's, or both refuse the file alike.
test('every GGUF fixture through the picker: the CLI\'s numbers', async ({ page }) => {
  test.slow();
  const fixtures = join(repo, 'tests', 'data', 'gguf');
  await open(page, 'lang=en');
  for (const f of readdirSync(fixtures).filter((x) => x.endsWith('.gguf'))) {
    const spec = JSON.parse(readFileSync(join(fixtures, f.replace(/\.gguf$/, '.json')), 'utf8'));
    const path = join(dir, f);
    writeFileSync(path, readFileSync(join(fixtures, f)));
    truncateSync(path, spec.expect.data_offset + (spec.expect.data_bytes ?? spec.expect.tensor_bytes));
    const r = spawnSync(cli_path, ['size', '--json', '--gguf', path], { encoding: 'utf8' });
    await open_with_picker(page, path);
    if (r.status !== 0) {
      await expect(page.locator('#err-gguf'), f).toContainText(f);
      continue;
    }
    const want = JSON.parse(r.stdout);
    await expect(page.locator('#sec-gguf [data-report="model.gguf.file"]'), f).toHaveText(f);
    await expect(page.locator('#err-gguf'), f).toBeEmpty();
    await page.waitForTimeout(300);
    expect_same(await page_numbers(page), want);
    await page.locator('#gguf-clear').click();
    await expect(page.locator('#sec-gguf')).toHaveCount(0);
  }
});

test('a split model: its shards opened together, in any order, equal the CLI given the first', async ({ page }) => {
  const split = llama_gguf(LLAMA_70B, 3);
  const paths = split.files.map((f, i) => {
    const path = join(dir, `Meta-Llama-3.1-70B-Instruct-Q4_K_M-0000${i + 1}-of-00003.gguf`);
    writeFileSync(path, f.header);
    truncateSync(path, f.size);
    return path;
  });
  await count_reads(page);
  await open(page, 'lang=en');
  // One shard alone: the page says to open them all.
  await open_with_picker(page, paths[1]);
  await expect(page.locator('#err-gguf')).toContainText('open all 3 files together');
  await open_with_picker(page, [paths[2], paths[0], paths[1]]);
  await expect(page.locator('#sec-gguf [data-report="model.gguf.shards"]')).toHaveAttribute('data-value', '3');
  await expect(page.locator('#sec-gguf [data-report="memory.weights_bytes"]')).toHaveAttribute('data-value', String(split.tensor_bytes));
  await expect(page.locator('#sec-gguf [data-report="model.gguf.file"]')).toHaveText('Meta-Llama-3.1-70B-Instruct-Q4_K_M-00001-of-00003.gguf');
  const c = await page.evaluate(() => window.__gguf_reads);
  expect(c.sliced).toBeLessThan(16e6);
  await expect_page_numbers(page, cli_gguf(paths[0]));
  await expect(page.locator('#sec-cli code')).toContainText('--gguf Meta-Llama-3.1-70B-Instruct-Q4_K_M-00001-of-00003.gguf');
});

test('a file that is not GGUF: a clear error beside the control, the scenario unchanged', async ({ page }) => {
  await open(page, 'lang=en&model=qwen3-8b');
  await open_with_picker(page, not_gguf_path);
  await expect(page.locator('#err-gguf')).toContainText('notes.gguf');
  await expect(page.locator('#err-gguf')).toContainText('not a GGUF file');
  await expect(page.locator('#sec-gguf')).toHaveCount(0);
  await expect(page.getByLabel('Model', { exact: true })).toBeEnabled();
  await expect(page).toHaveURL(/[?&]model=qwen3-8b/);
  // Then a real one: the error goes.
  await open_with_picker(page, big_path);
  await expect(page.locator('#sec-gguf')).toBeVisible();
  await expect(page.locator('#err-gguf')).toBeEmpty();
});

test('while the header is read: the control says so and waits', async ({ page }) => {
  // A slow disk: each read of a file's bytes takes 700 ms.
  await page.addInitScript(() => {
    const f = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function () { return new Promise((ok) => setTimeout(ok, 700)).then(() => f.call(this)); };
  });
  await open(page, 'lang=en');
  await open_with_picker(page, big_path);
  await expect(page.locator('#gguf-status')).toHaveText(`Reading the header of ${FILE_NAME}…`);
  await expect(page.locator('#gguf-status')).toHaveClass(/busy/);
  await expect(page.locator('#gguf-open')).toBeDisabled();
  await expect(page.locator('.field-gguf')).toHaveAttribute('aria-busy', '');
  await expect(page.locator('#sec-gguf [data-report="memory.weights_bytes"]')).toHaveAttribute('data-value', String(big.tensor_bytes));
  await expect(page.locator('#gguf-open')).toBeEnabled();
  await expect(page.locator('#gguf-status')).not.toHaveClass(/busy/);
});

test('files dropped on the page are read', async ({ page }) => {
  await count_reads(page);
  await open(page, 'lang=en');
  const tiny = llama_gguf(TINY);
  // A File in the page: the header, then zeros to the file's size (a few MB), dropped on the results.
  const dt = await page.evaluateHandle(({ header, size }) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(header), new Uint8Array(size - header.length)], 'tiny-llama-Q4_K_M.gguf'));
    return d;
  }, { header: [...tiny.header], size: tiny.size });
  await page.dispatchEvent('#results', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('#results', 'dragover', { dataTransfer: dt });
  await expect(page.locator('body')).toHaveClass(/gguf-dropping/);
  await page.dispatchEvent('#results', 'drop', { dataTransfer: dt });
  await expect(page.locator('#sec-gguf [data-report="memory.weights_bytes"]')).toHaveAttribute('data-value', String(tiny.tensor_bytes));
  await expect(page.locator('#sec-gguf [data-report="model.gguf.file"]')).toHaveText('tiny-llama-Q4_K_M.gguf');
  await expect(page.locator('body')).not.toHaveClass(/gguf-dropping/);
  // The same file from disk through the CLI: the same numbers.
  const path = join(dir, 'tiny-llama-Q4_K_M.gguf');
  writeFileSync(path, tiny.header);
  truncateSync(path, tiny.size);
  await expect_page_numbers(page, cli_gguf(path));
});

test('the Chinese page: the GGUF control and panel in Chinese', async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, 'lang=zh');
  await expect(page.locator('#gguf-open')).toHaveText('打开 GGUF 文件');
  await expect(page.locator('#hint-gguf')).toContainText('不会上传');
  await open_with_picker(page, big_path);
  await expect(page.locator('#sec-gguf h2')).toHaveText('GGUF 文件');
  await expect(page.locator('#sec-gguf')).toContainText('精确值，来自文件头');
  await expect(page.locator('#gguf-status')).toContainText('未上传');
  expect_same(await page_numbers(page), cli_gguf(big_path, '--currency', 'CNY'));
  await page.waitForTimeout(600);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot('gguf-zh') });
  await page.locator('#sec-gguf').screenshot({ path: shot('gguf-zh-panel') });
  await expect_chinese(page, 'GGUF');
  // A file that is not GGUF: the core's reason (English, marked so) in a Chinese sentence.
  await open_with_picker(page, not_gguf_path);
  await expect(page.locator('#err-gguf')).toContainText('无法读取 notes.gguf：不是 GGUF 文件');   // the core's code gguf_not_gguf
  await expect(page.locator('#err-gguf [lang="en"]')).toHaveCount(0);
  await page.locator('#err-gguf').screenshot({ path: shot('gguf-zh-error') });
  // The phone width: the control and the panel fit.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.locator('#sec-gguf').screenshot({ path: shot('gguf-zh-phone-panel') });
  // Switching language keeps the file, and says it all in English.
  await page.locator('#lang').click();
  await expect(page.locator('#sec-gguf h2')).toHaveText('GGUF file');
  await expect(page.locator('#gguf-status')).toContainText('nothing uploaded');
  await expect(page.locator('#err-gguf')).toContainText('Could not read notes.gguf: not a GGUF file');
  await expect(page.locator('#gguf-open')).toHaveText('Open a GGUF file');
});

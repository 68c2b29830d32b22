// Issue 13, a Hugging Face repository in the page (web/js/hf.js, docs/page.md "A Hugging Face repository").
// "Load from Hugging Face" is the page's one network request, made only on its click: here https://huggingface.co/**
// is routed (page.route) to the recorded files in tests/data/hf/<repo>/ (SOURCES.md), so no test touches the
// network. Checked: nothing is requested before the click; a loaded repo gives the numbers of
// `headroom size --json --config tests/data/hf/<repo>` (the CLI reads the folder; with config.json + index only,
// both sides size from the index alone); a 404 on the index goes on with config.json alone; offline, 401 and a
// 404 on config.json say so next to the control; the share link reopens it (with the summary; a repo id alone
// shows the id and the button, and requests nothing until clicked); a folder with config.json + index + a
// synthetic safetensors file (sparse, written here) reads its header only, "exact per tensor", equal to the CLI
// on the same folder; the Chinese page says it all in Chinese. Screenshots: test-results/screens/hf-*.png.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, open, page_numbers, expect_same, get_path, cli_path, repo } from './fixtures.mjs';
import { expect_chinese } from './zh-walk.mjs';

const shot = (name) => join(repo, 'test-results', 'screens', `${name}.png`);
const HF = join(repo, 'tests', 'data', 'hf');
const REPO_ID = 'lmstudio-community/Qwen3-14B-4bit';   // tests/data/hf/qwen3-14b-mlx-4bit (SOURCES.md)
const REPO_DIR = join(HF, 'qwen3-14b-mlx-4bit');
let dir, tiny_dir, tiny;

function cli_config(path, ...args) {
  const r = spawnSync(cli_path, ['size', '--json', '--config', path, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`headroom size --config ${path} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// A tiny Llama's config, its index and one safetensors file: the header written, the data a hole (sparse).
function tiny_repo(folder) {
  const config = { model_type: 'llama', architectures: ['LlamaForCausalLM'], num_hidden_layers: 2, hidden_size: 256, num_attention_heads: 4,
    num_key_value_heads: 2, head_dim: 64, vocab_size: 32000, intermediate_size: 512, max_position_embeddings: 4096, tie_word_embeddings: false,
    torch_dtype: 'bfloat16', rms_norm_eps: 1e-5 };
  const header = {};
  let at = 0;
  const add = (name, dtype, shape, size) => {
    const bytes = shape.reduce((a, b) => a * b, 1) * size;
    header[name] = { dtype, shape, data_offsets: [at, at + bytes] };
    at += bytes;
  };
  add('model.embed_tokens.weight', 'BF16', [32000, 256], 2);
  for (let l = 0; l < 2; l++) {
    const p = `model.layers.${l}.`;
    add(`${p}input_layernorm.weight`, 'F32', [256], 4);
    add(`${p}self_attn.q_proj.weight`, 'BF16', [256, 256], 2);
    add(`${p}self_attn.k_proj.weight`, 'BF16', [128, 256], 2);
    add(`${p}self_attn.v_proj.weight`, 'BF16', [128, 256], 2);
    add(`${p}self_attn.o_proj.weight`, 'BF16', [256, 256], 2);
    add(`${p}post_attention_layernorm.weight`, 'F32', [256], 4);
    add(`${p}mlp.gate_proj.weight`, 'BF16', [512, 256], 2);
    add(`${p}mlp.up_proj.weight`, 'BF16', [512, 256], 2);
    add(`${p}mlp.down_proj.weight`, 'BF16', [256, 512], 2);
  }
  add('model.norm.weight', 'F32', [256], 4);
  add('lm_head.weight', 'BF16', [32000, 256], 2);
  const shard = 'model-00001-of-00001.safetensors';
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'config.json'), JSON.stringify(config, null, 2));
  const index = { metadata: { total_size: at }, weight_map: Object.fromEntries(Object.keys(header).map((k) => [k, shard])) };
  writeFileSync(join(folder, 'model.safetensors.index.json'), JSON.stringify(index, null, 2));
  const path = join(folder, shard);
  writeFileSync(path, Buffer.concat([len, json]));
  truncateSync(path, 8 + json.length + at);   // the data: a hole
  return { size: 8 + json.length + at, header_bytes: 8 + json.length, data: at };
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-hf-e2e-'));
  tiny_dir = join(dir, 'tiny-llama');
  tiny = tiny_repo(tiny_dir);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

// https://huggingface.co/** answered from a folder of recorded files (or a status, or aborted); every URL asked recorded.
async function route_hf(page, folder, { config = 200, index = 200, abort = false } = {}) {
  const asked = [];
  await page.route('https://huggingface.co/**', async (route) => {
    const req = route.request();
    asked.push({ url: req.url(), credentials: req.headers().cookie ?? req.headers().authorization ?? null });
    if (abort) return route.abort('internetdisconnected');
    const file = new URL(req.url()).pathname.split('/').at(-1);
    const status = file === 'config.json' ? config : index;
    if (status !== 200) return route.fulfill({ status, contentType: 'text/plain', body: `status ${status}`, headers: { 'access-control-allow-origin': '*' } });
    return route.fulfill({ status: 200, contentType: 'application/json', body: readFileSync(join(folder, file)), headers: { 'access-control-allow-origin': '*' } });
  });
  return asked;
}

async function show_config(page) {
  const box = page.locator('details.field-file[data-key="config"]');
  if (!(await box.evaluate((d) => d.open))) await box.locator('summary').click();
  return box;
}
async function load(page, id) {
  await show_config(page);
  await page.getByLabel('Hugging Face repo id').fill('');
  await page.getByLabel('Hugging Face repo id').pressSequentially(id);
  await page.getByRole('button', { name: 'Load from Hugging Face' }).click();
}
// The browser logs a 401, a 404 or a refused connection as "Failed to load resource" (a console error the
// fixtures' guard counts): expected where a test asks for one, and taken out of the guard's list there only.
const expected_failed_loads = (guard) => guard.problems.splice(0, guard.problems.length, ...guard.problems.filter((p) => !/^console: Failed to load resource/.test(p)));
const weights = (page) => page.locator('[data-report="memory.weights_bytes"]').first();

test('nothing is requested before the click; Load gives the CLI\'s numbers for the same repository (index only)', async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const asked = await route_hf(page, REPO_DIR);
  await open(page, 'lang=en');
  await show_config(page);
  await page.waitForLoadState('networkidle');
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin + '/')), 'only the page\'s own files before the click').toEqual([]);
  expect(asked).toEqual([]);

  await load(page, REPO_ID);
  const cli = cli_config(REPO_DIR);
  await expect(weights(page)).toHaveAttribute('data-value', String(cli.memory.weights_bytes));
  await expect(page.locator('[data-report="memory.total_bytes"]').first()).toHaveAttribute('data-value', String(cli.memory.total_bytes));
  // Every number the same (the texts name the model by the repo id here, by the folder's name for the CLI:
  // model.gguf.file, model.source, launch.command).
  expect_same((await page_numbers(page)).filter(([path]) => typeof get_path(cli, path) === 'number'), cli);
  expect(asked.map((a) => a.url)).toEqual([`https://huggingface.co/${REPO_ID}/resolve/main/config.json`,
    `https://huggingface.co/${REPO_ID}/resolve/main/model.safetensors.index.json`]);
  expect(asked.every((a) => a.credentials === null), 'no cookie, no token').toBe(true);
  expect(requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('https://huggingface.co/'))).toEqual([]);
  // What was read, and the format quantization_config picked; the box shows config.json, never the summary.
  const status = page.locator('#hf-status');
  await expect(status).toContainText(`${REPO_ID}: config.json + index (total 8.3 GB, exact; split estimated) + 0 of 2 safetensors headers`);
  await expect(status).toContainText('Weight format from the repository’s config: int4');
  const box = await page.locator('#f-config').inputValue();
  expect(box).not.toContain('headroom.hf/1');
  expect(JSON.parse(box)).toEqual(JSON.parse(readFileSync(join(REPO_DIR, 'config.json'), 'utf8')));
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeDisabled();
  // The panel names the repository and says the split is estimated (the index alone), not "exact".
  const panel = page.locator('#sec-repo');   // the report's model.repo
  await expect(panel.locator('h2')).toHaveText('Hugging Face repository');
  await expect(panel).toContainText('2 safetensors files');
  await expect(panel).toContainText('the index’s total; its split over the layers is estimated');
  await expect(panel).not.toContainText('exact, from the file');
  await expect(page.locator('#sec-ladder .ladder-gguf')).toContainText('The repository’s weights are in its own format (int4)');
  await page.screenshot({ path: shot('hf-en') });
  await page.locator('details.field-file[data-key="config"]').screenshot({ path: shot('hf-en-control') });
});

test('a 404 on the index: a single-file model, config.json alone', async ({ page, guard }) => {
  const folder = join(HF, 'qwen3-1.7b-bf16');
  const asked = await route_hf(page, folder, { index: 404 });
  await open(page, 'lang=en');
  await load(page, 'Qwen/Qwen3-1.7B');
  await expect(page.locator('#hf-status')).toContainText('Qwen/Qwen3-1.7B: config.json only (no index: a single-file model)');
  await expect(page.locator('#hf-msg')).toHaveText('');
  expect(asked.length).toBe(2);
  // The same as the CLI given that config.json alone.
  const cli = cli_config(join(folder, 'config.json'));
  await expect(weights(page)).toHaveAttribute('data-value', String(cli.memory.weights_bytes));
  expected_failed_loads(guard);
});

test('offline, gated, no such repository, a bad id: said next to the control, nothing changed', async ({ page, guard }) => {
  await open(page, 'lang=en');
  const before = await weights(page).getAttribute('data-value');
  const msg = page.locator('#hf-msg');
  await load(page, 'not a repo');
  await expect(msg).toContainText('owner/name');
  let asked = await route_hf(page, REPO_DIR, { abort: true });
  await load(page, REPO_ID);
  await expect(msg).toHaveText('Could not reach huggingface.co; everything else works offline.');
  expect(asked.length).toBe(1);
  await page.unroute('https://huggingface.co/**');
  asked = await route_hf(page, REPO_DIR, { config: 401 });
  await load(page, 'meta-llama/Llama-3.1-8B');
  await expect(msg).toContainText('gated or private: open the model page on huggingface.co, accept its terms, download config.json and paste it');
  await page.unroute('https://huggingface.co/**');
  asked = await route_hf(page, REPO_DIR, { config: 404 });
  await load(page, 'nobody/nothing');
  await expect(msg).toContainText('No such repository');
  await expect(page.getByLabel('Hugging Face repo id')).toHaveAttribute('aria-invalid', '');
  // Each message sits by the control (under the repo id row), and the result is unchanged.
  const [row, m] = await Promise.all([page.locator('.hf-load-row').boundingBox(), msg.boundingBox()]);
  expect(m.y).toBeGreaterThanOrEqual(row.y + row.height - 1);
  expect(m.y - (row.y + row.height)).toBeLessThan(40);
  expect(await weights(page).getAttribute('data-value')).toBe(before);
  await msg.screenshot({ path: shot('hf-en-error') });
  expected_failed_loads(guard);
});

test('the share link reopens a loaded repository; a repo id alone waits for the click', async ({ page, context }) => {
  await route_hf(page, REPO_DIR);
  await open(page, 'lang=en');
  await load(page, REPO_ID);
  const cli = cli_config(REPO_DIR);
  await expect(weights(page)).toHaveAttribute('data-value', String(cli.memory.weights_bytes));
  await expect.poll(() => page.locator('#share-link').inputValue()).toContain('config=');
  const link = await page.locator('#share-link').inputValue();
  expect(new URL(link).searchParams.get('hf_repo')).toBe(REPO_ID);

  // Reopened in a new tab: the summary from the link, no request.
  const p2 = await context.newPage();
  const requests = [];
  p2.on('request', (r) => requests.push(r.url()));
  await p2.route('https://huggingface.co/**', (r) => r.abort());
  await p2.goto(link);
  await expect(weights(p2)).toHaveAttribute('data-value', String(cli.memory.weights_bytes));
  await expect(p2.locator('#hf-status')).toContainText(`From the link (${REPO_ID})`);
  await expect(p2.getByLabel('Hugging Face repo id')).toHaveValue(REPO_ID);
  expect(requests.filter((u) => u.startsWith('https://huggingface.co/'))).toEqual([]);
  await p2.close();

  // A summary too large for the link: the link carries the repo id alone (as here), the page shows it with the
  // button and a note, requests nothing; one click loads it.
  const p3 = await context.newPage();
  const req3 = [];
  p3.on('request', (r) => req3.push(r.url()));
  const asked = await route_hf(p3, REPO_DIR);
  await open(p3, `lang=en&hf_repo=${encodeURIComponent(REPO_ID)}`);
  await expect(p3.getByLabel('Hugging Face repo id')).toHaveValue(REPO_ID);
  await expect(p3.getByRole('button', { name: 'Load from Hugging Face' })).toBeVisible();
  await expect(p3.locator('#hf-status')).toContainText('one click on “Load from Hugging Face” reloads it');
  await expect(p3.locator('#notes')).toContainText(REPO_ID);
  await p3.waitForLoadState('networkidle');
  expect(asked).toEqual([]);
  expect(req3.filter((u) => u.startsWith('https://huggingface.co/'))).toEqual([]);
  expect(new URL(p3.url()).searchParams.get('hf_repo')).toBe(REPO_ID);   // the address keeps it
  await p3.getByRole('button', { name: 'Load from Hugging Face' }).click();
  await expect(weights(p3)).toHaveAttribute('data-value', String(cli.memory.weights_bytes));
  expect(asked.length).toBe(2);
  await p3.close();
});

test('a summary too large for a link: the link carries the repo id alone, and says so', async ({ page }) => {
  // A config.json with 12 KB of incompressible text: its summary does not fit the link's 6000 characters.
  const big = join(dir, 'big');
  mkdirSync(big, { recursive: true });
  const config = JSON.parse(readFileSync(join(REPO_DIR, 'config.json'), 'utf8'));
  let noise = '';
  for (let i = 0; noise.length < 12000; i++) noise += Math.random().toString(36).slice(2);
  config._comment = noise;
  writeFileSync(join(big, 'config.json'), JSON.stringify(config));
  writeFileSync(join(big, 'model.safetensors.index.json'), readFileSync(join(REPO_DIR, 'model.safetensors.index.json')));
  await route_hf(page, big);
  await open(page, 'lang=en');
  await load(page, 'someone/big-config');
  await expect(page.locator('#hf-status')).toContainText('someone/big-config: config.json + index');
  await expect(page.locator('#notes')).toContainText('The summary of someone/big-config is too large for a link');
  await expect.poll(() => page.locator('#share-link').inputValue()).toContain('hf_repo=someone%2Fbig-config');
  expect(new URL(await page.locator('#share-link').inputValue()).searchParams.get('config')).toBeNull();
});

test('a model folder: config.json + index + a safetensors header (sparse), exact per tensor, equal to the CLI', async ({ page }) => {
  await page.addInitScript(() => {
    const c = { sliced: 0, whole: [] };
    window.__hf_reads = c;
    const slice = Blob.prototype.slice;
    Blob.prototype.slice = function (...a) { const out = slice.apply(this, a); c.sliced += out.size; return out; };
    for (const m of ['arrayBuffer', 'text', 'stream', 'bytes']) {
      const f = Blob.prototype[m];
      if (f) Blob.prototype[m] = function (...a) { if (this instanceof File) c.whole.push(this.name); return f.apply(this, a); };
    }
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await open(page, 'lang=en');
  await show_config(page);
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#hf-open-folder').click();
  await (await chooser).setFiles(tiny_dir);
  const cli = cli_config(tiny_dir);
  await expect(weights(page)).toHaveAttribute('data-value', String(cli.memory.weights_bytes));
  expect_same(await page_numbers(page), cli);
  expect(cli.memory.weights_bytes).toBe(tiny.data);
  await expect(page.locator('#hf-status')).toContainText('config.json + 1 safetensors headers');
  await expect(page.locator('#hf-status')).toContainText('exact per tensor');
  await expect(page.locator('#hf-status')).toContainText('bf16');
  await expect(page.locator('#sec-repo')).toContainText('exact per tensor, from the safetensors headers');
  await expect(page.locator('#sec-repo')).toContainText('BF16');
  const c = await page.evaluate(() => window.__hf_reads);
  expect(c.whole.filter((n) => n.endsWith('.safetensors')), 'a safetensors file is only sliced').toEqual([]);
  expect(c.sliced).toBeLessThanOrEqual(8 + tiny.header_bytes);
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin + '/'))).toEqual([]);
  await page.locator('details.field-file[data-key="config"]').screenshot({ path: shot('hf-en-folder') });

  // The same files picked (or dropped) one by one: config.json pasted first, then the index and the shard added.
  await page.reload();
  await page.locator('[data-report="memory.total_bytes"]').first().waitFor();
  await show_config(page);
  await page.locator('#f-config').fill(readFileSync(join(tiny_dir, 'config.json'), 'utf8'));
  const ch2 = page.waitForEvent('filechooser');
  await page.locator('#hf-add-files').click();
  await (await ch2).setFiles([join(tiny_dir, 'model.safetensors.index.json'), join(tiny_dir, 'model-00001-of-00001.safetensors')]);
  await expect(weights(page)).toHaveAttribute('data-value', String(cli.memory.weights_bytes));
  await expect(page.locator('#hf-status')).toContainText('exact per tensor');
});

test('the Chinese page: the repository controls and messages in Chinese', async ({ page, guard }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  await route_hf(page, REPO_DIR, { config: 403 });
  await open(page, 'lang=zh');
  const box = page.locator('details.field-file[data-key="config"]');
  await box.locator('summary').click();
  await expect(page.getByRole('button', { name: '从 Hugging Face 加载' })).toBeVisible();
  await expect(page.locator('#hf-open-folder')).toHaveText('打开模型文件夹');
  await page.getByLabel('Hugging Face 仓库 ID').pressSequentially('meta-llama/Llama-3.1-8B');
  await page.getByRole('button', { name: '从 Hugging Face 加载' }).click();
  await expect(page.locator('#hf-msg')).toContainText('此仓库需授权或为私有');
  await expect_chinese(page, 'HF gated');
  await page.unroute('https://huggingface.co/**');
  await route_hf(page, REPO_DIR);
  await page.getByLabel('Hugging Face 仓库 ID').fill(REPO_ID);
  await page.getByRole('button', { name: '从 Hugging Face 加载' }).click();
  await expect(page.locator('#hf-status')).toContainText('config.json + 索引（共 8.3 GB，总量精确；各部分为估算）+ 2 个 safetensors 文件头中的 0 个');
  await expect(page.locator('#hf-status')).toContainText('仓库配置声明的权重格式：int4');
  await expect_chinese(page, 'HF loaded');
  await page.screenshot({ path: shot('hf-zh') });
  await box.screenshot({ path: shot('hf-zh-control') });
  await route_hf(page, REPO_DIR, { abort: true });
  await page.getByRole('button', { name: '从 Hugging Face 加载' }).click();
  await expect(page.locator('#hf-msg')).toHaveText('无法连接 huggingface.co；其他功能均可离线使用。');
  expected_failed_loads(guard);
});

// The wasm module in Node: the same core as the CLI, so the same report, to the byte.
// Run: node --test wasm/test/  (HEADROOM_WASM_DIR: folder with headroom.mjs + headroom.wasm,
// default build-wasm/site; HEADROOM_CLI: the native `headroom` binary for the cross-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repo, load_module } from './module.mjs';

const cli = process.env.HEADROOM_CLI ? resolve(process.env.HEADROOM_CLI) : null;

const hr = await load_module();

function evaluate(scenario) {
  const text = hr.evaluate(typeof scenario === 'string' ? scenario : JSON.stringify(scenario));
  assert.equal(typeof text, 'string');
  return JSON.parse(text);
}

// CLI options -> scenario keys: drop the dashes, dashes inside become underscores.
function optionsToScenario(args) {
  const scenario = {};
  for (let i = 0; i < args.length; i += 2) {
    assert.match(args[i], /^--[a-z]/, `option expected, got ${args[i]}`);
    const key = args[i].slice(2).replaceAll('-', '_');
    const value = args[i + 1];
    scenario[key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return scenario;
}

test('exports the four functions', () => {
  for (const name of ['evaluate', 'catalog', 'default_scenario', 'version']) {
    assert.equal(typeof hr[name], 'function', name);
  }
  assert.match(hr.version(), /^\d+\.\d+\.\d+/);
});

test('catalog lists models and devices', () => {
  const catalog = JSON.parse(hr.catalog());
  assert.ok(Array.isArray(catalog.models) && catalog.models.length > 0, 'models');
  assert.ok(Array.isArray(catalog.devices) && catalog.devices.length > 0, 'devices');
});

test('default scenario evaluates', () => {
  const scenario = JSON.parse(hr.default_scenario());
  assert.equal(typeof scenario, 'object');
  const result = evaluate(scenario);
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.equal(result.report.schema, 'headroom.report/1');
  const total = result.report.memory.total_bytes;
  assert.ok(Number.isSafeInteger(total) && total > 0, `memory.total_bytes = ${total}`);
  // The empty scenario means "all defaults".
  assert.deepEqual(evaluate({}), result);
});

test('bad input is a value naming the field', () => {
  const result = evaluate({ model: 'nope' });
  assert.equal(result.ok, false);
  assert.equal(result.error.field, 'model');
  assert.equal(typeof result.error.message, 'string');
  assert.ok(result.error.message.length > 0);
});

test('malformed JSON is a value, not a crash', () => {
  const result = evaluate('{"model":');
  assert.equal(result.ok, false);
  assert.equal(typeof result.error.message, 'string');
  // The module is still usable afterwards.
  assert.equal(evaluate(hr.default_scenario()).ok, true);
});

const cliCases = [
  [],
  ['--model', 'qwen3-30b-a3b', '--quant', 'q8_0', '--ctx', '32768'],
  ['--model', 'deepseek-v3', '--quant', 'q4_k_m', '--gpu', 'h100-sxm', '--gpus', '8'],
  ['--params-b', '13', '--quant', 'int8', '--method', 'rule-of-thumb'],
  ['--model', 'llama-3.1-70b', '--quant', 'q4_k_m', '--ctx', '8192', '--kv-quant', 'q8_0',
   '--gpu', 'rtx-4090', '--gpus', '2'],
];

for (const args of cliCases) {
  const name = `CLI and wasm agree: size ${args.join(' ') || '(defaults)'}`;
  test(name, () => {
    // No skipping: without the native CLI this cross-check cannot run, and that is a failure (scripts/test sets it).
    assert.ok(cli && existsSync(cli), `HEADROOM_CLI=${cli} does not exist: build the native CLI first`);
    const native = JSON.parse(execFileSync(cli, ['size', '--json', ...args], { encoding: 'utf8' }));
    const result = evaluate(optionsToScenario(args));
    assert.equal(result.ok, true, JSON.stringify(result.error));
    assert.deepEqual(result.report, native);
    assert.equal(JSON.stringify(result.report), JSON.stringify(native));
  });
}

// The file readers are the second module (wasm/readers.cpp), which the page fetches only when a file is opened,
// a repository loaded or a link carries a model file: the first module leaves them out and refuses a scenario's
// `config` and `gguf` keys, naming them; the second evaluates what they read, as the CLI's --config DIR does (the
// same folder, the same report to the byte), and the page routes such scenarios to it (web/js/model-file.js).
test('the file readers are in headroom-readers, not in the first module', async () => {
  for (const name of ['gguf_summary', 'hf_repo_summary']) assert.equal(hr[name], undefined, name);
  const readers = await load_module('headroom-readers');
  for (const name of ['gguf_summary', 'hf_repo_summary', 'evaluate', 'recommend', 'ladder', 'speed_curve']) assert.equal(typeof readers[name], 'function', name);
  const dir = join(repo, 'tests', 'data', 'hf', 'qwen3-14b-mlx-4bit');
  const out = JSON.parse(readers.hf_repo_summary(readFileSync(join(dir, 'config.json'), 'utf8'),
    readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'), new Uint8Array(0), '[]', 'qwen3-14b-mlx-4bit'));
  assert.equal(out.ok, true, JSON.stringify(out.error));
  const scenario = JSON.stringify({ config: JSON.stringify(out.hf_repo.summary) });
  for (const [key, value] of [['config', scenario], ['gguf', JSON.stringify({ gguf: { format: 'x' } })]]) {
    const refused = JSON.parse(hr.evaluate(value));
    assert.equal(refused.ok, false, key);
    assert.equal(refused.error.field, key);
  }
  const { carries_model_file } = await import(pathToFileURL(join(repo, 'web', 'js', 'model-file.js')).href);
  assert.equal(carries_model_file([scenario]), true);
  assert.equal(carries_model_file([JSON.stringify({ model: 'config', gpu: 'rtx-4090' }), 'model', 3]), false);
  assert.equal(carries_model_file(['seed-layerwise-vs-4090', JSON.stringify({ gguf: {} })]), true);
  const result = JSON.parse(readers.evaluate(scenario));
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.ok(cli && existsSync(cli), `HEADROOM_CLI=${cli} does not exist: build the native CLI first`);
  const native = execFileSync(cli, ['size', '--json', '--config', dir], { encoding: 'utf8' });
  assert.equal(JSON.stringify(result.report), JSON.stringify(JSON.parse(native)));
  const bad = JSON.parse(readers.gguf_summary(new Uint8Array(8), '[[8, 8]]', 'x.gguf'));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'gguf');
});

// The page builds its form from schema(): the same table the CLI prints, every field typed and grouped.
test('schema() is the CLI\'s `headroom schema --json`, and its defaults are default_scenario()\'s', () => {
  const schema = JSON.parse(hr.schema());
  assert.equal(schema.schema, 'headroom.schema/1');
  assert.equal(schema.version, hr.version());
  const defaults = JSON.parse(hr.default_scenario());
  const groups = new Set(schema.groups.map((g) => g.id));
  for (const f of schema.fields) {
    assert.ok(groups.has(f.group), `${f.key}: group ${f.group}`);
    if (f.key in defaults) assert.equal(String(f.default), String(defaults[f.key]), f.key);
    // Each listed value parses (it may still be refused with this model, e.g. cpu-moe for a dense one, but not as unknown).
    for (const v of f.type === 'enum' ? f.values : []) {
      const res = evaluate({ [f.key]: v });
      assert.ok(res.ok || !/^accepted: /.test(res.error.message), `${f.key}=${v}: ${res.error?.message}`);
    }
    if (f.default === null && (f.type === 'number' || f.type === 'integer')) {
      const res = evaluate({ [f.key]: -1 });
      assert.equal(res.ok, false, `${f.key}=-1 is refused`);
      assert.equal(res.error.field, f.key);
    }
  }
  assert.ok(cli && existsSync(cli), `HEADROOM_CLI=${cli} does not exist: build the native CLI first`);
  assert.deepEqual(JSON.parse(execFileSync(cli, ['schema', '--json'], { encoding: 'utf8' })), schema);
});

// The chart's points come from the core (the same function as `headroom curve`), not from scenarios built in JS.
test('speed_curve() is `headroom curve --json`', () => {
  const scenario = { model: 'llama-3.1-70b', gpu: 'rtx-4090', gpus: 2 };
  const res = JSON.parse(hr.speed_curve(JSON.stringify(scenario), ''));
  assert.equal(res.ok, true);
  assert.ok(res.points.length >= 8);
  assert.ok(res.points.some((p) => p.placement === 'offload') && res.points.some((p) => p.placement === 'gpu'));
  assert.ok(cli && existsSync(cli), `HEADROOM_CLI=${cli} does not exist: build the native CLI first`);
  const native = JSON.parse(execFileSync(cli, ['curve', '--model', 'llama-3.1-70b', '--gpu', 'rtx-4090', '--gpus', '2', '--json'], { encoding: 'utf8' }));
  assert.deepEqual(res, native);
  assert.equal(JSON.parse(hr.speed_curve('{"ctx":0}', '')).error.field, 'ctx');
});

// The Hugging Face repository controls and messages (web/js/hf.js, docs/page.md "A Hugging Face repository")
// are Chinese on the Chinese page, with the same placeholders; the state.js link key hf_repo is read and
// written as an owner/name id only. Run: node --test wasm/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { strings_en } = await import(pathToFileURL(join(repo, 'web', 'js', 'i18n.js')).href);
const { zh } = await import(pathToFileURL(join(repo, 'web', 'js', 'i18n-zh.js')).href);
const { parse_query, build_query } = await import(pathToFileURL(join(repo, 'web', 'js', 'state.js')).href);
const { valid_repo, fetch_repo } = await import(pathToFileURL(join(repo, 'web', 'js', 'hf.js')).href);

test('the repository strings are translated, with the same placeholders', () => {
  const keys = Object.keys(strings_en).filter((k) => /^(hf_|note_hf)/.test(k));
  assert.ok(keys.length >= 20, `${keys.length} keys`);
  const holes = (s) => [...new Set(String(s).match(/\{\d+\}/g) ?? [])].sort().join(',');
  for (const k of keys) {
    assert.ok(k in zh, k);
    // A string that is only punctuation around placeholders ('{0}: ') has its Chinese punctuation instead.
    if (/[A-Za-z]/.test(strings_en[k].replace(/\{\d+\}/g, ''))) assert.ok(/[\u4e00-\u9fff]/.test(zh[k]), `${k}: ${zh[k]}`);
    else assert.notEqual(zh[k], strings_en[k], k);
    assert.equal(holes(zh[k]), holes(strings_en[k]), k);
  }
  assert.match(strings_en.hf_offline, /could not reach huggingface\.co; everything else works offline/i);
});

test('hf_repo in a link: owner/name only; written beside config', () => {
  assert.equal(parse_query('?v=1&hf_repo=Qwen/Qwen3-8B').hf_repo, 'Qwen/Qwen3-8B');
  for (const bad of ['Qwen', '../etc', 'a/..', 'a/b/c', 'a b/c', `${'x'.repeat(60)}/${'y'.repeat(60)}`]) {
    const q = parse_query(`?hf_repo=${encodeURIComponent(bad)}`);
    assert.equal(q.hf_repo, null, bad);
    assert.deepEqual(q.notes, [['hf_repo', 'bad_value']], bad);
    assert.equal(valid_repo(bad), false, bad);
  }
  assert.equal(build_query({}, { hf_repo: 'Qwen/Qwen3-8B', config_b64: 'abc' }), 'v=1&hf_repo=Qwen%2FQwen3-8B&config=abc');
});

test('Load asks huggingface.co for config.json and the index, without credentials; says why it could not', async () => {
  const calls = [];
  const answer = (config, index) => async (url, opts) => {
    calls.push([url, opts.credentials]);
    if (config === 'throw') throw new TypeError('Failed to fetch');
    const st = url.endsWith('/config.json') ? config : index;
    return { ok: st === 200, status: st, text: async () => (st === 200 ? '{"x":1}' : '') };
  };
  assert.deepEqual(await fetch_repo('Qwen/Qwen3-8B', answer(200, 200)), { ok: true, config_text: '{"x":1}', index_text: '{"x":1}' });
  assert.deepEqual(calls, [['https://huggingface.co/Qwen/Qwen3-8B/resolve/main/config.json', 'omit'],
    ['https://huggingface.co/Qwen/Qwen3-8B/resolve/main/model.safetensors.index.json', 'omit']]);
  assert.deepEqual(await fetch_repo('a/b', answer(200, 404)), { ok: true, config_text: '{"x":1}', index_text: '' });
  assert.equal((await fetch_repo('a/b', answer(401))).why, 'gated');
  assert.equal((await fetch_repo('a/b', answer(403))).why, 'gated');
  assert.equal((await fetch_repo('a/b', answer(404))).why, 'missing');
  assert.equal((await fetch_repo('a/b', answer('throw'))).why, 'offline');
  assert.equal((await fetch_repo('a/b', answer(500))).why, 'http');
  calls.length = 0;
  assert.equal((await fetch_repo('../x', answer(200, 200))).why, 'bad_id');
  assert.deepEqual(calls, [], 'a bad id asks nothing');
});

// The page's own strings (web/js/i18n.js) have Chinese (web/js/i18n-zh.js): every English key, except the names
// that are the same in both languages (brands and tools, docs/glossary.md "What stays in Latin letters"), which
// fall back to English. Placeholders ({0}, {1}) are the same in both. Run: node --test wasm/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { strings_en } = await import(pathToFileURL(join(repo, 'web', 'js', 'i18n.js')).href);
const { zh } = await import(pathToFileURL(join(repo, 'web', 'js', 'i18n-zh.js')).href);
const SAME_IN_BOTH = new Set(['vendor_nvidia', 'vendor_amd', 'vendor_intel', 'tool_ollama', 'tool_vllm']);

test('every English string of the page has a Chinese one', () => {
  const missing = Object.keys(strings_en).filter((k) => !(k in zh) && !SAME_IN_BOTH.has(k));
  assert.deepEqual(missing, [], 'keys of i18n.js without a translation in i18n-zh.js');
  const stray = Object.keys(zh).filter((k) => !(k in strings_en) && !k.startsWith('acc:') && !k.startsWith('pm_market_'));
  assert.deepEqual(stray, [], 'keys of i18n-zh.js that i18n.js does not have');
});

test('the same placeholders in both languages', () => {
  const holes = (s) => [...new Set(String(s).match(/\{\d+\}/g) ?? [])].sort().join(',');
  const differ = Object.keys(zh).filter((k) => k in strings_en && holes(zh[k]) !== holes(strings_en[k]));
  assert.deepEqual(differ, [], 'strings whose {n} placeholders differ between English and Chinese');
});

test('the GGUF panel and control are translated', () => {
  for (const k of Object.keys(strings_en).filter((x) => /^(gguf_|g_|f_gguf|note_gguf|ladder_gguf)/.test(x))) {
    assert.ok(/[\u4e00-\u9fff]/.test(zh[k] ?? ''), `${k}: ${zh[k]}`);
  }
});

// Every sentence the core writes for people (warnings, input errors, claim verdicts, launch notes)
// has a stable code and an English template with named parameters: the module's messages() lists
// them (the CLI: `headroom messages`). The Chinese page (web/js/i18n-zh.js, messages_zh) must have a
// template for every code, with exactly the same parameters, and none for a code the core dropped.
// Run: node --test wasm/test/  (HEADROOM_WASM_DIR: folder with headroom.mjs + headroom.wasm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repo, load_module } from './module.mjs';

const hr = await load_module();
const { messages_zh } = await import(pathToFileURL(join(repo, 'web', 'js', 'i18n-zh.js')).href);

// The core's templates: {code: english}. messages() gives {"messages": [{code, kind, text, params}]}
// (or, in the shape first planned, {"warnings": {code: text}, "errors": {code: text}}).
function core_templates() {
  assert.equal(typeof hr.messages, 'function', 'the wasm module has messages()');
  const doc = JSON.parse(hr.messages());
  const out = {};
  if (Array.isArray(doc.messages)) for (const m of doc.messages) out[m.code] = m.text;
  for (const kind of ['warnings', 'errors', 'verdicts', 'notes']) Object.assign(out, doc[kind] ?? {});
  return out;
}
// The parameters a template names: "{name}" and "{@name}" (a fragment's code); "{{" is a brace. A
// parameter ending in _en is the core's English prose (a unit, an automatic default's description):
// a translation may leave it out (messages.cpp), and may not add one.
const names = (text) => [...new Set([...text.replaceAll('{{', '').matchAll(/\{@?([A-Za-z0-9_]+)\}/g)].map((m) => m[1]))].sort();

test('every core message has a Chinese template with the same parameters', () => {
  const core = core_templates();
  assert.ok(Object.keys(core).length > 20, 'messages() lists the codes');
  const missing = Object.keys(core).filter((c) => typeof messages_zh[c] !== 'string');
  assert.deepEqual(missing, [], 'codes without a Chinese template in web/js/i18n-zh.js (messages_zh)');
  const differ = Object.keys(core)
    .filter((c) => JSON.stringify(names(core[c]).filter((n) => !n.endsWith('_en'))) !== JSON.stringify(names(messages_zh[c])))
    .map((c) => `${c}: core {${names(core[c]).join('}, {')}} / zh {${names(messages_zh[c]).join('}, {')}}`);
  assert.deepEqual(differ, [], 'parameters that differ between the core and the Chinese template');
  const stale = Object.keys(messages_zh).filter((c) => !(c in core));
  assert.deepEqual(stale, [], 'Chinese templates for codes the core no longer has');
});

test('a Chinese template is Chinese: full-width punctuation, no English sentence', () => {
  for (const [code, text] of Object.entries(messages_zh)) {
    if (!text.replace(/\{@?[a-z0-9_]+\}/g, '').trim()) continue;   // only a fragment's place, or nothing
    assert.match(text, /[\u4e00-\u9fff]/, `${code}: has Chinese`);
    // Outside parameters, code spans and options, no run of three or more English words.
    const prose = text.replace(/\{@?[a-z0-9_]+\}/g, ' ').replace(/`[^`]*`/g, ' ').replace(/\S*[-_/.=:(")]\S*/g, ' ');
    assert.doesNotMatch(prose, /[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/, `${code}: no English sentence`);
    assert.doesNotMatch(text.replace(/`[^`]*`|\([^（）]*\)|"[^"]*"/g, ''), /[\u4e00-\u9fff][,;:?!]/, `${code}: full-width punctuation after Chinese`);
  }
});

// Golden reports through the wasm module: the same tests/golden/*.json files that tests/test_golden.cpp runs
// natively, compared the same way (as JSON values, numbers exactly; the paths that differ are listed), so the
// wasm core must give the approved reports too. File layout and how to approve a change: tests/test_golden.cpp
// and scripts/approve-golden.
// Run: node --test wasm/test/  (HEADROOM_WASM_DIR: folder with headroom.mjs + headroom.wasm, default build-wasm/site).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repo, load_module } from './module.mjs';

const goldenDir = join(repo, 'tests', 'golden');

const first = await load_module();
// A scenario with a model file (`config`, `gguf`) is answered by the readers module, as the page routes it
// (web/js/model-file.js, used here as is).
const readers = await load_module('headroom-readers');
const { carries_model_file } = await import(pathToFileURL(join(repo, 'web', 'js', 'model-file.js')).href);

// The module's answer for one golden file: {report} or {error}, as tests/test_golden.cpp builds it.
function answer(g) {
  const scenario = JSON.stringify(g.scenario);
  const hr = carries_model_file([scenario]) ? readers : first;
  let a;
  if (g.command === 'evaluate') a = JSON.parse(hr.evaluate(scenario));
  else if (g.command === 'recommend-model' || g.command === 'recommend-device')
    a = JSON.parse(hr.recommend(scenario, g.command === 'recommend-model' ? 'model' : 'device', g.top ?? 3));
  else if (g.command === 'preset') {
    a = JSON.parse(hr.preset(g.preset, scenario));
    if (a.ok) return { report: a.comparison };
  } else throw new Error(`unknown command '${g.command}' (evaluate, recommend-model, recommend-device, preset)`);
  return a.ok ? { report: a.report } : { error: a.error };
}

const shown = (v) => {
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Every path where `now` differs from `approved`: numbers by value, exactly; key order ignored.
function diff(approved, now, path = '', out = []) {
  const here = path || '<root>';
  if (isObject(approved) && isObject(now)) {
    for (const k of Object.keys(approved)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in now)) out.push(`${p}: removed (was ${shown(approved[k])})`);
      else diff(approved[k], now[k], p, out);
    }
    for (const k of Object.keys(now))
      if (!(k in approved)) out.push(`${path ? `${path}.${k}` : k}: added (now ${shown(now[k])})`);
  } else if (Array.isArray(approved) && Array.isArray(now)) {
    for (let i = 0; i < Math.min(approved.length, now.length); ++i) diff(approved[i], now[i], `${path}[${i}]`, out);
    if (approved.length !== now.length) out.push(`${here}: ${approved.length} elements, now ${now.length}`);
  } else if (isObject(approved) || isObject(now) || Array.isArray(approved) || Array.isArray(now) || approved !== now) {
    out.push(`${here}: ${shown(approved)} -> ${shown(now)}`);
  }
  return out;
}

const files = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();

test('the golden corpus is there', () => {
  assert.ok(files.length > 0, `no golden files in ${goldenDir}`);
});

for (const file of files) {
  test(`golden ${file}`, () => {
    const g = JSON.parse(readFileSync(join(goldenDir, file), 'utf8'));
    assert.ok('report' in g || 'error' in g, 'not approved yet: run scripts/approve-golden and review the new file');
    const approved = 'report' in g ? { report: g.report } : { error: g.error };
    const diffs = diff(approved, answer(g));
    if (diffs.length === 0) return;
    assert.fail(`${diffs.length} path(s) differ from the approved answer (approved -> now):\n` +
      diffs.slice(0, 10).map((d) => `  ${d}\n`).join('') +
      (diffs.length > 10 ? `  ... and ${diffs.length - 10} more\n` : '') +
      'If the wasm module alone differs, the two cores disagree; if both do and the change is intended: ' +
      'scripts/approve-golden, then review git diff tests/golden.');
  });
}

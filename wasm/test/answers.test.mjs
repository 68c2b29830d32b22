// The build's answers (data/answers.json: the page's default view, answered by the native core at build time by
// native-cli/page_answers.cpp through scripts/prerender-page.mjs) are the wasm module's own answers, to the byte:
// the page shows them instead of loading the module (web/js/core.js), so they must be what it would say.
// Run: node --test wasm/test/  (HEADROOM_WASM_DIR: the built site, default build-wasm/site).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wasmDir, load_module } from './module.mjs';

const hr = await load_module();

const file = join(wasmDir, 'data', 'answers.json');

test('the build wrote the default view\'s answers (the site was built with the native CLI)', () => {
  assert.ok(existsSync(file), `${file} is missing: build the native CLI and pass -DHEADROOM_NATIVE_CLI (scripts/build.sh does)`);
  const { calls, answers } = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(calls.length, answers.length);
  const names = new Set(calls.map((c) => c[0]));
  for (const n of ['schema', 'catalog', 'default_scenario', 'version', 'evaluate', 'recommend', 'ladder', 'speed_curve']) assert.ok(names.has(n), `no ${n} call`);
  // The English and the Chinese default views (app.js: currency=CNY for a Chinese reader).
  const scenarios = new Set(calls.filter((c) => c[0] === 'evaluate').map((c) => c[1]));
  assert.deepEqual([...scenarios].sort(), ['{"currency":"CNY"}', '{}']);
});

test('every answer is the wasm module\'s, to the byte', () => {
  const { calls, answers } = JSON.parse(readFileSync(file, 'utf8'));
  calls.forEach((call, i) => {
    const [name, ...args] = call;
    assert.equal(typeof hr[name], 'function', `the module has no ${name}`);
    const mine = hr[name](...args);
    if (mine !== answers[i]) {
      // Name the first difference, not two 100 KB strings.
      let at = 0;
      while (at < mine.length && mine[at] === answers[i][at]) at++;
      assert.fail(`${JSON.stringify(call)}: the native answer differs from the module's at ${at}: ` +
        `native ...${answers[i].slice(Math.max(0, at - 60), at + 60)}... wasm ...${mine.slice(Math.max(0, at - 60), at + 60)}...`);
    }
  });
});

test('an evaluate answer is a report, not an error', () => {
  const { calls, answers } = JSON.parse(readFileSync(file, 'utf8'));
  calls.forEach((call, i) => {
    if (call[0] !== 'evaluate') return;
    const r = JSON.parse(answers[i]);
    assert.equal(r.ok, true, `${JSON.stringify(call)}: ${answers[i].slice(0, 200)}`);
  });
});

// A GGUF file opened the page's way: the wasm reader is handed the file's first bytes, and asks for more until the
// header is whole (File.slice in the page); the summary it answers is the scenario's `gguf` field. The CLI's
// --gguf reads the same header from disk: both must give the same summary and the same report, to the byte.
// The fixtures (tests/data/gguf/*.gguf) are headers only: each stands for its published file, made here as a
// sparse file of the listed size. Run: node --test wasm/test/  (HEADROOM_WASM_DIR, HEADROOM_CLI as wasm.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, truncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repo, load_module } from './module.mjs';

const cli = process.env.HEADROOM_CLI ? resolve(process.env.HEADROOM_CLI) : null;
const dataDir = join(repo, 'tests', 'data', 'gguf');

const hr = await load_module();
// The reader is in the second module (wasm/readers.cpp, fetched by the page only when a file is opened), which
// also answers every scenario that carries a summary (the first module leaves the readers out).
const readers = await load_module('headroom-readers');

// The fixtures with everything the model needs (a header standing for a whole file; some list only tensors).
const fixtures = readdirSync(dataDir).filter((f) => f.endsWith('.gguf')).map((f) => {
  const spec = JSON.parse(readFileSync(join(dataDir, f.replace(/\.gguf$/, '.json')), 'utf8'));
  const header = readFileSync(join(dataDir, f));
  const size = spec.expect.data_offset + (spec.expect.data_bytes ?? spec.expect.tensor_bytes);
  return { name: f, header, size, spec };
});

// The file as the page sees it: `size` bytes, the header and then zeros (a sparse file). slice() counts what is read.
function fakeFile(header, size) {
  const f = { size, read: 0, slices: 0 };
  f.slice = (start, end) => {
    end = Math.min(end, size);
    const out = new Uint8Array(end - start);
    out.set(header.subarray(Math.min(start, header.length), Math.min(end, header.length)));
    f.read += end - start;
    f.slices += 1;
    return out;
  };
  return f;
}

// The page's loop (web/js/gguf.js does the same with File.slice): the first MiB of each file, then what the reader asks.
function readSummary(files, name) {
  const got = files.map((f) => f.slice(0, Math.min(f.size, 1 << 20)));
  for (let round = 0; round < 10; round++) {
    const data = new Uint8Array(got.reduce((n, g) => n + g.length, 0));
    let at = 0;
    for (const g of got) { data.set(g, at); at += g.length; }
    const out = JSON.parse(readers.gguf_summary(data, JSON.stringify(got.map((g, i) => [g.length, files[i].size])), name));
    if (!out.ok) return out;
    if (out.gguf.summary) return out;
    out.gguf.need_bytes.forEach((n, i) => { if (n > 0) got[i] = files[i].slice(0, n); });
  }
  throw new Error('the reader kept asking for more');
}

test('every fixture: the summary reads the listed file, at most 16 MB of it', () => {
  assert.ok(fixtures.length >= 3, 'fixtures in tests/data/gguf');
  for (const fx of fixtures) {
    const file = fakeFile(fx.header, fx.size);
    const out = readSummary([file], fx.name);
    assert.equal(out.ok, true, `${fx.name}: ${JSON.stringify(out.error)}`);
    const s = out.gguf.summary;
    assert.equal(s.format, 'headroom.gguf/1');
    assert.equal(s.tensors, fx.spec.expect.n_tensors, fx.name);
    assert.equal(s.bytes.total, fx.spec.expect.tensor_bytes, fx.name);
    assert.equal(s.architecture, fx.spec.expect.architecture, fx.name);
    assert.ok(file.read <= 16e6, `${fx.name}: read ${file.read} bytes`);
    assert.ok(file.slices <= 3, `${fx.name}: ${file.slices} slices`);
  }
});

test('a prefix shorter than the header: the reader asks for at least 1 MiB', () => {
  const out = JSON.parse(readers.gguf_summary(new Uint8Array(fixtures[0].header.subarray(0, 64)), JSON.stringify([[64, fixtures[0].size]]), 'x.gguf'));
  assert.equal(out.ok, true, JSON.stringify(out.error));
  assert.ok(out.gguf.need_bytes[0] >= 1 << 20, 'asks for at least 1 MiB');
});

test('bad input: a clear error naming gguf, never a crash', () => {
  const bad = [
    [new Uint8Array([1, 2, 3, 4]), '[[4, 4]]'],
    [new Uint8Array(16), '[[16, 16]]'],
    [new Uint8Array(8), '[[9, 100]]'],
    [new Uint8Array(8), '[]'],
    [new Uint8Array(8), 'not json'],
  ];
  for (const [data, parts] of bad) {
    const out = JSON.parse(readers.gguf_summary(data, parts, 'bad.gguf'));
    assert.equal(out.ok, false, parts);
    assert.equal(out.error.field, 'gguf');
    assert.ok(out.error.message.length > 10);
  }
  // A summary tampered with in a link: refused by the scenario, naming gguf.
  const good = readSummary([fakeFile(fixtures[0].header, fixtures[0].size)], fixtures[0].name).gguf.summary;
  for (const edit of [(s) => { s.bytes.layer = [-1]; }, (s) => { s.format = 'x'; }, (s) => { s.layer_mixer = 'Z'; },
    (s) => { s.bytes.layer.push(1e18); }, (s) => { s.shape.head_count = 0; }]) {
    const s = structuredClone(good);
    edit(s);
    const r = JSON.parse(readers.evaluate(JSON.stringify({ gguf: s, gpu: 'rtx-4090' })));
    assert.equal(r.ok, false, JSON.stringify(s).slice(0, 80));
    assert.equal(r.error.field, 'gguf');
  }
});

test('CLI --gguf and the page give the same summary and the same report, to the byte', () => {
  // No skipping: without the native CLI this cross-check cannot run, and that is a failure (scripts/test sets it).
  assert.ok(cli && existsSync(cli), `HEADROOM_CLI=${cli} does not exist: build the native CLI first`);
  const dir = mkdtempSync(join(tmpdir(), 'headroom-gguf-'));
  try {
    for (const fx of fixtures) {
      const path = join(dir, fx.name);
      writeFileSync(path, fx.header);
      truncateSync(path, fx.size);   // sparse: the listed size, no data written
      const page = readSummary([fakeFile(fx.header, fx.size)], fx.name);
      assert.equal(page.ok, true, `${fx.name}: ${JSON.stringify(page.error)}`);
      const args = ['--gpu', 'rtx-4090', '--ctx', '4096'];
      const r = JSON.parse(readers.evaluate(JSON.stringify({ gguf: page.gguf.summary, gpu: 'rtx-4090', ctx: 4096 })));
      const run = (argv) => {
        try {
          return { status: 0, stdout: execFileSync(cli, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
        } catch (e) {
          return { status: e.status, stdout: e.stdout, stderr: e.stderr };
        }
      };
      const size = run(['size', '--json', '--gguf', path, ...args]);
      if (!r.ok) {
        // a fixture without the keys a model needs (one lists only tensors): both sides refuse it, alike
        assert.notEqual(size.status, 0, fx.name);
        assert.ok(size.stderr.includes(r.error.message), `${fx.name}: ${size.stderr} / ${r.error.message}`);
        continue;
      }
      const shape = run(['shape', '--gguf', path]);
      assert.ok(shape.status === 0 || shape.status === 3, `${fx.name}: ${shape.stderr}`);   // 3: parts not understood, said
      const native = JSON.parse(shape.stdout);
      delete native.unknown_architecture;
      assert.deepEqual(page.gguf.summary, native, fx.name);
      assert.equal(size.status, 0, `${fx.name}: ${size.stderr}`);
      assert.equal(JSON.stringify(r.report, null, 2), JSON.stringify(JSON.parse(size.stdout), null, 2), fx.name);
      assert.equal(r.report.memory.weights_bytes,
        fx.spec.expect.tensor_bytes - (r.report.model.gguf.mtp_bytes ?? 0) - (r.report.model.gguf.vision_bytes ?? 0), fx.name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The GGUF fixtures (tests/data/gguf/*.gguf, written by scripts/make_gguf_fixtures.py from published files'
// tensor lists) read by an independent parser, @huggingface/gguf: its tensor names, types, shapes and offsets must
// be the source's, and its data offset and offsets the numbers tests/test_gguf.cpp checks headroom's reader gives
// (the fixture's "expect"). Fails, saying why, when the package is not installed: it is a devDependency
// (npm install --save-dev @huggingface/gguf@0.4.6), or point HEADROOM_HF_GGUF at its dist/index.mjs.
// Run: node --test wasm/test/gguf-crosscheck.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = join(repo, 'tests', 'data', 'gguf');

let hf = null;
let why = '';
try {
  hf = process.env.HEADROOM_HF_GGUF
    ? await import(pathToFileURL(resolve(process.env.HEADROOM_HF_GGUF)).href)
    : await import('@huggingface/gguf');
} catch (e) {
  why = `@huggingface/gguf is not installed (npm install --save-dev @huggingface/gguf@0.4.6): ${e.code ?? e.message}`;
}

// gguf_dump.py's type names -> ggml type ids (ggml.h enum ggml_type), as @huggingface/gguf numbers them too.
function typeId(name) {
  const id = hf.GGMLQuantizationType[name];
  assert.equal(typeof id, 'number', `@huggingface/gguf knows no type ${name}`);
  return id;
}

// The spec's tensor lines, the blk.{L} lines repeated per layer in their place (as the script writes them).
function specTensors(spec) {
  const marked = spec.tensors.flatMap((t, i) => (t.includes('{L}') ? [i] : []));
  let lines = spec.tensors;
  if (marked.length) {
    const [first, last] = [marked[0], marked[marked.length - 1]];
    const layers = [];
    for (let il = 0; il < (spec.layers ?? 0); il++)
      for (const t of spec.tensors.slice(first, last + 1)) layers.push(t.replaceAll('{L}', String(il)));
    lines = [...spec.tensors.slice(0, first), ...layers, ...spec.tensors.slice(last + 1)];
  }
  return lines.map((line) => {
    const [, dims, type, name] = line.split('|').map((c) => c.trim());
    const ne = dims.split(',').map((d) => BigInt(d.trim()));
    while (ne.length > 1 && ne[ne.length - 1] === 1n) ne.pop();
    return { name, type, ne };
  });
}

const fixtures = existsSync(dataDir)
  ? readdirSync(dataDir).filter((f) => f.endsWith('.json')).map((f) => join(dataDir, f))
  : [];

test('GGUF fixtures: @huggingface/gguf reads what headroom reads', async () => {
  assert.ok(hf, why);   // a devDependency (package.json): scripts/test installs it; missing, the cross-check fails, never skips
  let n = 0;
  for (const specPath of fixtures) {
    const spec = JSON.parse(readFileSync(specPath, 'utf8'));
    if (!spec.tensors) continue;
    const file = specPath.replace(/\.json$/, '.gguf');
    const parsed = await hf.gguf(file, { allowLocalFile: true });
    const want = specTensors(spec);
    assert.equal(parsed.tensorInfos.length, want.length, file);
    assert.equal(parsed.tensorInfos.length, spec.expect.n_tensors, file);
    for (let i = 0; i < want.length; i++) {
      const got = parsed.tensorInfos[i];
      assert.equal(got.name, want[i].name, `${file} tensor ${i}`);
      assert.equal(got.dtype, typeId(want[i].type), `${file} ${got.name} type`);
      assert.deepEqual(got.shape, want[i].ne, `${file} ${got.name} shape`);
    }
    assert.equal(Number(parsed.tensorDataOffset), spec.expect.data_offset, `${file} data offset`);
    const offsetSum = parsed.tensorInfos.reduce((s, t) => s + BigInt(t.offset), 0n);
    assert.equal(offsetSum, BigInt(spec.expect.offset_sum), `${file} offsets`);
    for (const [name, off] of Object.entries(spec.expect.tensor_offsets ?? {})) {
      const t = parsed.tensorInfos.find((x) => x.name === name);
      assert.ok(t, `${file}: no tensor ${name}`);
      assert.equal(BigInt(t.offset), BigInt(off), `${file} ${name} offset (the source's)`);
    }
    // The tensors per type, as the source's loader log counts them (what proves a reconstructed list).
    if (spec.expect.type_counts) {
      const got = {};
      for (const t of parsed.tensorInfos) {
        const name = hf.GGMLQuantizationType[t.dtype];
        got[name] = (got[name] ?? 0) + 1;
      }
      const want = Object.fromEntries(Object.entries(spec.expect.type_counts).map(([k, v]) => [hf.GGMLQuantizationType[typeId(k)], v]));
      assert.deepEqual(got, want, `${file} tensors per type`);
    }
    if (spec.expect.params !== undefined) {
      const params = parsed.tensorInfos.reduce((s, t) => s + t.shape.reduce((p, d) => p * BigInt(d), 1n), 0n);
      assert.equal(params, BigInt(spec.expect.params), `${file} parameters`);
    }
    const arch = parsed.metadata['general.architecture'];
    assert.equal(arch, spec.expect.architecture, file);
    assert.equal(Number(parsed.metadata[`${arch}.block_count`]), spec.expect.n_layer, file);
    n++;
  }
  assert.ok(n >= 1, 'no fixtures found');
});

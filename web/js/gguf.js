// A GGUF file opened in the page: only its header is read, in the browser, and nothing is uploaded.
// The wasm reader (the core's read_gguf, docs/gguf.md) is handed the first MiB of each file (all of it
// when smaller) and answers either the summary a scenario's `gguf` field carries, or how many bytes
// from the start of each file it needs; those are sliced and it is asked again. Nothing else of a
// file is ever read: File.slice(0, n) + arrayBuffer(), never file.text() or the whole file.
// wasm/test/gguf.test.mjs runs the same loop, and the CLI's --gguf reads the disk the same way.
export const FIRST_READ = 1 << 20;
const MAX_ROUNDS = 10;

// The first shard of a split model (llama-gguf-split's <name>-00001-of-00003.gguf) names the model,
// as the CLI's --gguf is given it; else the first file.
export function gguf_name(files) {
  return (files.find((f) => /-0*1-of-\d+\.gguf$/i.test(f.name)) ?? files[0]).name;
}

// files: File objects (one, or every shard of a split model, in any order).
// -> {ok: true, summary (JSON text), name, read (bytes sliced in all), size (bytes of all files)}
//  | {ok: false, error: {field: 'gguf', message}} (the reader's message, English, uncoded)
export async function read_gguf_summary(hr, files, on_round = () => {}) {
  const name = gguf_name(files);
  const size = files.reduce((n, f) => n + f.size, 0);
  let read = 0;
  const take = async (f, n) => {
    const buf = new Uint8Array(await f.slice(0, n).arrayBuffer());
    read += buf.length;
    return buf;
  };
  let got = await Promise.all(files.map((f) => take(f, Math.min(f.size, FIRST_READ))));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    on_round(read);
    const data = new Uint8Array(got.reduce((n, g) => n + g.length, 0));
    let at = 0;
    for (const g of got) { data.set(g, at); at += g.length; }
    const out = JSON.parse(hr.gguf_summary(data, JSON.stringify(got.map((g, i) => [g.length, files[i].size])), name));
    if (!out.ok) return { ok: false, error: out.error, read, size, name };
    if (out.gguf.summary) return { ok: true, summary: JSON.stringify(out.gguf.summary), read, size, name };
    got = await Promise.all(got.map((g, i) => (out.gguf.need_bytes[i] > 0 ? take(files[i], Math.min(files[i].size, out.gguf.need_bytes[i])) : g)));
  }
  return { ok: false, error: { field: 'gguf', page: 'gguf_rounds' }, read, size, name };   // the page's own text (i18n.js)
}

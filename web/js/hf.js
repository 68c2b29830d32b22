// A Hugging Face repository in the page (issue 13, docs/hf-repo.md): config.json, model.safetensors.index.json
// and the safetensors files' headers become the summary ("format": "headroom.hf/1") the scenario's config field
// carries, built by the core (the wasm export hf_repo_summary, the CLI's --config DIR in the browser).
// A .safetensors file is read only through File.slice: its first 8 bytes (the header's length N, little-endian),
// then the first 8 + N bytes; never the tensor data. The headers are used only when every shard the index names
// is given (as the CLI does with a folder): otherwise the index alone.
// "Load from Hugging Face" is the page's one network request, made only on that button's click: the repo's
// config.json and index from huggingface.co, without credentials (web/index.html's connect-src allows it).
export const INDEX_NAME = 'model.safetensors.index.json';
const MAX_HEADER = 100_000_000;   // safetensors' MAX_HEADER_SIZE: a larger N is not read (the core refuses it)

// owner/name, each [A-Za-z0-9._-], neither '.' nor '..' (the id goes into a URL path).
export function valid_repo(id) {
  if (typeof id !== 'string' || id.length > 96 || !/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(id)) return false;
  return id.split('/').every((p) => p !== '.' && p !== '..');
}

// files: File objects picked, dropped, or a folder's (webkitdirectory): config.json, the index and *.safetensors,
// by name; a folder's nested files (a subfolder's config.json) lose to the shallowest one.
export function pick_files(files) {
  const depth = (f) => (f.webkitRelativePath || f.name).split('/').length;
  const by = (test) => files.filter((f) => test(f.name)).sort((a, b) => depth(a) - depth(b));
  return {
    config: by((n) => n === 'config.json')[0] ?? null,
    index: by((n) => n === INDEX_NAME)[0] ?? null,
    shards: by((n) => /\.safetensors$/i.test(n)),
  };
}

// The shards whose headers are read: the index's files, all present (sorted, as the CLI's set), else none;
// without an index, model.safetensors.
function shards_to_read(index_text, shards) {
  const by_name = new Map(shards.map((f) => [f.name, f]));
  if (!index_text) return by_name.has('model.safetensors') ? [by_name.get('model.safetensors')] : [];
  let names = [];
  try { names = [...new Set(Object.values(JSON.parse(index_text).weight_map ?? {}).filter((v) => typeof v === 'string'))].sort(); } catch { return []; }
  return names.length && names.every((n) => by_name.has(n)) ? names.map((n) => by_name.get(n)) : [];
}

// The first 8 bytes, then the header they announce (only the 8 when N is beyond the file or the limit: the core says why).
async function read_header(f) {
  const head = new Uint8Array(await f.slice(0, Math.min(8, f.size)).arrayBuffer());
  if (head.length < 8) return head;
  const n = new DataView(head.buffer).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER) || 8n + n > BigInt(f.size)) return head;
  return new Uint8Array(await f.slice(0, 8 + Number(n)).arrayBuffer());
}

// -> {ok: true, summary (JSON text), info} | {ok: false, error: {field: 'config', message, code?}}
// info: {name, total, bytes_from ('headers'|'index'|'shape'), headers_read, shards (the index's files), quant}
export async function hf_summary(hr, { config_text, index_text = '', shards = [], name = '' }) {
  const files = shards_to_read(index_text, shards);
  const got = [];
  for (const f of files) got.push(await read_header(f));
  const data = new Uint8Array(got.reduce((n, g) => n + g.length, 0));
  let at = 0;
  for (const g of got) { data.set(g, at); at += g.length; }
  const parts = JSON.stringify(got.map((g, i) => [g.length, files[i].size]));
  const out = JSON.parse(hr.hf_repo_summary(config_text, index_text, data, parts, name));
  if (!out.ok) return { ok: false, error: out.error };
  return { ok: true, summary: JSON.stringify(out.hf_repo.summary), info: summary_info(out.hf_repo.summary) };
}

// What a summary says it was read from (also for one reopened from a link).
export function summary_info(s) {
  return {
    name: s.name ?? '', total: s.bytes?.total ?? s.total_size ?? 0, bytes_from: s.bytes_from ?? '',
    headers_read: s.bytes_from === 'headers' ? (s.shards ?? 0) : 0, shards: s.shards ?? 0, quant: s.quant ?? '',
  };
}
// The summary object of a config field's text, or null for a plain config.json.
export function parse_summary(text) {
  if (typeof text !== 'string' || !text.includes('headroom.hf/1')) return null;
  try { const s = JSON.parse(text); return s && s.format === 'headroom.hf/1' ? s : null; } catch { return null; }
}

// "Load from Hugging Face": config.json and the index of <repo> at main, without credentials.
// -> {ok: true, config_text, index_text ('' on a 404: a single-file model)} | {ok: false, why: 'offline'|'gated'|'missing'|'bad_id'|'http', status?}
export async function fetch_repo(repo, fetcher = fetch) {
  if (!valid_repo(repo)) return { ok: false, why: 'bad_id' };
  const get = async (file) => {
    try {
      const res = await fetcher(`https://huggingface.co/${repo}/resolve/main/${file}`, { credentials: 'omit', cache: 'no-store', redirect: 'follow' });
      return { status: res.status, text: res.ok ? await res.text() : '' };
    } catch { return { status: 0, text: '' }; }
  };
  const why = (st) => (st === 0 ? 'offline' : st === 401 || st === 403 ? 'gated' : st === 404 ? 'missing' : 'http');
  const config = await get('config.json');
  if (config.status !== 200) return { ok: false, why: why(config.status), status: config.status };
  const index = await get(INDEX_NAME);
  if (index.status === 404) return { ok: true, config_text: config.text, index_text: '' };
  if (index.status !== 200) return { ok: false, why: why(index.status), status: index.status };
  return { ok: true, config_text: config.text, index_text: index.text };
}

// Scenario state <-> URL query string. The URL holds only values that differ from the core's
// default scenario, plus `v=1`. Validation is the core's: a parameter the core rejects is
// dropped with a note (see app.js); here we only reject what cannot be a scenario value at all.
export const URL_VERSION = '1';

// A Chinese reader's page is in yuan, at the Chinese market's prices (the core's market auto picks it from the
// currency), unless the scenario names a currency: currency=CNY is then part of the scenario, the link and the CLI
// line like any other choice. The state for a language, changed in place (app.js; the build's default-view
// answers, scripts/prerender-page.mjs, ask for the same scenario).
export function in_lang(state, lang) {
  if (lang === 'zh' && !('currency' in state)) state.currency = 'CNY';
  return state;
}
// How many recommendations the page asks for, each way (app.js; scripts/prerender-page.mjs answers the same call).
export const REC_TOP = 5;
// Keys that are the page's own, not the scenario's.
const PAGE_KEYS = new Set(['v', 'lang', 'embed']);
const MAX_VALUE = 300;          // characters; no scenario value is longer (config is separate)
const MAX_CONFIG_B64 = 6000;    // a compressed config.json, or a GGUF header's summary, in a link
// The pasted or read files a link carries compressed (config.json; a GGUF file's summary): key -> its base64url.
const PACKED_KEYS = ['config', 'gguf'];

// -> { state, page: {lang, embed}, notes: [[param, reason]], config_b64, gguf_b64, hf_repo, version }
// hf_repo: the Hugging Face repository the config was loaded from (owner/name), the page's own key.
export function parse_query(search) {
  const params = new URLSearchParams(search);
  const state = {};
  const page = {};
  const notes = [];
  const packed = { config: null, gguf: null };
  let version = null;
  let hf_repo = null;
  const seen = new Set();
  for (const [key, value] of params) {
    if (seen.has(key)) { notes.push([key, 'duplicate']); continue; }
    seen.add(key);
    if (!/^[a-z][a-z0-9_]{0,40}$/.test(key)) { notes.push([key, 'unknown']); continue; }
    if (key === 'v') { version = value; continue; }
    if (key === 'lang') { if (value === 'en' || value === 'zh') page.lang = value; else notes.push([key, 'bad_value']); continue; }
    if (key === 'embed') { if (value === '1' || value === '0') page.embed = value === '1'; else notes.push([key, 'bad_value']); continue; }
    if (key === 'hf_repo') {
      if (value.length <= 96 && /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(value) && !value.split('/').some((p) => p === '.' || p === '..')) hf_repo = value;
      else notes.push([key, 'bad_value']);
      continue;
    }
    if (PACKED_KEYS.includes(key)) {
      if (value.length > MAX_CONFIG_B64 || !/^[A-Za-z0-9_-]+$/.test(value)) notes.push([key, 'bad_value']);
      else packed[key] = value;
      continue;
    }
    if (value.length > MAX_VALUE) { notes.push([key, 'too_long']); continue; }
    state[key] = value;
  }
  return { state, page, notes, config_b64: packed.config, gguf_b64: packed.gguf, hf_repo, version };
}

// order: the schema's field order (a link lists keys in it; any other key after, alphabetically).
function ordered_keys(obj, order) {
  return Object.keys(obj).sort((a, b) => {
    const ia = order.indexOf(a), ib = order.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

// state: the user's non-default values (strings or numbers); config_b64: compressed config or null;
// files: the keys whose values are pasted files (the schema's "file" fields): none travels as text,
// config.json as config_b64, a GGUF file's summary as gguf_b64 (compress_config).
// hf_repo: the repository a loaded config came from (with its summary in config_b64 when that fits).
export function build_query(state, { lang = null, embed = false, config_b64 = null, gguf_b64 = null, hf_repo = null, order = [], files = new Set() } = {}) {
  const p = new URLSearchParams();
  p.set('v', URL_VERSION);
  for (const key of ordered_keys(state, order)) {
    if (files.has(key)) continue;
    p.set(key, String(state[key]));
  }
  if (hf_repo) p.set('hf_repo', hf_repo);
  if (config_b64) p.set('config', config_b64);
  if (gguf_b64) p.set('gguf', gguf_b64);
  if (lang) p.set('lang', lang);
  if (embed) p.set('embed', '1');
  return p.toString();
}

// Drop values equal to the core's defaults so a link holds only what the user chose.
export function prune_defaults(state, defaults) {
  const out = {};
  for (const [k, v] of Object.entries(state)) {
    if (v === '' || v === null || v === undefined) continue;
    if (k in defaults && String(defaults[k]) === String(v)) continue;
    out[k] = v;
  }
  return out;
}

// The CLI line for a scenario: keys become options (dashes for underscores). A file field is its file:
// file_names[key] where the page knows it (a GGUF file's name), else <key>.json.
export function cli_line(state, command = 'size', order = [], files = new Set(), file_names = {}) {
  const parts = ['headroom', command];
  const arg = (v) => (/^[A-Za-z0-9_.,=:+-]+$/.test(v) ? v : `'${v.replaceAll("'", "'\\''")}'`);
  for (const key of ordered_keys(state, order)) {
    if (files.has(key)) { parts.push(`--${key.replaceAll('_', '-')}`, arg(file_names[key] ?? `${key}.json`)); continue; }
    parts.push(`--${key.replaceAll('_', '-')}`, arg(String(state[key])));
  }
  parts.push('--json');
  return parts.join(' ');
}

// config.json text <-> base64url(deflate-raw(text)); async, off the input path.
function b64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
function from_b64url(s) {
  const bin = atob(s.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}
export async function compress_config(text) {
  // Whitespace is not part of a config: minify first when it parses.
  let compact = text;
  try { compact = JSON.stringify(JSON.parse(text)); } catch { /* the core will say why */ }
  const packed = b64url(await pipe(new TextEncoder().encode(compact), new CompressionStream('deflate-raw')));
  return packed.length <= MAX_CONFIG_B64 ? packed : null;
}
export async function decompress_config(b64) {
  const bytes = await pipe(from_b64url(b64), new DecompressionStream('deflate-raw'));
  if (bytes.length > 1_000_000) throw new Error('too large');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

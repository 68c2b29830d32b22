// The page: state <-> URL, the form, and rendering the core's report. No formulas here: every
// number comes from the wasm module (the same C++ core as the CLI), and defaults come from it too.
import { start_core } from './core.js';
import { h, patch_children } from './dom.js';
import { t, has, set_lang, get_lang, load_lang, fmt_int, fmt_num, fmt_money, message_text, device_name, set_device_names } from './i18n.js';
import { parse_query, build_query, prune_defaults, cli_line, compress_config, decompress_config, URL_VERSION, in_lang, REC_TOP } from './state.js';
import { render_report, render_mini, render_check_body } from './render.js';
import { read_gguf_summary, gguf_name } from './gguf.js';
import { hf_summary, fetch_repo, pick_files, parse_summary, summary_info, valid_repo } from './hf.js';

const $ = (id) => document.getElementById(id);

// The form is built from the module's schema(): fields, types, ranges, enum values, groups, defaults.
// What stays here is the page's own layout: the context presets offered as buttons, which fields
// the embed view keeps, which groups stay unfolded.
const CTX_PRESETS = [2048, 4096, 8192, 16384, 32768, 65536, 131072];
const EMBED_KEYS = new Set(['model', 'quant', 'ctx', 'gpu', 'gpus']);
const OPEN_GROUPS = new Set(['what_runs', 'where', 'finetune']);

const app = {
  hr: null, schema: null, order: [], files: new Set(), defaults: {}, catalog: null, state: {}, report: null, error: null, provenance: null,
  embed: false, lang_explicit: null, notes: [], sweep: null, sweep_key: '', config_b64: null, config_too_big: false, ladder: null, last_ladder: null,
  // A GGUF file's header summary in the link (gguf_b64); what reading it took (gguf_info: {name, read, size, ms}, or
  // {from_link}); the file being read (gguf_busy: {name}); the reader's or the core's refusal (gguf_error: {name, error}).
  gguf_b64: null, gguf_too_big: false, gguf_info: null, gguf_busy: null, gguf_error: null,
  // A Hugging Face repository (js/hf.js): the repo id the config was loaded from, carried in the link (hf_repo);
  // hf_pending: a link's repo id whose summary did not fit (shown with the Load button, nothing requested);
  // hf_files: the files given so far ({config_text, index_text, shards, name}); hf_busy: the repo being loaded;
  // hf_msg: what went wrong ({page: i18n key, arg} or {error: the core's}); hf_from_link: the summary came in a link.
  hf_repo: null, hf_pending: false, hf_files: null, hf_busy: null, hf_msg: null, hf_from_link: false,
};
window.headroom_app = app;
// Resolved once boot has built the form (the core answers, the defaults and catalog are in).
let became_interactive;
const interactive = new Promise((ok) => { became_interactive = ok; });   // for the benchmark script and debugging; read-only use


// ---- evaluation ---------------------------------------------------------------------------
// The core runs in a worker (js/core.js): every call answers a promise. The page's first evaluate is
// timed (scripts/bench-page.mjs reads the measures): 'headroom:first-evaluate' is its time in the module
// (the worker's warm-up has compiled the code it runs), 'headroom:first-evaluate-rtt' the round trip from
// this thread, waiting for the warm-up included when it is still running.
// An evaluate the build answered (the default view: js/core.js) is not the module's and is not timed.
let evaluated = false;
async function evaluate(state) {
  const t0 = performance.now();
  const { result, ms, answered } = await app.hr.timed('evaluate', JSON.stringify(state));
  if (!evaluated && !answered) {
    evaluated = true;
    performance.measure('headroom:first-evaluate-rtt', { start: t0 });
    performance.measure('headroom:first-evaluate', { start: performance.now() - ms, duration: ms });
  }
  return JSON.parse(result);
}

// Drop URL parameters the core rejects, one at a time, noting each.
// asked: called once the first evaluate is asked (what the page wants next goes in the worker's queue behind it).
async function sanitize(state, notes, asked = () => {}) {
  for (let i = 0; i < 40; i++) {
    const pending = evaluate(state);
    asked();
    const res = await pending;
    if (res.ok) return res;
    const f = res.error.field;
    if (f && f in state) {
      notes.push([f, res.error]);
      delete state[f];
      if (f === 'config') app.config_b64 = null;
      if (f === 'gguf') { app.gguf_b64 = null; app.gguf_info = null; }
    } else {
      // An error that names no given field: start again from the defaults.
      for (const k of Object.keys(state)) { notes.push([k, res.error]); delete state[k]; }
    }
  }
  return evaluate({});
}

function evaluate_into_app(res) {
  if (res.ok) {
    app.report = res.report;
    app.error = null;
  } else {
    app.error = res.error;
  }
}
// An input's result: the scenario as it is now, evaluated in the worker; a result that a newer input's
// has overtaken is not shown (that one is on its way).
// url_now: the address bar follows at once (a click), not after typing stops.
let run_seq = 0;
async function run(pre = null, url_now = false) {
  const seq = ++run_seq;
  const res = pre ?? await evaluate(app.state);
  if (seq !== run_seq) return;
  evaluate_into_app(res);
  render_results();
  sync_form();
  update_url(url_now);
  document.dispatchEvent(new Event('headroom:rendered'));   // the result is on the page (scripts/bench-page.mjs times to it)
}

// ---- URL ----------------------------------------------------------------------------------
function current_query({ embed = app.embed } = {}) {
  return build_query(app.state, { lang: app.lang_explicit, embed, config_b64: app.config_b64, gguf_b64: app.gguf_b64,
    hf_repo: app.hf_repo && (app.hf_pending || app.state.config) ? app.hf_repo : null, order: app.order, files: app.files });
}
function full_url(opts) {
  return `${location.origin}${location.pathname}?${current_query(opts)}`;
}
// The address bar follows the state a moment after typing stops (browsers throttle replaceState).
let url_timer = 0;
function update_url(now = false) {
  clearTimeout(url_timer);
  const apply = () => {
    const q = current_query();
    if (location.search.slice(1) !== q) history.replaceState(null, '', `?${q}`);
    render_share();
  };
  if (now) apply(); else url_timer = setTimeout(apply, 120);
}
// A pasted config.json or a GGUF file's summary travels in the link compressed (state.js).
const link_seq = { config: 0, gguf: 0 };
async function update_config_link(key = 'config') {
  const seq = ++link_seq[key];
  const text = app.state[key];
  let b64 = null, too_big = false;
  if (typeof text === 'string' && text.length) {
    try { b64 = await compress_config(text); too_big = !b64; } catch { too_big = true; }
  }
  if (seq !== link_seq[key]) return;
  app[`${key}_b64`] = b64;
  app[`${key}_too_big`] = too_big;
  update_url();
  render_notes();
}
// One model source at a time: a catalog model, a config.json, a GGUF file or a parameter count.
function drop_config() { delete app.state.config; app.config_b64 = null; app.config_too_big = false; link_seq.config++; drop_hf(); }
function drop_hf() { app.hf_repo = null; app.hf_pending = false; app.hf_files = null; app.hf_msg = null; app.hf_from_link = false; }
function drop_gguf() { delete app.state.gguf; app.gguf_b64 = null; app.gguf_too_big = false; app.gguf_info = null; app.gguf_error = null; link_seq.gguf++; }

// ---- form ---------------------------------------------------------------------------------
const field_els = new Map();   // key -> {wrap, input, err}

function set_value(key, value) {
  if (value === '' || value === null || value === undefined) delete app.state[key];
  else app.state[key] = value;
  app.state = prune_defaults(app.state, app.defaults);
}

// The model field searches (in the worker) before it knows whether the text names a model; the answer
// to an older text is dropped.
let model_seq = 0;
async function on_model_input(value) {
  const seq = ++model_seq;
  const res = await model_search(value);
  if (seq !== model_seq) return;
  show_model_list(value, res);
  const id = resolved(value, res);
  if (!id) return;
  drop_config(); drop_gguf(); delete app.state.params_b;
  set_value('model', id);
  run();
}

function on_input(key, value) {
  if (key === 'model') {
    on_model_input(value);
    return;
  } else if (key === 'params_b') {
    if (value !== '') { drop_config(); drop_gguf(); delete app.state.model; }
    set_value('params_b', value);
  } else if (key === 'config') {
    // Typed or pasted text is a plain config.json (a repository's summary is never shown in the box).
    if (value.trim() === '') drop_config();
    else { delete app.state.model; delete app.state.params_b; drop_gguf(); drop_hf(); app.state.config = value; }
    update_config_link();
  } else if (key === 'gpu') {
    if (value === '__custom') {
      delete app.state.gpu;
      app.gpu_pending = 0;
      if (!app.state.gpu_spec) app.state.gpu_spec = t('f_gpu_spec_hint');
    } else {
      // The first card of a mixed machine: the others stay (gpu = the '+'-joined ids).
      const rest = gpu_ids().slice(1);
      delete app.state.gpu_spec;
      if (rest.length) delete app.state.gpus;
      set_value('gpu', [value, ...rest].join('+'));
    }
  } else {
    set_value(key, value);
    // A price picked from a table replaces the one typed, and the other way round.
    const other = { api: 'api_price_per_mtok', api_price_per_mtok: 'api', rent: 'cloud_gpu_per_hour', cloud_gpu_per_hour: 'rent' }[key];
    if (other && value !== '') delete app.state[other];
    if (app.files.has(key)) render_notes();
  }
  run();
}

// A field's label: the page's text, naming the currency's unit for money fields (电价（元/度）).
const MONEY_FIELDS = ['price', 'kwh_price', 'api_price_per_mtok', 'cloud_gpu_per_hour'];
function field_label(key) {
  if (!key) return '—';
  const cur = app.state.currency ?? app.report?.scenario?.currency ?? app.defaults.currency;
  if (MONEY_FIELDS.includes(key) && has(`f_${key}_${cur}`)) return t(`f_${key}_${cur}`);
  return has(`f_${key}`) ? t(`f_${key}`) : key.replaceAll('_', ' ');
}

// ---- the model search: the core's search_models() finds by id, name, family, Hugging Face repo id
// and size ("8b", "30b a3b"), and says "did you mean" when nothing matches. Its results are the
// listbox under the field (a combobox: arrows move, Enter or a click picks, Escape closes).
const MODEL_RESULTS = 8;
async function model_search(value) {
  return value.trim() ? JSON.parse(await app.hr.search_models(value, MODEL_RESULTS)) : { exact: '', matches: [], suggestions: [] };
}
// The model a text names: an id or repo id (any case), or a display name.
function resolved(value, res) {
  const s = value.trim().toLowerCase();
  return res.exact || res.matches.find((m) => m.name.toLowerCase() === s)?.id || null;
}
async function resolve_model(v) { return resolved(v, await model_search(v)); }

let model_active = -1;
function model_options() { return [...(field_els.get('model')?.list.querySelectorAll('[role=option]') ?? [])]; }
function set_model_list_open(open) {
  const f = field_els.get('model');
  if (!f) return;
  f.list.hidden = !open;
  f.input.setAttribute('aria-expanded', open ? 'true' : 'false');
  if (!open) { model_active = -1; f.input.removeAttribute('aria-activedescendant'); }
}
function show_model_list(value, res) {
  const f = field_els.get('model');
  const v = value.trim();
  const none = v !== '' && !res.matches.length;
  f.err.textContent = none ? t('model_none', v.length > 60 ? `${v.slice(0, 60)}…` : v) : '';
  const by_id = new Map(app.catalog.models.map((m) => [m.id, m]));
  // Matches, or the suggestions (ids, or repo ids when a repo id was typed).
  const rows = none ? res.suggestions.map((id) => ({ id, name: by_id.get(id)?.name ?? id, hf_repo: '', release_date: '' })) : res.matches;
  const option = (m, i) => h('li', {
    role: 'option', id: `model-opt-${i}`, class: 'model-opt', 'data-id': m.id, 'aria-selected': 'false',
    onmousedown: (e) => { e.preventDefault(); pick_model(m.id); },
  }, h('span', { class: 'opt-name' }, m.name), ' ', h('span', { class: 'opt-meta' }, [m.id, m.hf_repo, m.release_date].filter((x) => x && x !== m.name).join(' · ')));
  f.list.replaceChildren(...(none && rows.length ? [h('li', { role: 'presentation', class: 'opt-head' }, t('model_did_you_mean'))] : []), ...rows.map(option));
  model_active = -1;
  set_model_list_open(v !== '' && rows.length > 0 && document.activeElement === f.input);
}
// A model picked from the list: its id is the catalog's, no search needed (a search still on its way for the
// typed text is dropped, so it does not open the list again).
function pick_model(id) {
  const f = field_els.get('model');
  f.input.value = id;
  f.err.textContent = '';
  set_model_list_open(false);
  model_seq++;
  drop_config(); drop_gguf(); delete app.state.params_b;
  set_value('model', id);
  run();
}
function on_model_key(e) {
  const opts = model_options();
  const f = field_els.get('model');
  if (e.key === 'Escape') { set_model_list_open(false); return; }
  if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && opts.length) {
    e.preventDefault();
    if (f.list.hidden) set_model_list_open(true);
    model_active = (model_active + (e.key === 'ArrowDown' ? 1 : opts.length - 1 + (model_active < 0 ? 1 : 0))) % opts.length;
    opts.forEach((o, i) => o.setAttribute('aria-selected', i === model_active ? 'true' : 'false'));
    f.input.setAttribute('aria-activedescendant', opts[model_active].id);
    opts[model_active].scrollIntoView({ block: 'nearest' });
  } else if (e.key === 'Enter' && !f.list.hidden && opts.length) {
    e.preventDefault();
    pick_model(opts[Math.max(0, model_active)].dataset.id);
  }
}

// A select's options: an enum's values, or a catalog's ids (devices by category, weight formats by kind).
function options_for(f) {
  const opt = (v, label = v) => h('option', { value: v }, label);
  const grouped = (rows, by, label_of, text_of) => {
    const groups = {};
    for (const r of rows) (groups[r[by]] ??= []).push(r);
    return Object.entries(groups).map(([g, rs]) => h('optgroup', { label: label_of(g) }, rs.map((r) => opt(r.id, text_of(r)))));
  };
  const none = f.default === null ? [opt('', '—')] : [];
  if (f.type === 'enum') return [...none, ...f.values.map((v) => opt(v, has(`o_${v}`) ? t(`o_${v}`) : v))];
  const rows = app.catalog[f.catalog] ?? [];
  // A rental prices the scenario's own GPU (the core refuses another): only this device's rows.
  if (f.catalog === 'rentals') return [opt('', t('choose_none')), opt('auto', t('rent_auto')), ...price_groups(f.catalog, rows.filter((r) => r.gpu === rent_device()), opt)];
  if (f.catalog === 'apis') return [opt('', t('choose_none')), ...price_groups(f.catalog, rows, opt)];
  if (f.catalog === 'devices') return [...device_groups(rows, opt), opt('__custom', t('f_custom_device'))];
  if (f.catalog === 'weight_formats') return grouped(rows, 'kind', (k) => (has(`wf_${k}`) ? t(`wf_${k}`) : k), (r) => r.id);
  if (f.catalog === 'models') return [opt('', t('o_none')), ...rows.map((r) => opt(r.id, r.name ?? r.id))];
  return [...none, ...rows.map((r) => opt(r.id, r.name ?? r.id))];
}

// The dated price tables (the core's apis() and rentals()): one group per provider or platform, its
// name in the reader's language; in Chinese the ones that price in yuan first. An option names the
// model (or the GPU) and its prices; the date and source are said beside the picker (price_line).
function price_groups(table, rows, opt) {
  const api = table === 'apis';
  const by = new Map();
  for (const r of rows) {
    const k = api ? r.provider ?? r.id.split('/')[0] : r.platform ?? r.id.split('/')[0];
    if (!by.has(k)) by.set(k, []);
    by.get(k).push(r);
  }
  const zh = get_lang() === 'zh';
  const name = (r) => (zh && (r.provider_name_zh || r.platform_name_zh)) || (api ? r.provider_name : r.platform_name) || r.id.split('/')[0];
  const yuan = (rs) => rs.some((r) => r.currency === 'CNY');
  const keys = [...by.keys()].sort((a, b) => (zh ? yuan(by.get(b)) - yuan(by.get(a)) : 0) || collate(name(by.get(a)[0]), name(by.get(b)[0])));
  const text = (r) => (api
    ? `${r.id.split('/').slice(1).join('/')} · ${fmt_money(r.input_per_mtok, r.currency)} / ${fmt_money(r.output_per_mtok, r.currency)}`
    : `${fmt_money(r.per_gpu_hour, r.currency)}${t('per_gpu_hour_unit')} · ${t('price_dated', r.date ?? '—')}`);   // the scenario's GPU: its name is the field's
  return keys.map((k) => h('optgroup', { label: name(by.get(k)[0]) },
    by.get(k).slice().sort((a, b) => collate(a.id, b.id)).map((r) => opt(r.id, text(r)))));
}
// localeCompare's order, with one collator (each localeCompare call builds one: ~45 ms for the API table's sort).
let collator = null;
function collate(a, b) { return (collator ??= new Intl.Collator()).compare(a, b); }
function name_of(r) { return (get_lang() === 'zh' && (r.provider_name_zh || r.platform_name_zh)) || r.provider_name || r.platform_name || r.id; }
function rent_device() { return app.report?.device?.id ?? gpu_ids()[0] ?? ''; }

// Under the API or rental picker: the picked row's prices, their date and a link to the source.
function price_line(key) {
  // rent auto: the row the core picked (the report's cost.rent).
  const id = app.state[key] === 'auto' ? app.report?.cost?.[key] : app.state[key];
  const table = key === 'api' ? app.catalog?.apis : app.catalog?.rentals;
  const r = id ? table?.find((x) => x.id === id) : null;
  if (!r) return [];
  const prices = key === 'api' ? t('api_prices', fmt_money(r.input_per_mtok, r.currency), fmt_money(r.output_per_mtok, r.currency))
    : `${fmt_money(r.per_gpu_hour, r.currency)}${t('per_gpu_hour_unit')}`;
  // (A price older than a year: the core's warning says so, under Notes.)
  return [app.state[key] === 'auto' ? `${name_of(r)} · ` : '', prices, ' · ', t('price_dated', r.date ?? '—'),
    /^https:\/\//.test(r.source ?? '') ? [' · ', h('a', { href: r.source, target: '_blank', rel: 'noopener noreferrer' }, t('source_link'))] : null];
}

// ~200 devices: one group per category (in the page's order; a new category after them), split by
// vendor where a category has several ("Data center GPUs · Huawei"), each group by memory.
const CATEGORY_ORDER = ['consumer', 'laptop', 'workstation', 'apple', 'apu', 'desktop-soc', 'embedded', 'datacenter', 'cpu'];
const VENDOR_ORDER = ['nvidia', 'amd', 'intel', 'apple'];
function device_groups(rows, opt) {
  const zh = get_lang() === 'zh';
  const rank = (order, v) => (order.includes(v) ? order.indexOf(v) : order.length);
  const by = new Map();
  for (const d of rows) {
    const k = `${d.category}\u0000${d.vendor}`;
    if (!by.has(k)) by.set(k, []);
    by.get(k).push(d);
  }
  const vendors_in = (c) => new Set(rows.filter((d) => d.category === c).map((d) => d.vendor)).size;
  const keys = [...by.keys()].map((k) => k.split('\u0000')).sort(([c1, v1], [c2, v2]) =>
    rank(CATEGORY_ORDER, c1) - rank(CATEGORY_ORDER, c2) || (c1 < c2 ? -1 : c1 > c2 ? 1 : 0)
    || rank(VENDOR_ORDER, v1) - rank(VENDOR_ORDER, v2) || (v1 < v2 ? -1 : v1 > v2 ? 1 : 0));
  return keys.map(([c, v]) => {
    const cat = has(`g_${c}`) ? t(`g_${c}`) : c;
    const label = vendors_in(c) > 1 ? `${cat} · ${has(`vendor_${v}`) ? t(`vendor_${v}`) : v}` : cat;
    const list = by.get(`${c}\u0000${v}`).slice().sort((a, b) => a.mem_bytes - b.mem_bytes || a.mem_bw_gbps - b.mem_bw_gbps);
    // A board sold for yuan says its catalog price and when: on the Chinese page every such board, on the English
    // page only a board with no dollar price (China's market alone: a 4090 D, a 48 GB modded 4090, an Ascend card),
    // where a '¥' beside a card the reader buys in dollars would read as its price (or as yen).
    const yuan = (d) => d.price_cny > 0 && (zh || !(d.price_usd > 0));
    const text = (d) => (yuan(d) ? `${device_name(d.name)} · ¥${fmt_int(d.price_cny)}${d.price_cny_date ? ` (${d.price_cny_date})` : ''}` : device_name(d.name));
    return h('optgroup', { label, 'data-category': c }, list.map((d) => opt(d.id, text(d))));
  });
}

// ~200 devices: a filter above the select narrows its options to those whose name or id holds every
// word typed ("4090 48", "910b", "epyc"); Enter picks the first one left. pick: what picking does
// (the GPU select's: on_input; a mixed machine's other cards have their own).
function device_finder(select, pick = (v) => on_input('gpu', v), id = 'device-find', label = t('device_find')) {
  const count = h('span', { class: 'hint finder-count', 'aria-live': 'polite' });
  const filter = (text) => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    let first = null, n = 0;
    for (const g of select.querySelectorAll('optgroup')) {
      let any = false;
      for (const o of g.children) {
        const hit = words.every((w) => o.value.toLowerCase().includes(w) || o.textContent.toLowerCase().includes(w));
        o.hidden = !hit;
        if (hit) { any = true; n++; first ??= o; }
      }
      g.hidden = !any;
    }
    count.textContent = words.length ? t('device_matches', n) : '';
    return first;
  };
  const input = h('input', { type: 'search', class: 'device-find', id, 'aria-label': label, placeholder: t('device_find_placeholder'),
    autocomplete: 'off', spellcheck: 'false', oninput: (e) => filter(e.target.value),
    onkeydown: (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const first = filter(e.target.value);
      if (first) { select.value = first.value; pick(first.value); }
    } });
  return h('div', { class: 'finder' }, input, count);
}

// Mixed GPUs: the core's gpu "rtx-4090+rtx-3090" (one card of each device named, one vendor, the
// count is 1). The first card is the GPU select; "+ Add a different GPU" adds a picker for each other
// card (it joins the id once a device is picked) with a button that removes it. The count field goes
// while there are several (each card is named); the core's refusals (a Mac, another vendor, vLLM)
// show under the field like any error.
function gpu_ids() {
  if (app.state.gpu_spec) return [];
  return String(app.state.gpu ?? app.defaults.gpu ?? '').split(/[+ ]/).filter(Boolean);
}
function set_gpus(ids) {
  delete app.state.gpu_spec;
  if (ids.length > 1) delete app.state.gpus;
  set_value('gpu', ids.join('+'));
  run(null, true);
}
function gpu_extras() {
  const wrap = h('div', { class: 'gpu-extras', id: 'gpu-extras' });
  const add = h('button', { type: 'button', class: 'btn small ghost', id: 'gpu-add', onclick: () => {
    app.gpu_pending = (app.gpu_pending ?? 0) + 1;
    sync_gpu_extras();
    const sels = wrap.querySelectorAll('select');
    sels[sels.length - 1]?.focus();
  } }, t('gpu_add'));
  const hint = h('p', { class: 'hint', id: 'gpu-mixed-hint' }, t('gpu_mixed_hint'));
  // What the core refuses about a mixed machine in another field (vLLM, fine-tuning, placement cpu;
  // engine and mode sit in a folded group) is said here too, by that field's label.
  const other = h('p', { class: 'field-error', id: 'gpu-mixed-err', role: 'alert' });
  return { wrap, add, hint, other };
}
let gpu_extras_key = '';
function sync_gpu_extras() {
  const f = field_els.get('gpu');
  if (!f?.extras) return;
  const { wrap, add, hint, other } = f.extras;
  const extra = gpu_ids().slice(1);
  const pending = app.state.gpu_spec ? 0 : app.gpu_pending ?? 0;
  const bad = !!(app.error && app.error.field === 'gpu');
  const key = JSON.stringify([extra, pending, get_lang()]);
  if (key !== gpu_extras_key) {
    gpu_extras_key = key;
    const rows = [...extra, ...Array(pending).fill('')].map((id, i) => {
      const n = i + 2;
      const opt = (v, label = v) => h('option', { value: v }, label);
      const choose = (v) => {
        if (!v) return;
        const ids = gpu_ids();
        if (i < extra.length) ids[i + 1] = v;
        else { ids.push(v); app.gpu_pending = pending - 1; }   // a new card: after the chosen ones
        set_gpus(ids);
      };
      const sel = h('select', { id: `f-gpu-${n}`, class: 'gpu-extra-select', 'aria-describedby': 'err-gpu', onchange: (e) => choose(e.target.value) },
        id ? [] : [opt('', t('gpu_choose'))], device_groups(app.catalog.devices, opt));
      if (id && ![...sel.options].some((o) => o.value === id)) sel.prepend(opt(id));
      sel.value = id;
      const remove = h('button', { type: 'button', class: 'btn small ghost gpu-remove', 'aria-label': t('gpu_remove', n), title: t('gpu_remove', n), onclick: () => {
        if (i >= extra.length) { app.gpu_pending = pending - 1; sync_gpu_extras(); $('gpu-add')?.focus(); return; }
        const ids = gpu_ids();
        ids.splice(i + 1, 1);
        set_gpus(ids);
        $('gpu-add')?.focus();
      } }, '×');
      const finder = app.embed ? null : device_finder(sel, choose, `device-find-${n}`, `${t('device_find')} (${t('gpu_n', n)})`);
      return h('div', { class: 'gpu-extra', 'data-gpu-index': String(n) }, h('label', { for: `f-gpu-${n}` }, t('gpu_n', n)), finder, sel, remove);
    });
    wrap.replaceChildren(...rows);
  }
  for (const s of wrap.querySelectorAll('select')) s.toggleAttribute('aria-invalid', bad && !!s.value);
  add.hidden = !!app.state.gpu_spec;
  hint.hidden = extra.length + pending === 0;
  const e = app.error;
  const msg = e && extra.length && ['engine', 'mode', 'placement', 'gpus'].includes(e.field) ? t('gpu_other_field', field_label(e.field), message_text(e).text) : '';
  if (other.textContent !== msg) other.textContent = msg;
  field_els.get('gpus')?.wrap.toggleAttribute('hidden', extra.length + pending > 0);
}

// A pasted or dropped file (config.json, a claims file): a textarea that folds away, a file picker.
function file_field(f, id, label_text, hint, err) {
  const key = f.key;
  const input = h('textarea', { id, name: key, 'aria-describedby': [hint && `hint-${key}`, `err-${key}`].filter(Boolean).join(' '), rows: 3, spellcheck: 'false',
    placeholder: has(`f_${key}_placeholder`) ? t(`f_${key}_placeholder`) : '{ … }', oninput: (e) => on_input(key, e.target.value) });
  const file = h('input', { type: 'file', accept: '.json,application/json', class: 'sr-only', id: `${id}-file`, onchange: async (e) => { const fl = e.target.files?.[0]; if (fl) { input.value = await fl.text(); on_input(key, input.value); } } });
  const wrap = h('details', { class: 'field field-file', 'data-key': key, open: app.state[key] || (key === 'config' && app.hf_repo) ? true : null },
    h('summary', {}, label_text), h('label', { for: id, class: 'sr-only' }, label_text), input,
    h('div', { class: 'row' },
      h('label', { for: `${id}-file`, class: 'btn small' }, t('f_file')), file,
      h('button', { type: 'button', class: 'btn small ghost', id: `${key}-clear`, onclick: () => { input.value = ''; on_input(key, ''); } }, t(key === 'config' ? 'f_config_clear' : 'f_file_clear'))),
    hint, err, key === 'config' ? hf_controls(id) : null);
  for (const ev of ['dragover', 'dragenter']) wrap.addEventListener(ev, (e) => { e.preventDefault(); wrap.classList.add('drop'); });
  wrap.addEventListener('dragleave', () => wrap.classList.remove('drop'));
  wrap.addEventListener('drop', async (e) => {
    e.preventDefault(); wrap.classList.remove('drop');
    const all = [...(e.dataTransfer?.files ?? [])];
    // A repository's files (the index, .safetensors, several files): read as a repository, headers only.
    if (key === 'config' && (all.length > 1 || all.some((x) => x.name !== 'config.json' && /(\.safetensors|\.index\.json)$/i.test(x.name)))) { open_hf_files(all); return; }
    const fl = all[0];
    const text = fl ? await fl.text() : e.dataTransfer?.getData('text') ?? '';
    if (text) { input.value = text; on_input(key, text); }
  });
  field_els.set(key, { wrap, input, err });
  return wrap;
}

// ---- a GGUF file (issue 13): "Open a GGUF file" under the model field, or .gguf files dropped anywhere
// on the page. Only the header is read, in the browser (js/gguf.js: File.slice of the first MiB, then what
// the core's reader asks); its summary becomes the scenario's gguf field, which replaces the model (and
// the file's own format replaces quant), and travels in the link compressed, like a config.json.
function gguf_field(id, label_text, err) {
  const file = h('input', { type: 'file', name: 'gguf', accept: '.gguf', multiple: true, class: 'sr-only', id: `${id}-file`, tabindex: '-1', 'aria-label': label_text,
    onchange: (e) => { const fl = [...(e.target.files ?? [])]; e.target.value = ''; open_gguf(fl); } });
  const open = h('button', { type: 'button', class: 'btn small', id: 'gguf-open', 'aria-describedby': 'hint-gguf err-gguf', onclick: () => { prefetch_readers(); file.click(); } }, t('gguf_open'));
  const clear = h('button', { type: 'button', class: 'btn small ghost', id: 'gguf-clear', hidden: true, onclick: () => {
    drop_gguf(); run(null, true); render_notes(); open.focus();
  } }, t('gguf_clear'));
  const status = h('p', { class: 'hint gguf-status', id: 'gguf-status', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'field field-gguf', 'data-key': 'gguf', role: 'group', 'aria-label': label_text },
    h('div', { class: 'row' }, open, file, clear), status,
    h('p', { class: 'hint', id: 'hint-gguf' }, t('gguf_hint')), err);
  field_els.set('gguf', { wrap, input: open, err, status, clear });
  return wrap;
}
// The GGUF file's name: the report's (scenario.gguf_file), else the one being read.
function gguf_file_name() {
  return app.state.gguf ? app.report?.scenario?.gguf_file ?? app.gguf_info?.name ?? '' : '';
}
// The control's state: reading (busy), what was read, or why it could not be (under it, as a field's error).
function sync_gguf() {
  const f = field_els.get('gguf');
  if (!f) return;
  const busy = !!app.gguf_busy;
  f.input.disabled = busy;
  f.wrap.toggleAttribute('aria-busy', busy);
  f.clear.hidden = !app.state.gguf || busy;
  const info = app.gguf_info;
  const mb = (b) => `${fmt_num(b / 1e6, b < 1e7 ? 2 : 1)} MB`;
  const gb = (b) => (b >= 1e9 ? `${fmt_num(b / 1e9, 1)} GB` : mb(b));
  const status = busy ? t('gguf_reading', app.gguf_busy.name)
    : app.state.gguf && info?.from_link ? t('gguf_from_link', gguf_file_name())
      : app.state.gguf && info ? t('gguf_read', mb(info.read), gb(info.size), `${fmt_int(Math.max(1, info.ms))} ${t('ms')}`) : '';
  if (f.status.textContent !== status) f.status.textContent = status;
  f.status.classList.toggle('busy', busy);
  // The reader's refusal, or the core's for the file's summary (evaluate's field gguf): said here.
  // The reader's sentences are English (uncoded): marked so on the Chinese page.
  const e = app.gguf_error ?? (app.error?.field === 'gguf' ? { error: app.error } : null);
  const why = !e ? '' : e.error.page ? t(e.error.page, e.error.detail ?? '') : message_text(e.error).text;
  const en = !!e && !e.error.page && message_text(e.error).en && get_lang() !== 'en';
  const key = JSON.stringify([e?.name, why, en]);
  if (f.err.dataset.msg !== key) {
    f.err.dataset.msg = key;
    const reason = en ? h('span', { lang: 'en' }, why) : why;
    f.err.replaceChildren(...(!e ? [] : !e.name ? [reason]
      : t('gguf_error', '\u0000', '\u0001').split(/(\u0000|\u0001)/).map((p) => (p === '\u0000' ? e.name : p === '\u0001' ? reason : p))));
  }
}
// The file readers (a GGUF header, a Hugging Face repository's files) are a second module, headroom-readers.mjs
// + .wasm (wasm/readers.cpp), fetched the first time a file is opened or a repository loaded: a first visit
// does not download them. A failed fetch is forgotten, so the next try fetches again.
let readers_module = null;
function readers() {
  readers_module ??= import('../headroom-readers.mjs').then((m) => m.default()).catch((err) => { readers_module = null; throw err; });
  return readers_module;
}
// Started when the user shows the intent (a file button clicked, files dragged in), so the module loads while
// the picker is open; a failure is reported when the files are read.
function prefetch_readers() { readers().catch(() => {}); }
async function open_gguf(files) {
  files = files.filter((fl) => fl instanceof Blob);
  if (!files.length) return;
  // A file dropped on the prerendered page before the calculator is ready is read once it is.
  await interactive;
  if (app.gguf_busy) return;
  const name = gguf_name(files);
  app.gguf_error = null;
  app.gguf_busy = { name };
  sync_gguf();
  const t0 = performance.now();
  let res;
  try { res = await read_gguf_summary(await readers(), files); } catch (err) {
    res = { ok: false, name, error: { field: 'gguf', page: 'gguf_read_failed', detail: err?.message ?? String(err) } };
  }
  app.gguf_busy = null;
  if (!res.ok) { app.gguf_error = { name, error: res.error }; sync_gguf(); return; }
  // The file replaces the model (and its format, quant); a summary the core refuses changes nothing.
  const next = { ...app.state, gguf: res.summary };
  for (const k of ['model', 'config', 'params_b', 'quant']) delete next[k];
  const state = prune_defaults(next, app.defaults);
  const out = await evaluate(state);
  if (!out.ok && out.error.field === 'gguf') { app.gguf_error = { name, error: out.error }; sync_gguf(); return; }
  drop_config();
  app.state = state;
  app.gguf_info = { name, read: res.read, size: res.size, ms: performance.now() - t0 };
  run(out);
  update_url(true);
  update_config_link('gguf');
  performance.mark('headroom:gguf');
}
// Files dropped anywhere on the page (outside the config.json box, which takes its own): the .gguf ones are
// read; others are handed to the reader too, which says what they are not.
function listen_gguf_drop() {
  const has_files = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  let depth = 0;
  const show = (on) => document.body.classList.toggle('gguf-dropping', on);
  document.addEventListener('dragenter', (e) => { if (has_files(e) && !e.defaultPrevented) { depth++; show(true); prefetch_readers(); } });
  document.addEventListener('dragleave', (e) => { if (has_files(e) && --depth <= 0) { depth = 0; show(false); } });
  document.addEventListener('dragover', (e) => { if (has_files(e) && !e.defaultPrevented) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } });
  document.addEventListener('drop', (e) => {
    depth = 0; show(false);
    if (e.defaultPrevented || !has_files(e)) return;
    e.preventDefault();   // a file dropped on the page is never opened by the browser in its place
    const files = [...(e.dataTransfer.files ?? [])];
    const gguf = files.filter((fl) => /\.gguf$/i.test(fl.name));
    open_gguf(gguf.length ? gguf : files);
    field_els.get('gguf')?.wrap.scrollIntoView({ block: 'nearest' });
  });
}

// ---- a Hugging Face repository (issue 13, docs/hf-repo.md), in the config.json box: its index and .safetensors
// files added (a picker, a folder, or dropped), or "Load from Hugging Face" (the page's one network request, on
// that click only). js/hf.js reads the safetensors headers (File.slice, never the data) and asks the core for the
// summary, which becomes the scenario's config field (the box shows the config.json part, never the summary).
function hf_controls(id) {
  const files = h('input', { type: 'file', multiple: true, accept: '.json,.safetensors', class: 'sr-only', id: `${id}-hf-files`, tabindex: '-1', 'aria-label': t('hf_add_files'),
    onchange: (e) => { const fl = [...(e.target.files ?? [])]; e.target.value = ''; open_hf_files(fl); } });
  const dir = h('input', { type: 'file', webkitdirectory: '', class: 'sr-only', id: `${id}-hf-dir`, tabindex: '-1', 'aria-label': t('hf_open_folder'),
    onchange: (e) => { const fl = [...(e.target.files ?? [])]; e.target.value = ''; open_hf_files(fl); } });
  const repo = h('input', { type: 'text', id: 'hf-repo', name: 'hf_repo', autocomplete: 'off', spellcheck: 'false', placeholder: 'Qwen/Qwen3-8B', 'aria-describedby': 'hint-hf hf-msg',
    value: app.hf_repo ?? '', onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); load_hf(e.target.value); } } });
  const load = h('button', { type: 'button', class: 'btn small', id: 'hf-load', onclick: () => { prefetch_readers(); load_hf(repo.value); } }, t('hf_load'));
  const wrap = h('div', { class: 'hf-repo', role: 'group', 'aria-label': t('hf_group') },
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn small', id: 'hf-add-files', onclick: () => { prefetch_readers(); files.click(); } }, t('hf_add_files')), files,
      h('button', { type: 'button', class: 'btn small', id: 'hf-open-folder', onclick: () => { prefetch_readers(); dir.click(); } }, t('hf_open_folder')), dir),
    h('p', { class: 'hint gguf-status', id: 'hf-status', 'aria-live': 'polite' }),
    h('div', { class: 'row hf-load-row' }, h('label', { for: 'hf-repo' }, t('hf_repo_label')), repo, load),
    h('p', { class: 'field-error', id: 'hf-msg', role: 'alert' }),
    h('p', { class: 'hint', id: 'hint-hf' }, t('hf_hint')));
  hf_els = { wrap, repo, load, status: wrap.querySelector('#hf-status'), msg: wrap.querySelector('#hf-msg') };
  return wrap;
}
let hf_els = null;
function hf_size(b) { return b >= 1e9 ? `${fmt_num(b / 1e9, 1)} GB` : `${fmt_num(b / 1e6, 1)} MB`; }
// What the summary was read from, and the format quantization_config picked.
function hf_status_text() {
  if (app.hf_busy) return t('hf_loading', app.hf_busy);
  const s = parse_summary(app.state.config);
  if (!s && app.hf_repo && app.state.config) return `${app.hf_from_link ? t('hf_from_link', app.hf_repo) : t('hf_from_repo', app.hf_repo)}${t('hf_read_config_only')}`;
  if (!s) return app.hf_pending && app.hf_repo ? t('hf_pending', app.hf_repo) : '';
  const i = summary_info(s);
  const given = Math.min(i.shards, app.hf_files?.shards?.length ?? 0);
  const read = i.bytes_from === 'headers' ? t('hf_read_headers', i.headers_read, hf_size(i.total))
    : i.bytes_from === 'index' ? t('hf_read_index', hf_size(i.total), given, i.shards)
      : t('hf_read_shape');
  const from = app.hf_from_link ? t('hf_from_link', app.hf_repo ?? i.name) : app.hf_repo ? t('hf_from_repo', app.hf_repo) : '';
  return `${from}${t('hf_then', read, i.quant ? t('hf_format', i.quant) : t('hf_format_none'))}`;
}
function sync_hf() {
  if (!hf_els) return;
  const busy = !!app.hf_busy;
  hf_els.load.disabled = busy;
  hf_els.wrap.toggleAttribute('aria-busy', busy);
  if (document.activeElement !== hf_els.repo && app.hf_repo && hf_els.repo.value !== app.hf_repo && !busy) hf_els.repo.value = app.hf_repo;
  const status = hf_status_text();
  if (hf_els.status.textContent !== status) hf_els.status.textContent = status;
  hf_els.status.classList.toggle('busy', busy);
  const m = app.hf_msg;
  const msg = !m ? '' : m.page ? t(m.page, m.arg ?? '') : message_text(m.error).text;
  if (hf_els.msg.textContent !== msg) hf_els.msg.textContent = msg;
  hf_els.repo.toggleAttribute('aria-invalid', !!m && ['hf_bad_id', 'hf_missing'].includes(m.page));
}
// Files picked, dropped or a folder's: added to those given before (a config.json pasted, then the index).
async function open_hf_files(list) {
  if (!app.hr || app.hf_busy) return;
  const p = pick_files(list.filter((f) => f instanceof Blob));
  const prev = app.hf_files ?? {};
  app.hf_msg = null;
  if (!p.config && !p.index && !p.shards.length) { app.hf_msg = { page: 'hf_no_files' }; sync_hf(); return; }
  const cur = parse_summary(app.state.config);
  const config_text = p.config ? await p.config.text() : prev.config_text ?? (cur ? JSON.stringify(cur.config) : app.state.config ?? '');
  if (!config_text.trim()) { app.hf_msg = { page: 'hf_need_config' }; sync_hf(); return; }
  const shards = new Map((p.config ? [] : prev.shards ?? []).map((f) => [f.name, f]));
  for (const f of p.shards) shards.set(f.name, f);
  const folder = (p.config ?? p.index ?? p.shards[0])?.webkitRelativePath?.split('/').slice(0, -1).at(-1);
  const parts = { config_text, index_text: p.index ? await p.index.text() : p.config ? '' : prev.index_text ?? '', shards: [...shards.values()],
    name: folder || (p.config ? '' : prev.name) || app.hf_repo || cur?.name || 'config.json' };
  await apply_hf(parts, p.config ? null : app.hf_repo);
}
// "Load from Hugging Face": the one request, on the click only.
async function load_hf(value) {
  const repo = String(value ?? '').trim();
  if (!app.hr || app.hf_busy) return;
  if (!valid_repo(repo)) { app.hf_msg = { page: 'hf_bad_id' }; sync_hf(); return; }
  app.hf_msg = null;
  app.hf_busy = repo;
  sync_hf();
  const got = await fetch_repo(repo);
  if (!got.ok) { app.hf_busy = null; app.hf_msg = { page: `hf_${got.why}`, arg: String(got.status ?? '') }; sync_hf(); return; }
  await apply_hf({ config_text: got.config_text, index_text: got.index_text, shards: [], name: repo }, repo);
}
async function apply_hf(parts, repo) {
  // config.json alone (a 404 on the index: a single-file model; or only config.json given) is a plain config.
  const plain = !parts.index_text && !parts.shards.length;
  let res;
  if (plain) res = { ok: true, summary: parts.config_text, info: { quant: '' } };
  else try { res = await hf_summary(await readers(), parts); } catch (err) { res = { ok: false, error: { page: 'hf_read_failed', detail: err?.message ?? String(err) } }; }
  app.hf_busy = null;
  if (!res.ok) { app.hf_msg = res.error.page ? { page: res.error.page, arg: res.error.detail } : { error: res.error }; sync_hf(); return; }
  // The summary replaces the model (and, when the repository declares one, its format replaces quant).
  const next = { ...app.state, config: res.summary };
  for (const k of ['model', 'params_b', 'gguf']) delete next[k];
  if (res.info.quant) delete next.quant;
  const state = prune_defaults(next, app.defaults);
  const out = await evaluate(state);
  if (!out.ok && out.error.field === 'config') { app.hf_msg = { error: out.error }; sync_hf(); return; }
  drop_gguf(); drop_config();
  app.state = state;
  app.hf_repo = repo;
  app.hf_files = parts;
  const f = field_els.get('config');
  if (f) f.wrap.open = true;
  run(out);
  update_url(true);
  update_config_link();
  render_notes();
  performance.mark('headroom:hf');
}

// One input for one schema field. Labels and hints are the page's (i18n.js, by key); a field
// without them is labelled by its key and explained by the schema's help text (English).
function build_field(f) {
  const key = f.key;
  const id = `f-${key}`;
  const unit = f.unit && f.unit !== 'currency' ? ` (${f.unit})` : '';
  const label_text = has(`f_${key}`) ? field_label(key) : `${key.replaceAll('_', ' ')}${unit}`;
  const err = h('p', { class: 'field-error', id: `err-${key}`, role: 'alert' });
  // A field the page has no text for (a new one): the schema's help, in English, says what it is.
  const untranslated = !has(`f_${key}`);
  const hint_text = has(`f_${key}_hint`) ? (key === 'model' ? t('f_model_hint', app.catalog.models.length) : t(`f_${key}_hint`))
    : untranslated ? (f.default === null && f.auto ? `${f.help}; ${t('auto_value')}: ${f.auto}` : f.help) : null;
  const hint = hint_text ? h('p', { class: 'hint', id: `hint-${key}`, lang: untranslated ? 'en' : null }, hint_text) : null;
  if (key === 'gguf') return gguf_field(id, label_text, err);
  if (f.type === 'file') return file_field(f, id, label_text, hint, err);
  const common = { id, name: key, 'aria-describedby': [hint && `hint-${key}`, `err-${key}`].filter(Boolean).join(' ') };
  let input;
  // The model's own search box (one on the page: its list's id is fixed); another model field (draft_model) is a picker.
  if (key === 'model') {
    input = h('input', { ...common, type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'model-results',
      autocomplete: 'off', spellcheck: 'false', oninput: (e) => on_input(key, e.target.value), onkeydown: on_model_key,
      onfocus: async (e) => {
        const v = e.target.value;
        if (v.trim() && v !== app.state.model && v !== app.defaults.model) { const res = await model_search(v); if (e.target.value === v) show_model_list(v, res); }
      },
      onblur: () => set_model_list_open(false),
      onchange: async (e) => { if (!(await resolve_model(e.target.value))) sync_form(true); } });
    const list = h('ul', { id: 'model-results', role: 'listbox', class: 'model-results', 'aria-label': t('model_results'), hidden: true });
    const wrap = h('div', { class: `field field-model${EMBED_KEYS.has(key) ? ' embed-keep' : ''}`, 'data-key': key }, h('label', { for: id }, label_text), input, list, hint, err);
    field_els.set(key, { wrap, input, err, list });
    return wrap;
  } else if (f.type === 'id' || f.type === 'enum') {
    input = h('select', { ...common, onchange: (e) => on_input(key, e.target.value) }, options_for(f));
  } else if (f.type === 'boolean') {
    input = h('input', { ...common, type: 'checkbox', onchange: (e) => on_input(key, e.target.checked ? 'true' : 'false') });
    const wrap = h('div', { class: 'field field-bool', 'data-key': key }, h('label', { for: id }, input, ' ', label_text), hint, err);
    field_els.set(key, { wrap, input, err });
    return wrap;
  } else if (f.type === 'integer' || f.type === 'number') {
    const placeholder = has(`f_${key}_placeholder`) ? t(`f_${key}_placeholder`) : f.default === null ? t('auto_value') : null;
    input = h('input', { ...common, placeholder, type: 'number', inputmode: f.type === 'integer' ? 'numeric' : 'decimal', min: f.min, max: f.max, step: f.type === 'integer' ? 1 : 'any', oninput: (e) => on_input(key, e.target.value) });
  } else {
    input = h('input', { ...common, type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: f.default ?? '', oninput: (e) => on_input(key, e.target.value.trim()) });
  }
  // Common context lengths as buttons (a datalist on the field cost ~10 ms of every keystroke).
  const presets = key === 'ctx' ? h('div', { class: 'presets' }, CTX_PRESETS.map((c) => h('button', {
    type: 'button', class: 'chip', 'aria-label': t('f_ctx_preset', fmt_int(c)),
    onclick: () => { input.value = String(c); on_input(key, input.value); } }, `${c / 1024}K`))) : null;
  const finder = f.catalog === 'devices' && !app.embed ? device_finder(input) : null;
  const extras = key === 'gpu' ? gpu_extras() : null;
  const prices = f.catalog === 'apis' || f.catalog === 'rentals' ? h('p', { class: 'hint price-line', id: `price-${key}` }) : null;
  const wrap = h('div', { class: `field${EMBED_KEYS.has(key) ? ' embed-keep' : ''}`, 'data-key': key }, h('label', { for: id }, label_text), finder, input, presets,
    extras?.wrap, extras?.add, extras?.hint, extras?.other, prices, hint, err);
  field_els.set(key, { wrap, input, err, extras });
  if (extras) gpu_extras_key = '';
  return wrap;
}

// pause (at boot: next_task): the fields are built in slices of ~8 ms with a task between them, so that the page
// paints and takes input meanwhile (the whole form was one ~25 ms task, twice that by the wall clock on a busy
// machine); the form is put in place at the end.
async function build_form(pause = null) {
  field_els.clear();
  const by_group = new Map(app.schema.groups.map((g) => [g.id, []]));
  let t0 = performance.now();
  for (const f of app.schema.fields) {
    // The claim check (group "check") sits beside the results, not in the form.
    if (f.group === 'check' || f.echo) continue;
    if (pause && performance.now() - t0 > 8) { await pause(); t0 = performance.now(); }
    by_group.get(f.group)?.push(build_field(f));
  }
  // The GGUF control sits under the model field it replaces.
  for (const els of by_group.values()) {
    const g = els.findIndex((e) => e.dataset.key === 'gguf'), m = els.findIndex((e) => e.dataset.key === 'model');
    if (g > m + 1 && m >= 0) els.splice(m + 1, 0, ...els.splice(g, 1));
  }
  // Secondary inputs fold away (open when the link sets one of them), so the verdict stays near:
  // whole groups, and in an unfolded group the optional fields (the core derives them when absent).
  const set_in = (e) => e.dataset.key in app.state || [...e.querySelectorAll('[data-key]')].some((x) => x.dataset.key in app.state && x.dataset.key !== 'currency');
  const fold = (cls, attrs, summary, children) => h('details', { class: cls, open: children.some(set_in) ? true : null, ...attrs }, h('summary', {}, summary), children);
  const group_el = (g, els) => {
    if (!OPEN_GROUPS.has(g)) return fold('group-fold', { 'data-group': g }, t(g), [h('fieldset', { class: `group group-${g}` }, h('legend', {}, t(g)), els)]);
    // (gpu_spec stays in place: "Custom device…" reveals it.)
    const optional = new Set(app.schema.fields.filter((f) => f.group === g && f.default === null && f.type !== 'file' && f.key !== 'gpu_spec').map((f) => f.key));
    const more = els.filter((e) => optional.has(e.dataset.key));
    return h('fieldset', { class: `group group-${g}` }, h('legend', {}, t(g)), els.filter((e) => !optional.has(e.dataset.key)),
      more.length ? fold('more-fields', { 'data-more': g }, t('more_fields'), more) : null);
  };
  // Each group is a <form> of its own (#form is a div with the form role): Chromium's autofill reads every
  // control of the form a field is typed in, after each character (~5 ms a key with all 77 in one form, run
  // before the next task: scripts/bench-page.mjs' input floor).
  $('form').replaceChildren(...[...by_group].filter(([, els]) => els.length)
    .map(([g, els]) => h('form', { class: 'group-form', novalidate: true }, group_el(g, els))));
  build_claim();
  sync_form(true);
}

// The claim checker: the schema's "check" fields, beside the results.
function build_claim() {
  const card = $('claim');
  const fields = app.schema.fields.filter((f) => f.group === 'check');
  if (!card || app.embed || !fields.length) { card?.setAttribute('hidden', ''); return; }
  card.replaceChildren(h('h2', { id: 'h-check' }, t('check')), h('p', { class: 'hint' }, t('check_intro')), ...fields.map(build_field), h('div', { id: 'claim-out' }));
  card.hidden = false;
  render_claim();
}
function render_claim() {
  const out = $('claim-out');
  if (!out) return;
  const v = app.report?.verdict;
  patch_children(out, (v ? render_check_body(v, 'verdict') : []).filter(Boolean));
}

// Put the scenario into the form (what the user chose, else what the core normalized to).
function sync_form(force = false) {
  const sc = app.report?.scenario ?? {};
  for (const [key, { input, err }] of field_els) {
    if (key === 'gguf') continue;   // its own: sync_gguf
    const msg = app.error && app.error.field === key ? message_text(app.error).text : '';
    if (err.textContent !== msg) err.textContent = msg;
    input.toggleAttribute('aria-invalid', !!(app.error && app.error.field === key));
    if (!force && document.activeElement === input) continue;
    let v = app.state[key] ?? sc[key] ?? app.defaults[key] ?? '';
    if (key === 'model' && (app.state.config || app.state.params_b)) v = '';
    if (key === 'model' && app.state.gguf) v = gguf_file_name();   // the file's name, in the disabled field
    if (key === 'gpu' && app.state.gpu_spec) v = '__custom';
    else if (key === 'gpu') v = gpu_ids()[0] ?? v;   // the first card; the others have their own pickers
    if (app.files.has(key) || key === 'params_b') v = app.state[key] ?? '';
    if (key === 'config' && parse_summary(app.state.config)) v = config_part(app.state.config);   // never the summary itself
    // A value the select does not list (a link's id the catalog lacks) is shown as itself.
    if (input.tagName === 'SELECT' && v !== '' && ![...input.options].some((o) => o.value === String(v))) {
      const name = (id) => device_name(app.catalog?.devices.find((d) => d.id === id)?.name ?? id);
      input.prepend(h('option', { value: String(v) }, key === 'gpu' ? name(String(v)) : String(v)));
    }
    if (input.type === 'checkbox') input.checked = String(v) === 'true';
    else if (input.value !== String(v)) input.value = String(v);
  }
  const mode = sc.mode ?? app.defaults.mode;
  document.querySelector('.group-finetune')?.toggleAttribute('hidden', mode === 'inference');
  field_els.get('gpu_spec')?.wrap.toggleAttribute('hidden', !app.state.gpu_spec);
  sync_gpu_extras();
  // Money fields name the currency's unit; a picked API or rental says its prices, date and source.
  for (const key of MONEY_FIELDS) {
    const l = field_els.get(key)?.wrap.querySelector(`label[for="f-${key}"]`);
    if (l && l.textContent !== field_label(key)) l.textContent = field_label(key);
  }
  // The rental picker follows the GPU.
  const rent = field_els.get('rent')?.input;
  if (rent && rent.dataset.gpu !== rent_device()) {
    rent.dataset.gpu = rent_device();
    rent.replaceChildren(...options_for(app.schema.fields.find((f) => f.key === 'rent')));
    const v = String(app.state.rent ?? '');
    if (v && ![...rent.options].some((o) => o.value === v)) rent.prepend(h('option', { value: v }, v));
    rent.value = v;
  }
  for (const key of ['api', 'rent']) {
    const el = $(`price-${key}`);
    const key_now = JSON.stringify([app.state[key], app.report?.cost?.[key], get_lang()]);
    if (el && el.dataset.for !== key_now) { el.dataset.for = key_now; el.replaceChildren(...price_line(key).flat().filter((x) => x !== null && x !== '')); }
  }
  // The GPU's share of unified memory means something only on a unified-memory device with a GPU.
  const dev = app.report?.device;
  field_els.get('gpu_share')?.wrap.toggleAttribute('hidden', !app.state.gpu_share && !!dev && (!dev.unified_memory || dev.vendor === 'cpu'));
  const model = field_els.get('model');
  if (model) {
    model.input.disabled = !!(app.state.config || app.state.params_b || app.state.gguf);
    model.input.placeholder = app.state.config ? t(parse_summary(app.state.config) ? 'hf_active' : 'f_config_active') : app.state.params_b ? t('f_params_b') : '';
    if (app.state.gguf) model.input.title = gguf_file_name(); else model.input.removeAttribute('title');
  }
  // A GGUF file's own format replaces quant: the select shows it, fixed.
  const quant = field_els.get('quant')?.input;
  if (quant) quant.disabled = !!app.state.gguf || !!parse_summary(app.state.config)?.quant;
  sync_gguf();
  sync_hf();
  for (const key of app.files) $(`${key}-clear`)?.toggleAttribute('hidden', !app.state[key]);
}

// A repository summary's config.json part, as the box shows it (cached: sync_form runs on every input).
let config_part_cache = ['', ''];
function config_part(text) {
  if (config_part_cache[0] !== text) config_part_cache = [text, JSON.stringify(parse_summary(text)?.config ?? {}, null, 2)];
  return config_part_cache[1];
}

// ---- results ------------------------------------------------------------------------------
const kept_sections = new Map();
function render_results() {
  const out = $('results');
  const r = app.report;
  if (!r) { out.replaceChildren(h('p', { class: 'card error' }, app.error ? t('error_in', field_label(app.error.field), message_text(app.error).text) : '')); return; }
  out.classList.toggle('stale', !!app.error);
  const recs = app.recs && app.recs.key === recs_key() ? app.recs : null;
  patch_children(out, render_report(r, {
    error: app.error && !field_els.has(app.error.field) ? { ...app.error, field: field_label(app.error.field) } : null,
    recs, last_recs: app.recs, ladder: app.ladder && app.ladder.key === ladder_key() ? app.ladder.data ?? false : null, last_ladder: app.last_ladder, points: app.sweep_key === sweep_key(r) ? app.sweep : null, width: results_width(out),
    embed: app.embed, open_full: app.embed ? full_url({ embed: false }) : null,
    cli: cli_line(app.state, app.schema.fields.some((f) => f.group === 'check' && f.key in app.state) ? 'check' : 'size', app.order, app.files, { gguf: gguf_file_name() || 'model.gguf' }), version: app.version, provenance: app.provenance, keep: kept_sections }));
  show_mini(r);
  render_claim();
  if (!recs && !app.embed) schedule_recs();
  if (!app.embed && r.scenario.mode === 'inference' && app.ladder?.key !== ladder_key()) schedule_ladder();
  if (r.speed && app.sweep_key !== sweep_key(r)) schedule_sweep(r);
}

// On a phone the form comes first: a bar at the bottom keeps the verdict in sight until the
// verdict card itself scrolls into view.
let mini_observer = null, mini_observed = null;
function show_mini(r) {
  const el = $('mini-verdict');
  if (!el || app.embed) return;
  const [cls, parts] = render_mini(r);
  patch_children(el, parts);
  el.className = cls + (el.classList.contains('away') ? ' away' : '');
  el.hidden = false;
  const card = $('sec-verdict');
  if (card && card !== mini_observed) {
    mini_observer ??= new IntersectionObserver(([e]) => el.classList.toggle('away', e.isIntersecting));
    mini_observer.disconnect();
    mini_observer.observe(card);
    mini_observed = card;
  }
}

let width_cache = 0;
function results_width(out) {
  if (!width_cache) {
    width_cache = out.clientWidth || 600;
    new ResizeObserver(() => { const w = out.clientWidth; if (Math.abs(w - width_cache) > 40) { width_cache = w; if (app.report) render_results(); } }).observe(out);
  }
  return width_cache;
}

// The catalogs' provenance (as_of, verification) is not in the module: fetched from this site
// the first time a source is opened; the page works without it.
async function on_toggle(e) {
  if (!e.target.matches?.('details[data-prov]') || !e.target.open || app.provenance !== null || app.provenance_loading) return;
  app.provenance_loading = true;
  try {
    const res = await fetch('data/provenance.json');
    app.provenance = res.ok ? await res.json() : false;
  } catch { app.provenance = false; }
  if (app.report) render_results();
}

// The searches that take milliseconds to hundreds of them (recommendations, the ladder, the speed chart's
// sweep) run in the core's second worker (js/core.js), so an evaluate for a key typed meanwhile is not
// queued behind them. A search no longer wanted when the worker gets to it (still_wanted() is false: the
// reader typed on) answers null.
function later(name, args, still_wanted) {
  return app.hr.later(name, args, still_wanted);
}

// Recommendations: the core's recommend() searches (hardware for this model, models for this
// hardware), after typing pauses.
function recs_key() { return JSON.stringify(app.state); }
let recs_timer = 0;
function schedule_recs() {
  clearTimeout(recs_timer);
  recs_timer = setTimeout(async () => {
    const key = recs_key();
    const get = async (what) => {
      const text = await later('recommend', [key, what, REC_TOP], () => recs_key() === key);
      if (text === null) return null;
      const res = JSON.parse(text);
      return res.ok && Array.isArray(res.report?.recommendations) ? res.report.recommendations : null;
    };
    const [hardware, models] = await Promise.all([get('model'), app.state.config || app.state.params_b || app.state.gguf ? null : get('device')]);
    if (recs_key() !== key) return;
    app.recs = { key, hardware, models };
    if (app.report) render_results();
  }, 250);
}

// The quant ladder: the core's ladder() (about ten evaluations, each with a search for the largest
// context), once per scenario, after typing pauses, as one background task.
function ladder_key() { return JSON.stringify(app.state); }
let ladder_timer = 0;
function schedule_ladder() {
  clearTimeout(ladder_timer);
  ladder_timer = setTimeout(async () => {
    const key = ladder_key();
    if (app.ladder?.key === key) return;
    const text = await later('ladder', [key], () => ladder_key() === key);
    if (text === null || ladder_key() !== key) return;
    const res = JSON.parse(text);
    app.ladder = { key, data: res.ok && Array.isArray(res.report?.ladder) ? res.report : null };
    if (app.ladder.data) app.last_ladder = app.ladder.data;
    if (app.report) render_results();
  }, 250);
}

// A ladder rung's button sets the form's quant (or kv_quant) and re-evaluates; focus stays on it.
function on_set(e) {
  const btn = e.target.closest?.('[data-set]');
  if (!btn) return;
  let set;
  try { set = JSON.parse(btn.dataset.set); } catch { return; }
  for (const [k, v] of Object.entries(set)) if (app.order.includes(k)) set_value(k, v);
  run(null, true);
}

// A command's copy button: the text of the code block beside it.
function on_copy(e) {
  const btn = e.target.closest?.('[data-copy]');
  if (!btn) return;
  const code = btn.parentElement?.querySelector('code');
  if (code) copy(code.textContent, btn, code);
}

// Decode tokens/s against context: the core's speed_curve() picks the lengths and what speed at a
// length means (the CLI's `headroom curve` prints the same points). One call, after typing pauses.
function sweep_key(r) { const { ctx, ...rest } = r.scenario; return JSON.stringify(rest); }
let sweep_timer = 0;
function schedule_sweep(r) {
  clearTimeout(sweep_timer);
  sweep_timer = setTimeout(async () => {
    const key = sweep_key(r);
    const text = await later('speed_curve', [JSON.stringify(app.state), ''], () => !app.report || sweep_key(app.report) === key);
    if (text === null) return;
    const res = JSON.parse(text);
    app.sweep = res.ok ? res.points.filter((p) => typeof p.decode_tokens_per_s === 'number').map((p) => ({ ctx: p.ctx, tps: p.decode_tokens_per_s, placement: p.placement })) : [];
    app.sweep_key = key;
    if (app.report && sweep_key(app.report) === key) render_results();
  }, 120);
}

// A recommendation's button carries the scenario keys it changes; the core validates them as usual.
function on_apply(e) {
  const btn = e.target.closest?.('[data-apply]');
  if (!btn) return;
  let apply;
  try { apply = JSON.parse(btn.dataset.apply); } catch { return; }
  const next = { ...app.state };
  if (apply.model) { delete next.config; delete next.params_b; delete next.gguf; app.config_b64 = null; app.gguf_b64 = null; app.gguf_info = null; }
  if (apply.gpu) delete next.gpu_spec;
  for (const [k, v] of Object.entries(apply)) next[k] = v;
  app.state = prune_defaults(next, app.defaults);
  run(null, true);
  $('sec-verdict')?.scrollIntoView({ block: 'nearest' });
  $('sec-verdict')?.focus?.();
}

// ---- share / notes / chrome ---------------------------------------------------------------
// source: the element showing the text; when no way of copying works, its text is left selected
// for the reader's own Ctrl+C.
function copy(text, btn, source = null) {
  const say = (key) => { const old = btn.dataset.label; btn.textContent = t(key); setTimeout(() => { btn.textContent = old; }, 1500); };
  const fallback = () => {
    if (fallback_copy(text)) { say('copied'); return; }
    if (source) { getSelection()?.selectAllChildren(source); say('copy_selected'); } else say('copy_failed');
  };
  if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(() => say('copied'), fallback);
  else fallback();
}
function fallback_copy(text) {
  const ta = h('textarea', { class: 'sr-only', readonly: true }); ta.value = text;
  document.body.append(ta); ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { /* not allowed */ }
  ta.remove();
  return ok;
}

function snippet() {
  const src = full_url({ embed: true });
  return `<iframe src="${src.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}" title="headroom" loading="lazy" style="width:100%;max-width:720px;border:0" height="560" id="headroom-frame"></iframe>\n`
    + '<script>addEventListener("message",function(e){if(e.data&&e.data.type==="headroom:height"){var f=document.getElementById("headroom-frame");if(f&&e.source===f.contentWindow)f.height=e.data.height;}});</script>';
}

function render_share() {
  const el = $('share');
  if (!el || app.embed) return;
  const link = full_url({ embed: false });
  const btn = h('button', { type: 'button', class: 'btn', id: 'copy-link', 'data-label': t('copy_link'), onclick: (e) => copy(link, e.currentTarget) }, t('copy_link'));
  const sbtn = h('button', { type: 'button', class: 'btn ghost', id: 'copy-snippet', 'data-label': t('copy_snippet'), onclick: (e) => copy(snippet(), e.currentTarget) }, t('copy_snippet'));
  const link_in = h('input', { type: 'text', readonly: true, id: 'share-link', 'aria-label': t('share'), value: link, onfocus: (e) => e.target.select() });
  const snip = h('textarea', { readonly: true, id: 'embed-snippet', rows: 3, 'aria-label': t('embed'), onfocus: (e) => e.target.select() });
  snip.value = snippet();
  el.replaceChildren(h('h2', {}, t('share')), h('div', { class: 'row' }, link_in, btn),
    h('h3', {}, t('embed')), h('p', { class: 'hint' }, t('embed_hint')), snip, h('div', { class: 'row' }, sbtn));
}

// r: a reason of parse_query's, or the core's error ({code, message, params}).
function note_reason(r) {
  if (r && typeof r === 'object') return message_text(r).text;
  return { unknown: t('note_unknown'), too_long: t('note_too_long'), bad_value: t('note_unknown'), duplicate: t('note_unknown') }[r] ?? String(r);
}
function render_notes() {
  const el = $('notes');
  const items = app.notes.map(([p, r]) => t('note_ignored', p.length > 40 ? `${p.slice(0, 40)}…` : p, note_reason(r).slice(0, 200)));
  if (app.version_note) items.unshift(app.version_note);
  if (app.config_too_big) items.push(app.hf_repo && parse_summary(app.state.config) ? t('note_hf_big', app.hf_repo) : t('note_config_big'));
  if (app.hf_pending && app.hf_repo) items.push(t('hf_pending', app.hf_repo));
  if (app.gguf_too_big && app.state.gguf) items.push(t('note_gguf_big'));
  for (const k of app.files) if (k !== 'config' && k !== 'gguf' && app.state[k]) items.push(t('note_file_link', k));
  el.replaceChildren(...(items.length ? [h('ul', {}, items.map((i) => h('li', {}, i))),
    h('button', { type: 'button', class: 'btn small ghost', onclick: () => { app.notes = []; app.version_note = null; render_notes(); } }, '×')] : []));
  el.hidden = !items.length;
}

function apply_theme(theme) {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  const b = $('theme');
  if (b) { b.textContent = t(`theme_${theme || 'auto'}`); b.setAttribute('aria-label', `${t('theme_label')}: ${t(`theme_${theme || 'auto'}`)}`); }
}
function get_theme() { try { return localStorage.getItem('headroom-theme') || 'auto'; } catch { return 'auto'; } }
function cycle_theme() {
  const next = { auto: 'dark', dark: 'light', light: 'auto' }[get_theme()] ?? 'auto';
  try { localStorage.setItem('headroom-theme', next); } catch { /* private mode */ }
  apply_theme(next);
}

function render_chrome() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('form').setAttribute('aria-label', t('inputs'));
  $('share').setAttribute('aria-label', t('share'));
  const lb = $('lang');
  lb.textContent = t('lang_switch');
  lb.setAttribute('aria-label', t('lang_switch_label'));
  lb.lang = get_lang() === 'zh' ? 'en' : 'zh';
  apply_theme(get_theme());
  document.title = `headroom — ${t('tagline')}`;
}

async function switch_lang() {
  const next = get_lang() === 'zh' ? 'en' : 'zh';
  app.lang_explicit = next;
  await load_lang(next);
  set_lang(next);
  // To Chinese: yuan unless a currency was chosen (back to English keeps what the scenario says).
  if (next === 'zh' && !('currency' in app.state)) { app.state = prune_defaults(in_lang(app.state, next), app.defaults); run_seq++; evaluate_into_app(await evaluate(app.state)); }
  render_chrome();
  await build_form();
  render_results();
  sync_form(true);
  render_notes();
  render_extras();
  update_url(true);
}

function post_height() {
  if (!app.embed || window.parent === window) return;
  const post = () => window.parent.postMessage({ type: 'headroom:height', height: Math.ceil(document.documentElement.scrollHeight) }, '*');
  new ResizeObserver(post).observe(document.body);
  post();
}

// ---- boot ---------------------------------------------------------------------------------
// A new task: the browser paints and takes input between the steps of booting.
const next_task = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((ok) => setTimeout(ok, 0)));

async function boot() {
  const q = parse_query(location.search);
  app.embed = !!q.page.embed;
  app.lang_explicit = q.page.lang ?? null;
  const lang = q.page.lang ?? window.headroom_lang ?? 'en';
  await load_lang(lang);
  set_lang(lang);
  document.body.classList.toggle('embed', app.embed);
  render_chrome();
  $('lang').addEventListener('click', switch_lang);
  $('results').addEventListener('click', on_apply);
  $('results').addEventListener('click', on_set);
  $('results').addEventListener('click', on_copy);
  $('results').addEventListener('toggle', on_toggle, true);
  // The prerendered result takes clicks from the first paint: a source row opened before this script ran loads now.
  const opened = document.querySelector('#results details[data-prov][open]');
  if (opened) on_toggle({ target: opened });
  $('theme').addEventListener('click', cycle_theme);
  $('form').addEventListener('submit', (e) => e.preventDefault());   // Enter in a field recomputes, never navigates
  if (!app.embed) { listen_gguf_drop(); load_extras_when_near(); }   // the extras need no core

  performance.mark('boot:start');
  // The core's worker, started by boot.js with the page: instantiated, and warming up (the default scenario
  // once: 'headroom:worker-first-evaluate', V8's lazy compilation of the code it runs included).
  const worker_origin = performance.timeOrigin;
  const warmed = (name) => ({ start, ms }) => performance.measure(name, { start: Math.max(0, start - worker_origin), duration: ms });
  app.hr = await start_core({ on_warmed: warmed('headroom:worker-first-evaluate'), on_warmed_background: warmed('headroom:worker2-first-evaluate') });
  performance.mark('boot:module');
  // The default view's calls are the build's answers (js/core.js): the module loads when the reader moves to the
  // form, focuses a control or types, ahead of the first input that needs it.
  if (!app.hr.loaded()) {
    const intent = () => { app.hr.start(); for (const [el, type] of INTENT) el.removeEventListener(type, intent, true); };
    const INTENT = [[$('form'), 'pointerover'], [document, 'focusin'], [document, 'keydown'], [document, 'pointerdown'], [document, 'touchstart']];
    for (const [el, type] of INTENT) el.addEventListener(type, intent, { capture: true, passive: true });
  }
  const [defaults, schema, version] = await Promise.all([app.hr.default_scenario(), app.hr.schema(), app.hr.version()]);
  app.defaults = JSON.parse(defaults);
  app.version = version;
  await next_task();
  app.schema = JSON.parse(schema);
  app.order = app.schema.fields.map((f) => f.key);
  app.files = new Set(app.schema.fields.filter((f) => f.type === 'file').map((f) => f.key));
  await next_task();
  app.notes = q.notes;
  if (q.version && q.version !== URL_VERSION) app.version_note = t('note_version', q.version.slice(0, 20));
  // Old links keep working: a key's older spelling (device=, decode_eff=) is read as the key.
  const state = {};
  const alias = new Map(app.schema.fields.flatMap((f) => f.aliases.map((a) => [a, f.key])));
  for (const [k, v] of Object.entries(q.state)) if (!alias.has(k)) state[k] = v;
  for (const [k, v] of Object.entries(q.state)) if (alias.has(k)) state[alias.get(k)] ??= v;
  in_lang(state, lang);   // a Chinese reader's page is in yuan (state.js)
  if (q.config_b64) {
    try { state.config = await decompress_config(q.config_b64); app.config_b64 = q.config_b64; delete state.model; } catch { app.notes.push(['config', t('note_config_bad')]); }
  }
  // A repository's link: its summary (in config) reopens it; a repo id alone is shown with the Load button.
  if (q.hf_repo) {
    app.hf_repo = q.hf_repo;
    if (state.config) app.hf_from_link = true; else if (!q.config_b64) app.hf_pending = true;
  }
  // A GGUF file's header summary: the link reopens the file's scenario without the file.
  if (q.gguf_b64) {
    try {
      state.gguf = await decompress_config(q.gguf_b64); app.gguf_b64 = q.gguf_b64; app.gguf_info = { from_link: true };
      delete state.model; delete state.config; app.config_b64 = null;
    } catch { app.notes.push(['gguf', t('note_gguf_bad')]); }
  }
  // The catalog (the form's lists; ~240 KB of JSON): asked with the first evaluate, written after it.
  let catalog = null;
  const first = await sanitize(state, app.notes, () => { catalog ??= app.hr.catalog(); });
  if (first.ok && typeof state.model === 'string' && first.report.scenario.model && state.model !== first.report.scenario.model) state.model = first.report.scenario.model;
  // A count the core read otherwise than as written (ctx=32k is 32768 tokens): the form and the link show the core's number.
  if (first.ok) for (const [k, v] of Object.entries(state)) {
    const n = first.report.scenario[k];
    if (typeof v === 'string' && typeof n === 'number' && Number(v) !== n) state[k] = String(n);
  }
  // A hand-written link's '+' arrives as a space (gpu=rtx-4090+rtx-3090 reads "rtx-4090 rtx-3090"),
  // which the core takes too: the link is rewritten with the '+' (%2B).
  if (first.ok && typeof state.gpu === 'string' && /\s/.test(state.gpu.trim())) state.gpu = state.gpu.trim().split(/\s+/).join('+');
  const pruned = prune_defaults(state, app.defaults);
  app.state = pruned;
  performance.mark('boot:evaluated');
  await next_task();
  // The result first (for the default view it replaces the build's prerendered copy, which it
  // equals); the form, which needs the catalog, in the tasks after it.
  await run(Object.keys(pruned).length === Object.keys(state).length ? first : null);
  $('prerender-style')?.remove();
  document.documentElement.classList.remove('pre-stale');
  update_url(true);
  render_notes();
  document.body.classList.remove('loading');
  performance.mark('headroom:first-result');
  post_height();   // an embedding page learns the height with the first result (a ResizeObserver follows)
  await next_task();
  app.catalog = JSON.parse(await catalog);
  set_device_names(new Map((app.catalog.devices ?? []).map((d) => [d.id, d.name])));
  // The dated API and rental price tables, where the catalog does not carry them.
  for (const k of ['apis', 'rentals']) {
    if (Array.isArray(app.catalog[k])) continue;
    const v = JSON.parse(await app.hr[k]());
    app.catalog[k] = Array.isArray(v) ? v : v[k] ?? [];
  }
  await next_task();
  await build_form(next_task);
  performance.mark('headroom:interactive');
  became_interactive();
  await next_task();
  render_share();
  app.hr.ready.then(register_offline);   // once the module is loaded (a first visit that only reads caches nothing)
}

// The accuracy table and measured claims sit below everything else: load them (js/extras.js and
// its two data files) only when the reader scrolls near them.
function load_extras_when_near() {
  const el = $('extras');
  const io = new IntersectionObserver(async ([e]) => {
    if (!e.isIntersecting) return;
    io.disconnect();
    extras = await import('./extras.js');
    await extras.load_extras();
    render_extras();
  }, { rootMargin: '600px 0px' });
  io.observe(el);
}
let extras = null;

// Offline after the first visit that used the calculator (web/sw.js: it caches the modules too); only over
// http(s), where service workers exist.
function register_offline() {
  if ('serviceWorker' in navigator && location.protocol.startsWith('http')) navigator.serviceWorker.register('sw.js').catch(() => {});
}

function render_extras() {
  if (!app.embed && extras) $('extras').replaceChildren(extras.render_accuracy(), extras.render_measured());
}

boot().catch((e) => {
  const out = $('results');
  out.replaceChildren(h('p', { class: 'card error', role: 'alert' }, t('load_failed', e?.message ?? String(e))));
  document.body.classList.remove('loading');
});

// Report -> DOM. Renders only; every number shown comes from the report (or, for the charts'
// sweeps, from further core evaluations) and carries data-report/data-value when it is this
// report's own number. Sections the report does not have are not shown.
// The results are built as virtual nodes (dom.js v(): plain objects with h()'s arguments), which app.js patches
// into the page (dom.js patch_children) and the build serializes (scripts/prerender-page.mjs): h here is v.
import { v as h, num } from './dom.js';
import { t, has, get_lang, fmt_gb, fmt_gib, fmt_num, fmt_int, fmt_params, fmt_money, fmt_task_money, fmt_seconds, message_text, param_text, device_name, device_names_count } from './i18n.js';

const MEM_KEYS = ['weights_bytes', 'kv_cache_bytes', 'state_bytes', 'vision_bytes', 'speculative_bytes', 'activations_bytes', 'overhead_bytes', 'gradients_bytes', 'optimizer_bytes'];
const COST_ORDER = ['per_task', 'per_million_output_tokens', 'tasks_per_day', 'max_tasks_per_day', 'seconds_per_task', 'hardware_per_task', 'energy_per_task', 'per_month', 'price', 'price_market', 'price_fallback', 'price_date', 'price_source',
  'api_per_task', 'api', 'api_input_per_mtok', 'api_cached_input_per_mtok', 'api_output_per_mtok', 'api_price_date', 'api_source', 'break_even_tasks_per_day',
  'cloud_gpu_per_task', 'rent', 'rent_per_gpu_hour', 'rent_price_date', 'rent_source', 'break_even_vs_rent_tasks_per_day'];
const COST_MAIN = ['per_task', 'per_million_output_tokens', 'tasks_per_day', 'per_month'];

// A translated template with nodes in place of {0}, {1}...
export function tx(key, ...nodes) {
  const parts = t(key, ...nodes.map((_, i) => `\u0000${i}\u0000`)).split('\u0000');
  return parts.map((p, i) => (i % 2 ? nodes[Number(p)] : p)).filter((p) => p !== '');
}

// The verdict's word: fits, fits with offload / experts in RAM, runs by streaming, does not fit.
export function fit_word(fit, fits = fit.fits) {
  if (!fits) return t('does_not_fit');
  return fit.placement === 'offload' ? t('fits_offload') : fit.placement === 'stream' ? t('fits_stream')
    : fit.placement === 'cpu-moe' ? t('fits_cpu_moe') : fit.placement === 'cpu' ? t('fits_cpu') : t('fits');
}

function label_for(prefix, key) {
  return has(prefix + key) ? t(prefix + key) : key.replaceAll('_', ' ');
}

function section(id, title, ...body) {
  return h('section', { class: 'card', id: `sec-${id}`, 'aria-labelledby': `h-${id}` },
    h('h2', { id: `h-${id}` }, title), ...body);
}

// A value of the report, formatted by what its key says it is.
function value_node(path, key, v, currency) {
  if (typeof v === 'boolean') return num(path, v, v ? t('yes') : t('no'));
  if (typeof v === 'string') {
    // A price's source is a link (opened only when clicked: the page itself fetches nothing).
    if (/(^|_)source$/.test(key) && /^https:\/\//.test(v)) return h('a', { href: v, target: '_blank', rel: 'noopener noreferrer', 'data-report': path, 'data-value': v, title: v }, t('source_link'));
    const known = key.endsWith('bound') && has(`bound_${v}`) ? t(`bound_${v}`) : key.endsWith('market') && has(`market_${v}`) ? t(`market_${v}`)
      : key === 'claim' && has(`claimed_${v}`) ? t(`claimed_${v}`) : v;
    return h('span', { 'data-report': path, 'data-value': v }, known);
  }
  if (typeof v !== 'number') return null;
  if (/(^|_)bytes(_|$)/.test(key)) return num(path, v, fmt_gb(v));
  if (key.startsWith('flops')) return num(path, v, `${fmt_num(v / 1e9, 1)} GFLOP`);
  if (/efficiency|utilization/.test(key) && v <= 1.5) return num(path, v, `${fmt_num(v * 100, 0)}%`);
  if (/tokens_per_s(_at_full_ctx)?$/.test(key)) return num(path, v, [fmt_num(v, v < 10 ? 2 : 1), h('span', { class: 'unit' }, ` ${t('tok_s')}`)]);
  if (key.endsWith('_s') || key.startsWith('seconds')) return num(path, v, fmt_seconds(v));
  if (key.startsWith('ratio')) return num(path, v, `${fmt_num(v, 2)}×`);
  if (/tasks/.test(key)) return num(path, v, fmt_int(v));
  if (/per_task$/.test(key)) return task_money(path, v, currency);
  if (/per_task|per_day|per_month|per_million|price|_cost|per_mtok|per_gpu_hour/.test(key)) return num(path, v, fmt_money(v, currency));
  if (key.endsWith('_gbps')) return num(path, v, `${fmt_num(v)} ${t('gbps')}`);
  if ( key.endsWith('_tokens') || key.startsWith('n_') || key.endsWith('layers')) return num(path, v, fmt_int(v));
  return num(path, v, fmt_num(v));
}

// A cost per task: per 1,000 tasks below 0.01 of the currency; data-value keeps the raw amount.
function task_money(path, v, currency, attr = 'data-report', per_k = undefined) {
  const [text, unit] = fmt_task_money(v, currency, per_k);
  return h('span', { class: 'num', [attr]: path, 'data-value': String(v) }, text, unit ? h('span', { class: 'unit' }, unit) : null);
}

// Keys in a preferred order, then any others the core adds later.
function keys_of(obj, order) {
  return [...order.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !order.includes(k))];
}

function stat(label, node, cls = '') {
  return h('div', { class: `stat ${cls}` }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, node));
}

export function render_verdict(r, { recs_el } = {}) {
  const fit = r.fit;
  const fits = fit.fits;
  const model_name = r.model?.name ?? r.scenario.model;
  const n = r.scenario.gpus ?? 1;
  const dev_name = device_name(r.device?.name ?? r.scenario.gpu ?? 'device');
  // A mixed machine (gpu a+b) names each card: report.devices, in order.
  const mixed = Array.isArray(r.devices) && r.devices.length > 1;
  const where = mixed ? r.devices.map((d) => device_name(d.name)).join(' + ') : n > 1 ? t('times_n', n, dev_name) : dev_name;
  // What fits is said in GiB, the unit a card's memory is sold in (a "24 GB" card holds 24 GiB).
  const gib = (path, v, cls) => num(path, v, fmt_gib(Math.abs(v)), cls);
  const amount = gib('fit.headroom_bytes', fit.headroom_bytes, 'num big-num');
  let placement = null;
  if (fit.placement === 'gpu' && !fits) placement = tx('placement_gpu_need', num('fit.total_layers', fit.total_layers, fmt_int(fit.total_layers)));
  else if (fit.placement === 'gpu') placement = tx('placement_gpu', num('fit.total_layers', fit.total_layers, fmt_int(fit.total_layers)));
  else if (fit.placement === 'offload' && fit.gpu_layers === fit.total_layers) placement = tx('placement_offload_head', num('fit.total_layers', fit.total_layers, fmt_int(fit.total_layers)));
  else if (fit.placement === 'offload') placement = tx('placement_offload', num('fit.gpu_layers', fit.gpu_layers, fmt_int(fit.gpu_layers)), num('fit.total_layers', fit.total_layers, fmt_int(fit.total_layers)));
  // Streamed from host memory, or from disk when the weights exceed the host's RAM (the core's stream_from_disk).
  else if (fit.placement === 'stream') placement = [t((r.warnings ?? []).some((w) => w.code === 'stream_from_disk') ? 'placement_stream_disk' : 'placement_stream')];
  else if (fit.placement === 'cpu-moe') placement = tx('placement_cpu_moe', num('fit.n_cpu_moe', fit.n_cpu_moe, fmt_int(fit.n_cpu_moe)), num('fit.total_layers', fit.total_layers, fmt_int(fit.total_layers)));
  else if (fit.placement === 'cpu') placement = tx(fits ? 'placement_cpu' : 'placement_cpu_need', num('fit.total_layers', fit.total_layers, fmt_int(fit.total_layers)));

  const stats = [stat(t('memory_total'), gib('memory.total_bytes', r.memory.total_bytes))];
  if (r.memory.capacity_bytes) stats.push(stat(t('capacity'), gib('memory.capacity_bytes', r.memory.capacity_bytes)));
  if (r.speed && typeof r.speed.decode_tokens_per_s === 'number') stats.push(stat(t('s_decode_tokens_per_s'), [value_node('speed.decode_tokens_per_s', 'decode_tokens_per_s', r.speed.decode_tokens_per_s), zh_chars(r), spec_sub(r), slow_sub(r)]));
  // Time to first token has its place in Speed; here it only stands in when there is no cost.
  if (r.speed && typeof r.speed.time_to_first_token_s === 'number' && !(r.cost && typeof r.cost.per_task === 'number')) stats.push(stat(t('s_time_to_first_token_s'), value_node('speed.time_to_first_token_s', 'time_to_first_token_s', r.speed.time_to_first_token_s)));
  if (r.cost && typeof r.cost.per_task === 'number') stats.push(stat(t('c_per_task'), value_node('cost.per_task', 'per_task', r.cost.per_task, r.cost.currency)));

  return h('section', { class: `card verdict ${fits ? (fit.placement === 'gpu' || !fit.placement ? 'is-fit' : 'is-fit is-partial') : 'is-nofit'}`, id: 'sec-verdict', 'aria-live': 'polite', 'aria-atomic': 'true' },
    h('div', { class: 'verdict-head' },
      h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, fits ? (fit.placement === 'gpu' ? '✓' : '≈') : '✕'),
      h('div', {},
        h('p', { class: 'verdict-word', 'data-report': 'fit.fits', 'data-value': String(fits), elementtiming: 'verdict' },
          fit_word(fit, fits)),
        h('p', { class: 'verdict-amount' }, tx(fits ? 'fits_spare' : 'short_by', amount)))),
    h('p', { class: 'verdict-sub' }, t('verdict_on', `${model_name} · ${r.scenario.quant} · ${fmt_int(r.scenario.ctx)} ${t('tokens')}`, where)),
    placement && h('p', { class: 'verdict-placement' }, placement),
    mixed ? null : min_gpus_line(r, dev_name),
    typeof fit.max_ctx === 'number' ? h('p', { class: 'verdict-limits' },
      tx('limits_line', num('fit.max_ctx', fit.max_ctx, fmt_int(fit.max_ctx)), fmt_int(r.scenario.ctx), num('fit.max_batch', fit.max_batch, fmt_int(fit.max_batch)))) : null,
    h('div', { class: 'stats' }, stats),
    per_device(r.memory.per_device, r),
    h('p', { class: 'hint' }, t('gib_note')),
    recs_el ?? null);
}

// How many of this device hold it all on GPUs (the core's fit.min_gpus): said when that is more
// than one, or when this scenario does not fit. 0 is "more than 64" on a GPU; on a CPU host, nothing.
function min_gpus_line(r, dev_name) {
  const n = r.fit.min_gpus;
  if (typeof n !== 'number' || r.fit.placement === 'cpu' || (n <= 1 && r.fit.fits)) return null;
  const target = r.scenario.target_tokens_per_s > 0 ? r.scenario.target_tokens_per_s : 0;
  const node = num('fit.min_gpus', n, n > 0 ? t('times_n', fmt_int(n), dev_name) : t('min_gpus_many', dev_name));
  return h('p', { class: 'verdict-min-gpus', id: 'min-gpus' }, n > 0
    ? tx(target ? 'min_gpus_target' : 'min_gpus_line', node, fmt_num(target, 1))
    : tx('min_gpus_none', node));
}

// Each device's share when there are several: used of its capacity, in GiB. Named by the device's
// name (report.devices for a mixed machine, else report.device), numbered; the core's id in data-value.
function per_device(devs, r) {
  if (!devs || devs.length < 2) return null;
  return h('div', {}, h('h3', {}, t('per_device')), h('ul', { class: 'devs' }, devs.map((d, i) => {
    const frac = d.capacity_bytes > 0 ? Math.min(1, d.used_bytes / d.capacity_bytes) : 1;
    const name = device_name((r.devices?.length === devs.length ? r.devices[i] : r.device)?.name ?? d.device);
    return h('li', { class: 'dev' },
      h('div', { class: 'dev-name', 'data-report': `memory.per_device.${i}.device`, 'data-value': d.device }, `${i + 1}. ${name}`),
      h('div', { class: 'dev-bar', 'aria-hidden': 'true' }, h('div', { class: d.used_bytes > d.capacity_bytes ? 'over' : '', style: { width: `${(frac * 100).toFixed(2)}%` } })),
      h('div', { class: 'dev-num' }, tx('used_of', num(`memory.per_device.${i}.used_bytes`, d.used_bytes, fmt_gib(d.used_bytes)), num(`memory.per_device.${i}.capacity_bytes`, d.capacity_bytes, fmt_gib(d.capacity_bytes)))));
  })));
}

// A memory line's label; DeepSeek-V4's per-sequence state is its compressors' pending tokens, not a recurrent state.
function mem_label(r, k) {
  return k === 'state_bytes' && r.model?.attention === 'compressed' ? t('m_state_bytes_compressed') : label_for('m_', k);
}

function mem_segments(m) {
  return MEM_KEYS.filter((k) => typeof m[k] === 'number' && m[k] > 0).map((k) => ({ key: k, bytes: m[k] }));
}

// The stacked bar: the breakdown against the devices' total capacity, host RAM hatched.
export function memory_chart(r) {
  const m = r.memory;
  const cap = m.capacity_bytes ?? 0;
  const total = m.total_bytes;
  const scale = Math.max(cap, total) * 1.04 || 1;
  const segs = mem_segments(m);
  const pct = (b) => `${(100 * b / scale).toFixed(3)}%`;
  const bar = h('div', { class: 'bar' },
    segs.map((s) => h('div', { class: `seg seg-${s.key}`, style: { width: pct(s.bytes) }, title: `${mem_label(r, s.key)}: ${fmt_gb(s.bytes)}` })),
    m.host_bytes ? h('div', { class: 'seg-host', style: { left: pct(total - m.host_bytes), width: pct(m.host_bytes) }, title: `${t('in_host')}: ${fmt_gb(m.host_bytes)}` }) : null,
    !m.host_bytes && cap && total > cap ? h('div', { class: 'seg-over', style: { left: pct(cap), width: pct(total - cap) }, title: `${t('over_capacity')}: ${fmt_gb(total - cap)}` }) : null,
    cap ? h('div', { class: 'cap-line', style: { left: pct(cap) } }) : null);
  const cap_label = cap ? h('div', { class: 'cap-label', style: { left: pct(cap) } }, t('capacity')) : null;
  const legend = h('ul', { class: 'legend' },
    segs.map((s) => h('li', {}, h('span', { class: `swatch seg-${s.key}`, 'aria-hidden': 'true' }), mem_label(r, s.key))),
    m.host_bytes ? h('li', {}, h('span', { class: 'swatch seg-host', 'aria-hidden': 'true' }), t('in_host')) : null,
    !m.host_bytes && cap && total > cap ? h('li', {}, h('span', { class: 'swatch seg-over', 'aria-hidden': 'true' }), t('over_capacity')) : null);
  const summary = `${t('chart_memory')}: ${t('memory_total')} ${fmt_gb(total)}, ${t('capacity')} ${fmt_gib(cap)}`;
  return h('figure', { class: 'chart mem-chart' },
    h('div', { class: 'bar-wrap', role: 'img', 'aria-label': summary }, bar, cap_label),
    legend);
}

export function render_memory(r) {
  const m = r.memory;
  // The breakdown in GB; capacity and each device's share are the verdict's, in GiB.
  const rows = keys_of(m, [...MEM_KEYS, 'host_bytes', 'total_bytes'])
    .filter((k) => typeof m[k] === 'number' && k !== 'capacity_bytes')
    .map((k) => h('tr', { class: k === 'total_bytes' ? 'total' : '' },
      h('th', { scope: 'row' }, MEM_KEYS.includes(k) ? h('span', { class: `swatch seg-${k}`, 'aria-hidden': 'true' }) : null, mem_label(r, k)),
      h('td', {}, value_node(`memory.${k}`, k, m[k]))));
  return section('memory', t('memory'),
    memory_chart(r),
    h('table', { class: 'kv' }, h('caption', { class: 'sr-only' }, t('memory')), h('tbody', {}, rows)),
    h('p', { class: 'hint' }, t('gb_note')));
}

// Tokens/s against context: points from further evaluations of the same scenario by the core. Each point is placed as
// the core places that context (speed_curve: the report's placement where it fits, else what auto finds): a point placed
// otherwise than the scenario (at a long context, part of the model in host RAM) is drawn in orange,
// and the caption names its placement, so a cliff in the line is explained where it is.
export function speed_chart(points, current_ctx, width = 600, placement = null) {
  // While the sweep runs, an empty figure holds the chart's place so nothing below it moves.
  if (!points) return h('figure', { class: 'chart chart-pending', 'aria-hidden': 'true' });
  if (points.length < 2) return null;
  // The drawing's width follows its box, so its text stays at reading size on a phone. R: room for half the last
  // context label ("128K" is ~28 px at 11 px).
  const W = Math.round(Math.max(300, Math.min(720, width - 44))), H = 200, L = 48, R = 20, T = 12, B = 34;
  const other = (p) => placement && p.placement && p.placement !== placement;
  const ctx_label = (c) => (c >= 1024 ? `${fmt_int(c / 1024)}K` : fmt_int(c));
  const xs = points.map((p) => Math.log2(p.ctx));
  const ymax = Math.max(...points.map((p) => p.tps)) * 1.1 || 1;
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const X = (c) => L + (W - L - R) * ((Math.log2(c) - x0) / (x1 - x0 || 1));
  const Y = (v) => T + (H - T - B) * (1 - v / ymax);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${X(p.ctx).toFixed(1)},${Y(p.tps).toFixed(1)}`).join('');
  const ticks = [0, 0.5, 1].map((f) => ymax / 1.1 * f);
  // The ticks with two significant digits at most: 44 / 22 / 0, and 0.012 / 0.006 / 0 for a model read from disk.
  const tick_digits = Math.min(4, Math.max(0, Math.ceil(-Math.log10(ticks[2] || 1)) + 1));
  const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, class: 'line-chart', role: 'img', 'aria-label': `${t('chart_speed')}: ${points.map((p) => `${fmt_int(p.ctx)} → ${fmt_num(p.tps, 1)}`).join(', ')}` },
    ticks.map((v) => [h('svg:line', { x1: L, x2: W - R, y1: Y(v), y2: Y(v), class: 'grid' }),
      h('svg:text', { x: L - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmt_num(v, tick_digits))]),
    points.filter((p, i) => W > 420 || i % 2 === 0 || i === points.length - 1).map((p) => h('svg:text', { x: X(p.ctx), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, ctx_label(p.ctx))),
    h('svg:text', { x: (L + W - R) / 2, y: H - 2, 'text-anchor': 'middle', class: 'axis' }, t('ctx_axis')),
    h('svg:path', { d, class: 'line' }),
    points.map((p) => h('svg:circle', { cx: X(p.ctx), cy: Y(p.tps), r: p.ctx === current_ctx ? 5 : 3, class: `pt${p.ctx === current_ctx ? ' cur' : ''}${other(p) ? ' other' : ''}` })));
  // The other placements, each with the contexts it holds: "128K: Partial offload to host RAM".
  const groups = [];
  for (const p of points.filter(other)) {
    const g = groups.find((x) => x.placement === p.placement) ?? groups[groups.push({ placement: p.placement, ctxs: [] }) - 1];
    g.ctxs.push(ctx_label(p.ctx));
  }
  const moved = groups.map((g) => t('chart_other_item', g.ctxs.length > 2 ? `${g.ctxs[0]}–${g.ctxs[g.ctxs.length - 1]}` : g.ctxs.join(', '),
    has(`o_${g.placement}`) ? t(`o_${g.placement}`) : g.placement));
  return h('figure', { class: 'chart' }, svg, h('figcaption', {}, `${t('chart_speed')} (${t('tok_s')})`,
    moved.length ? h('span', { class: 'chart-other' }, t('chart_other_placement', moved.join(t('chart_other_sep')))) : null));
}

// 字/秒 beside tokens/s for a Chinese answer, at the core's tokens per Chinese character: the report's
// own figure (the page does not keep the ratio), shown to Chinese readers.
const ZH_CHARS = 'decode_zh_chars_per_s';
function zh_chars(r) {
  const v = r.speed?.[ZH_CHARS];
  if (get_lang() !== 'zh' || typeof v !== 'number' || v < 0.1) return null;   // under 0.1: slow_sub's seconds a token say it
  return h('div', { class: 'stat-sub' }, num(`speed.${ZH_CHARS}`, v, t('zh_chars_s', v < 10 ? fmt_num(v, 1) : fmt_int(v))));
}

// Under a decode slower than a token in ten seconds (weights read from disk), the seconds a token takes: "0.01
// tokens/s" says little.
function slow_sub(r) {
  const v = r.speed?.decode_tokens_per_s;
  if (typeof v !== 'number' || !(v > 0) || v >= 0.1) return null;
  return h('div', { class: 'stat-sub' }, t('s_per_token', fmt_int(1 / v)));
}

// Speculative decoding under the decode figure: the tokens a step yields, the acceptance, and decode without it.
function spec_sub(r) {
  const x = r.speed?.speculative;
  if (!x || typeof x.tokens_per_step !== 'number') return null;
  return h('div', { class: 'stat-sub' }, tx(x.method === 'mtp' ? 'spec_sub_mtp' : 'spec_sub_draft',
    num('speed.speculative.tokens_per_step', x.tokens_per_step, fmt_num(x.tokens_per_step, 2)),
    num('speed.speculative.accept_rate', x.accept_rate, `${fmt_int(x.accept_rate * 100)}%`),
    num('speed.speculative.plain_tokens_per_s', x.plain_tokens_per_s, fmt_num(x.plain_tokens_per_s, 1))));
}

const SPEED_MAIN = ['decode_tokens_per_s', 'decode_tokens_per_s_at_full_ctx', 'prefill_tokens_per_s', 'time_to_first_token_s', 'decode_bound'];
export function render_speed(r, points, width) {
  const s = r.speed;
  const scalar = (k) => ['number', 'string', 'boolean'].includes(typeof s[k]);
  const main = SPEED_MAIN.filter((k) => k in s && scalar(k));
  const rest = Object.keys(s).filter((k) => !SPEED_MAIN.includes(k) && k !== ZH_CHARS && scalar(k));
  return section('speed', t('speed'),
    h('div', { class: 'stats' }, main.map((k) => stat(label_for('s_', k), [value_node(`speed.${k}`, k, s[k]), ...(k === 'decode_tokens_per_s' ? [zh_chars(r), spec_sub(r), slow_sub(r)] : [])]))),
    speed_chart(points, r.scenario.ctx, width, r.fit?.placement),
    rest.length ? h('details', { class: 'more' }, h('summary', {}, t('assumptions')),
      h('table', { class: 'kv' }, h('tbody', {}, rest.map((k) => h('tr', {}, h('th', { scope: 'row' }, label_for('s_', k)), h('td', {}, value_node(`speed.${k}`, k, s[k]))))))) : null);
}

// "What to type": the core's launch object, the command line that runs this scenario, with a copy
// button (app.js handles [data-copy] clicks), and the same scenario in other tools. The notes are
// the core's English.
function command_block(path, cmd) {
  return h('div', { class: 'cmd' },
    h('pre', { class: 'cli' }, h('code', { 'data-report': path, 'data-value': cmd }, cmd)),
    h('button', { type: 'button', class: 'btn small', 'data-copy': path, 'data-label': t('copy'), 'aria-label': t('copy_command') }, t('copy')));
}
export function render_launch(r) {
  const l = r.launch;
  if (!l || typeof l !== 'object') return null;
  const others = Array.isArray(l.others) ? l.others.filter((o) => o && typeof o.command === 'string' && o.command) : [];
  if (!l.command && !others.length && !l.note) return null;
  const tool = (path, name) => h('h3', { class: 'launch-tool' }, h('span', { 'data-report': path, 'data-value': name }, has(`tool_${name}`) ? t(`tool_${name}`) : name));
  // The core's note: its English in data-value (compared with the CLI), shown in the page's language.
  const note = (path, text, code, params) => (typeof text === 'string' && text ? h('p', { class: 'hint launch-note', 'data-report': path, 'data-value': text }, message_nodes({ code, params, message: text })) : null);
  return section('launch', t('launch'),
    l.command ? [tool('launch.tool', l.tool), command_block('launch.command', l.command), note('launch.note', l.note, l.note_code, l.note_params)] : note('launch.note', l.note, l.note_code, l.note_params),
    others.map((o) => {
      const i = l.others.indexOf(o);
      return [tool(`launch.others.${i}.tool`, o.tool), command_block(`launch.others.${i}.command`, o.command), note(`launch.others.${i}.note`, o.note, o.note_code, o.note_params)];
    }),
    l.command || others.length ? h('p', { class: 'hint' }, t('launch_hint')) : null);
}

// The quant ladder: the core's ladder() for this scenario, per weight format the largest context
// that fits and decode at this ctx, and the KV-cache format as a lever. Its numbers are not this
// report's (data-ladder, not data-report). A format's button sets the form's quant (a KV rung's,
// kv_quant): app.js handles [data-set] clicks. lad: {ladder, kv_ladder, ladder_placement, model,
// scenario} or null while the first one is computed; stale: the last one, while a new one runs.
export function render_ladder(r, lad, stale = false) {
  if (r.scenario.mode !== 'inference') return null;
  if (!lad) return section('ladder', t('ladder'), h('p', { class: 'muted ladder-pending' }, t('ladder_pending')));
  const sc = lad.scenario ?? {};
  const model_max = lad.model?.max_ctx;
  const cell = (path, v, text) => h('span', { 'data-ladder': path, 'data-value': String(v) }, text);
  const ctx_text = (path, c) => cell(path, c, c === 0 ? t('ladder_no_fit') : c === model_max ? t('ladder_model_max', fmt_int(c)) : fmt_int(c));
  const tps_text = (path, v) => cell(path, v, v > 0 ? fmt_num(v, v < 10 ? 2 : 1) : '—');
  // A GGUF file's format is the file's own: its rungs are the core's estimates for the same shape, not choices.
  // So is a Hugging Face repository's (its bytes are its files').
  const fixed = !!(r.model?.gguf || r.model?.repo);
  const pick = (key, v, cur, label) => (fixed && key === 'quant' ? label : h('button', { type: 'button', class: 'linkish', 'data-set': JSON.stringify({ [key]: v }), 'aria-pressed': cur ? 'true' : 'false', title: t('ladder_pick', v) }, label));
  const rows = (lad.ladder ?? []).map((q, i) => {
    const cur = q.quant === r.scenario.quant;
    return h('tr', { class: `${cur ? 'cur' : ''}${q.max_ctx === 0 ? ' nofit' : ''}`.trim() || null, 'aria-current': cur ? 'true' : null },
      h('th', { scope: 'row' }, pick('quant', q.quant, cur, cell(`ladder.${i}.quant`, q.quant, q.quant))),
      h('td', {}, cell(`ladder.${i}.bits`, q.bits, fmt_num(q.bits, 1))),
      h('td', {}, cell(`ladder.${i}.weights_bytes`, q.weights_bytes, fmt_gb(q.weights_bytes))),
      h('td', {}, ctx_text(`ladder.${i}.max_ctx`, q.max_ctx)),
      h('td', {}, tps_text(`ladder.${i}.decode_tokens_per_s`, q.decode_tokens_per_s)));
  });
  const kv = (lad.kv_ladder ?? []).map((k, i) => {
    const cur = k.kv_quant === r.scenario.kv_quant && sc.quant === r.scenario.quant;
    return h('li', { class: cur ? 'cur' : null, 'aria-current': cur ? 'true' : null },
      pick('kv_quant', k.kv_quant, cur, tx('ladder_kv_rung', cell(`kv_ladder.${i}.kv_quant`, k.kv_quant, k.kv_quant))),
      ': ', ctx_text(`kv_ladder.${i}.max_ctx`, k.max_ctx), k.max_ctx > 0 && k.max_ctx !== model_max ? ` ${t('tokens')}` : '',
      k.decode_tokens_per_s > 0 ? [' · ', tps_text(`kv_ladder.${i}.decode_tokens_per_s`, k.decode_tokens_per_s), ` ${t('tok_s')}`] : null);
  });
  const where = has(`o_${lad.ladder_placement}`) ? t(`o_${lad.ladder_placement}`) : lad.ladder_placement;
  const el = section('ladder', t('ladder'),
    h('p', { class: 'hint' }, t('ladder_intro', where, fmt_int(sc.ctx ?? r.scenario.ctx))),
    fixed ? h('p', { class: 'hint ladder-gguf' }, t(r.scenario.gguf_file ? 'ladder_gguf' : 'ladder_repo', r.scenario.quant)) : null,
    // auto fits by offloading (or experts in RAM) here, and the ladder asks what fits all on the GPU: say so.
    r.fit.fits && lad.ladder_placement === 'gpu' && r.fit.placement !== 'gpu' ? h('p', { class: 'hint ladder-other' }, t('ladder_other_placement', has(`o_${r.fit.placement}`) ? t(`o_${r.fit.placement}`) : r.fit.placement)) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid-table ladder' },
      h('caption', { class: 'sr-only' }, t('ladder')),
      h('thead', {}, h('tr', {}, ['ladder_format', 'ladder_bits', 'ladder_size', 'ladder_max_ctx', 'ladder_decode'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows))),
    kv.length ? [h('h3', {}, t('ladder_kv', sc.quant ?? r.scenario.quant)), h('ul', { class: 'kv-ladder' }, kv)] : null,
    h('p', { class: 'hint' }, t('ladder_hint')));
  if (stale) el.attrs.class = 'card stale';
  return el;
}

function bars_chart(items, currency, caption) {
  const max = Math.max(...items.map((i) => i.value)) || 1;
  // One unit for the whole chart: per 1,000 tasks when every amount is under 0.01.
  const per_k = items.every((i) => Math.abs(i.value) < 0.01);
  const money = (v) => fmt_task_money(v, currency, per_k).join('');
  return h('figure', { class: 'chart' },
    h('ul', { class: 'hbars', role: 'img', 'aria-label': `${caption}: ${items.map((i) => `${i.label}${i.note ? ` (${i.note})` : ''} ${money(i.value)}`).join(', ')}` },
      items.map((i) => h('li', { class: i.current ? 'cur' : '' },
        h('span', { class: 'hb-label' }, i.label, i.note ? h('span', { class: 'hb-note' }, i.note) : null),
        h('span', { class: 'hb-track' }, h('span', { class: 'hb-fill', style: { width: `${(100 * i.value / max).toFixed(2)}%` } })),
        h('span', { class: 'hb-val' }, money(i.value))))),
    h('figcaption', {}, caption));
}

export function render_cost(r, hw_recs = []) {
  const c = r.cost;
  const scalar = (k) => k !== 'currency' && ['number', 'string', 'boolean'].includes(typeof c[k]);
  const main = COST_MAIN.filter((k) => k in c && scalar(k));
  const rest = keys_of(c, COST_ORDER).filter((k) => !COST_MAIN.includes(k) && scalar(k));
  // Alternatives: what the core prices beside this setup (an API, rented GPUs), and the cheapest
  // hardware the recommendation search found.
  const items = [];
  if (typeof c.per_task === 'number') items.push({ label: t('this_setup'), value: c.per_task, current: true });
  // An API or rental from the price tables is named by its id.
  const named = { api_per_task: c.api, cloud_gpu_per_task: c.rent };
  for (const k of Object.keys(c)) if (k !== 'per_task' && /per_task$/.test(k) && !/hardware|energy|seconds/.test(k) && typeof c[k] === 'number' && c[k] > 0) items.push({ label: named[k] ? t('named_alt', label_for('c_', k), named[k]) : label_for('c_', k), value: c[k] });
  // A device that runs it only with part of the model in host RAM says so, as the recommendations do (the host is not in its price).
  for (const rec of hw_recs.slice(0, 4)) if (typeof rec?.cost?.per_task === 'number' && rec.cost.currency === c.currency) {
    const where = rec.fit?.placement;
    items.push({ label: rec_title(rec), value: rec.cost.per_task, note: where && where !== 'gpu' && has(`o_${where}`) ? t(`o_${where}`) : null });
  }
  return section('cost', t('cost'),
    h('div', { class: 'stats' }, main.map((k) => stat(label_for('c_', k), value_node(`cost.${k}`, k, c[k], c.currency)))),
    items.length > 1 ? bars_chart(items, c.currency, t('chart_cost')) : null,
    rest.length ? h('details', { class: 'more' }, h('summary', {}, t('assumptions')),
      h('table', { class: 'kv' }, h('tbody', {}, rest.map((k) => h('tr', {}, h('th', { scope: 'row' }, label_for('c_', k)), h('td', {}, value_node(`cost.${k}`, k, c[k], c.currency)))))),
      h('p', { class: 'hint' }, t('cost_hint'))) : null);
}

// The host a scenario echoes, as the core writes it ("ram_gb=64,ram_bw_gbps=80,pcie_gbps=25,...": schema.cpp, host_text),
// in words: "64 GB of RAM at 80 GB/s, PCIe 25 GB/s".
function host_words(spec) {
  const kv = Object.fromEntries(String(spec).split(',').map((p) => p.split('=')));
  if (!('ram_gb' in kv && 'ram_bw_gbps' in kv && 'pcie_gbps' in kv)) return String(spec);
  return t('host_words', fmt_num(+kv.ram_gb, 1), fmt_num(+kv.ram_bw_gbps, 1), fmt_num(+kv.pcie_gbps, 1));
}

function rec_title(rec) {
  const s = rec.scenario ?? {};
  const dev = device_name(rec.device?.name ?? s.gpu ?? 'custom');
  return (s.gpus ?? 1) > 1 ? `${s.gpus} × ${dev}` : dev;
}
function rec_model_title(rec) {
  return `${rec.model?.name ?? rec.scenario?.model} · ${rec.scenario?.quant}`;
}

// One list of recommend() results: `source` names the search (data-rec-source), so tests can
// compare the numbers with `headroom recommend --json`.
function rec_list(recs, source, title_of) {
  // One unit for the list's costs: per 1,000 tasks when any is under 0.01.
  const per_k = recs.some((x) => typeof x.cost?.per_task === 'number' && x.cost.per_task !== 0 && Math.abs(x.cost.per_task) < 0.01);
  return h('ol', { class: 'recs', 'data-rec-source': source }, recs.map((rec, i) => {
    const p = `recommendations.${i}`;
    // The price the core used in the scenario's currency and market (with its date), else its launch price x count.
    // A price from another market than the scenario's (the core's cost.price_fallback: the US street or launch price
    // where the Chinese market has none, converted) says whose it is.
    const c = rec.cost ?? {};
    const paren = !c.price_date ? ''
      : c.price_fallback && has(`pm_market_${c.price_market}`) ? t('price_market_paren', t(`pm_market_${c.price_market}`), c.price_date)
        : t('price_dated_paren', c.price_date);
    const price = c.price > 0 ? [rec_num(`${p}.cost.price`, c.price, fmt_money(c.price, c.currency)), paren]
      : rec.config_price_usd > 0 ? fmt_money(rec.config_price_usd, 'USD') : null;
    return h('li', {},
      h('div', { class: 'rec-title' }, apply_button(rec, title_of(rec))),
      h('div', { class: 'rec-stats' },
        rec.fit ? h('span', { class: rec.fit.placement === 'gpu' ? 'ok' : 'partial', 'data-rec': `${p}.fit.placement`, 'data-value': rec.fit.placement }, t(`o_${rec.fit.placement}`)) : null,
        rec.memory ? h('span', {}, rec_num(`${p}.memory.total_bytes`, rec.memory.total_bytes, fmt_gib(rec.memory.total_bytes))) : null,
        rec.speed?.decode_tokens_per_s != null ? rec_num(`${p}.speed.decode_tokens_per_s`, rec.speed.decode_tokens_per_s, `${fmt_num(rec.speed.decode_tokens_per_s, 1)} ${t('tok_s')}`) : null,
        price ? h('span', {}, `${t('price_launch')} `, price) : null,
        rec.cost?.per_task != null ? h('span', {}, `${t('c_per_task')} `, task_money(`${p}.cost.per_task`, rec.cost.per_task, rec.cost.currency, 'data-rec', per_k)) : null,
        source === 'device' && rec.release_date ? h('span', { class: 'muted', 'data-rec': `${p}.release_date`, 'data-value': rec.release_date }, t('rec_released', rec.release_date)) : null));
  }));
}
// A button that opens a recommended scenario (app.js handles clicks on [data-apply]).
const APPLY_KEYS = ['model', 'quant', 'gpu', 'gpus'];
export function apply_button(rec, label) {
  const s = rec.scenario ?? {};
  // A model read from a file (model "custom") stays; a GGUF file's format is its own.
  const apply = Object.fromEntries(APPLY_KEYS.filter((k) => s[k] !== undefined && !(k === 'model' && s.model === 'custom') && !(k === 'quant' && s.gguf_file))
    .map((k) => [k, s[k]]));
  return h('button', { type: 'button', class: 'linkish', 'data-apply': JSON.stringify(apply), title: t('apply_rec') }, label);
}
function rec_num(path, v, text) { return h('span', { class: 'num', 'data-rec': path, 'data-value': String(v) }, text); }

// recs: {hardware: [...], models: [...]} from the core's recommend(); null before the first
// search; stale: these are the last lists, shown dimmed while a new search runs.
export function render_recommendations(recs, stale = false) {
  if (!recs) return null;
  const parts = [];
  if (recs.hardware) parts.push(h('h3', {}, t('rec_hardware')), recs.hardware.length ? rec_list(recs.hardware, 'model', rec_title) : h('p', { class: 'muted' }, t('rec_none')));
  if (recs.models) parts.push(h('h3', {}, t('rec_models')), recs.models.length ? rec_list(recs.models, 'device', rec_model_title) : h('p', { class: 'muted' }, t('rec_none')));
  const host = [...(recs.hardware ?? []), ...(recs.models ?? [])].find((r) => r.fit && r.fit.placement !== 'gpu');
  const host_note = host ? h('p', { class: 'hint' }, t('rec_host_hint', host_words(host.scenario?.host ?? ''))) : null;
  const el = section('recs', t('recommendations'), parts, h('p', { class: 'hint' }, t('rec_hint')), host_note);
  if (stale) el.attrs.class = 'card stale';
  return el;
}

export { rec_title };

// The claim check: the core's verdict on a claimed tokens/s.
export function render_check_body(v, path) {
  if (typeof v !== 'object' || v === null) return [];
  const word = typeof v.verdict === 'string' ? v.verdict : null;
  const rows = Object.keys(v).filter((k) => !['verdict', 'message', 'code', 'params'].includes(k) && ['number', 'string', 'boolean'].includes(typeof v[k]))
    .map((k) => h('tr', {}, h('th', { scope: 'row' }, label_for('v_', k)), h('td', {}, value_node(`${path}.${k}`, k, v[k]))));
  return [
    word ? h('p', { class: `claim-verdict v-${word}`, 'data-report': `${path}.verdict`, 'data-value': word }, has(`v_${word}`) ? t(`v_${word}`) : word) : null,
    typeof v.message === 'string' ? h('p', { class: 'claim-msg' }, message_nodes(v)) : null,
    rows.length ? h('table', { class: 'kv' }, h('tbody', {}, rows)) : null,
  ];
}

// A core sentence (warning, verdict, note, input error) in the page's language: see message_text.
export function message_nodes(m) {
  const { text, en } = message_text(m);
  return h('span', en && get_lang() !== 'en' ? { lang: 'en' } : {}, text);
}

export function render_warnings(ws) {
  if (!ws?.length) return null;
  return section('warnings', t('warnings'),
    h('ul', { class: 'warnings' }, ws.map((w) => h('li', { 'data-code': w.code }, message_nodes(w)))),
    // The core's sentences count GB as 10^9 bytes; the Chinese verdict's GB is the card's (2^30): say so.
    get_lang() === 'zh' && ws.some((w) => Object.values(w.params ?? {}).some((v) => / GB\b/.test(String(v)))) ? h('p', { class: 'hint' }, t('warn_gb_note')) : null);
}

// Where to download the model: for a Chinese reader its official ModelScope repository when the
// catalog names one (reachable from mainland China), else its Hugging Face repository.
function repo_link(m) {
  const ms = get_lang() === 'zh' && typeof m.modelscope_repo === 'string' && m.modelscope_repo;
  const repo = ms || (typeof m.hf_repo === 'string' && m.hf_repo);
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return null;
  const href = ms ? `https://modelscope.cn/models/${repo}` : `https://huggingface.co/${repo}`;
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('named_alt', t(ms ? 'modelscope' : 'hf'), repo));
}

// prov: the catalogs' provenance (data/provenance.json: as_of and verification per entry), fetched
// when a source is first opened; null before that, false when it could not be had.
export function render_details(r, prov = null) {
  const m = r.model ?? {}, d = r.device ?? {};
  const row = (label, node) => (node ? h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, node)) : null);
  const src = (s, table, id) => {
    if (!s) return null;
    const p = prov?.[table]?.[id];
    const more = prov === null ? [h('p', { class: 'muted' }, t('d_prov_loading'))]
      : [p?.as_of ? h('p', {}, t('d_as_of', p.as_of)) : null, p?.verification ? h('p', { lang: 'en' }, p.verification) : null];
    return h('details', { class: 'src', 'data-prov': table }, h('summary', {}, s), more.some(Boolean) ? more : h('p', { class: 'muted' }, t('d_prov_none')));
  };
  return section('details', t('details'),
    h('div', { class: 'two-col' },
      h('table', { class: 'kv' }, h('caption', {}, m.name ?? ''), h('tbody', {},
        row(t('d_params_total'), typeof m.params_total === 'number' && num('model.params_total', m.params_total, fmt_params(m.params_total))),
        m.params_active !== m.params_total ? row(t('d_params_active'), typeof m.params_active === 'number' && num('model.params_active', m.params_active, fmt_params(m.params_active))) : null,
        row(t('d_n_layer'), typeof m.n_layer === 'number' && num('model.n_layer', m.n_layer, fmt_int(m.n_layer))),
        // DeepSeek-V4's "compressed": the paper's names for its two layer kinds (Compressed Sparse / Heavily Compressed Attention).
        row(t('d_attention'), m.attention && h('span', { 'data-report': 'model.attention', 'data-value': m.attention },
          m.attention === 'compressed' ? 'CSA + HCA' : m.attention.toUpperCase())),
        row(t('d_max_ctx'), typeof m.max_ctx === 'number' && num('model.max_ctx', m.max_ctx, fmt_int(m.max_ctx))),
        row(t('d_repo'), repo_link(m)),
        // A model read from a GGUF file: the file's header is its source (no catalog provenance).
        row(t('d_source'), m.gguf ? h('span', { 'data-report': 'model.source', 'data-value': m.source }, t('g_source', m.gguf.file))
          : m.repo ? h('span', { 'data-report': 'model.source', 'data-value': m.source }, t(m.repo.bytes_exact ? 'hf_source_headers' : 'hf_source_index', m.repo.folder))
            : src(m.source, 'models', m.id)))),
      // A mixed machine: a table per card (report.devices), else the device.
      ...(r.devices?.length > 1 ? r.devices.map((x, i) => [x, `devices.${i}`]) : [[d, 'device']]).map(([x, at]) => h('table', { class: 'kv' }, h('caption', {}, device_name(x.name ?? '')), h('tbody', {},
        row(t('d_mem_bytes'), typeof x.mem_bytes === 'number' && num(`${at}.mem_bytes`, x.mem_bytes, fmt_gib(x.mem_bytes))),
        row(t('d_mem_bw_gbps'), typeof x.mem_bw_gbps === 'number' && num(`${at}.mem_bw_gbps`, x.mem_bw_gbps, `${fmt_num(x.mem_bw_gbps)} ${t('gbps')}`)),
        row(t('d_source'), src(x.source, 'devices', x.id)))))));
}

// A model read from a GGUF file's header (report.model.gguf): what the file holds. The weights are the
// report's memory.weights_bytes, the file's exact tensor bytes; the type mix is each ggml type's share of
// the tensor bytes (model.gguf.types, largest first), its bytes in data-value.
export function render_gguf(r) {
  const g = r.model?.gguf;
  if (!g) return null;
  const row = (label, ...node) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, ...node));
  const at = (k) => `model.gguf.${k}`;
  const pct = (b) => {
    const p = g.tensor_bytes > 0 ? 100 * b / g.tensor_bytes : 0;
    return p >= 10 ? `${fmt_num(p, 0)}%` : p >= 0.1 ? `${fmt_num(p, 1)}%` : '<0.1%';
  };
  const types = Object.entries(g.types ?? {});
  const file_row = [h('span', { 'data-report': at('file'), 'data-value': g.file, class: 'gguf-name' }, g.file),
    typeof g.shards === 'number' ? [' · ', num(at('shards'), g.shards, t('g_shards', fmt_int(g.shards)))] : null];
  return section('gguf', t('gguf_title'),
    h('table', { class: 'kv' }, h('tbody', {},
      row(t('g_file'), file_row),
      typeof g.file_type === 'string' ? row(t('g_file_type'), h('span', { 'data-report': at('file_type'), 'data-value': g.file_type }, g.file_type)) : null,
      row(t('g_file_bytes'), num(at('file_bytes'), g.file_bytes, fmt_gb(g.file_bytes))),
      row(t('g_tensors'), num(at('tensors'), g.tensors, fmt_int(g.tensors))),
      h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('g_weights')), h('td', {}, num('memory.weights_bytes', r.memory.weights_bytes, fmt_gb(r.memory.weights_bytes)), ' ', h('span', { class: 'muted' }, t('g_exact')))),
      g.tensor_bytes !== r.memory.weights_bytes ? row(t('g_tensor_bytes'), num(at('tensor_bytes'), g.tensor_bytes, fmt_gb(g.tensor_bytes))) : null,
      types.length ? row(t('g_types'), h('span', { class: 'gguf-types' }, types.map(([k, b], i) => [i ? h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · ') : null,
        h('span', { class: 'gguf-type', 'data-report': at(`types.${k}`), 'data-value': String(b), title: fmt_gb(b) }, `${k} ${pct(b)}`)]))) : null,
      row(t('g_chat_template'), h('span', { 'data-report': at('chat_template'), 'data-value': String(!!g.chat_template) }, t(g.chat_template ? 'g_has' : 'g_has_not'))),
      typeof g.mtp_bytes === 'number' ? row(t('g_mtp_bytes'), num(at('mtp_bytes'), g.mtp_bytes, fmt_gb(g.mtp_bytes))) : null,
      typeof g.vision_bytes === 'number' ? row(t('g_vision_bytes'), num(at('vision_bytes'), g.vision_bytes, fmt_gb(g.vision_bytes))) : null)),
    h('p', { class: 'hint' }, t('g_hint')));
}

// A model read from a Hugging Face repository (report.model.repo: config.json, the index, the safetensors
// headers; docs/hf-repo.md): the repository, its files, and what is exact: every tensor with the headers
// (bytes_exact; types: bytes per safetensors dtype), else the index's total with its split estimated.
export function render_repo(r) {
  const g = r.model?.repo;
  if (!g) return null;
  const row = (label, ...node) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, ...node));
  const at = (k) => `model.repo.${k}`;
  const pct = (b) => {
    const p = g.tensor_bytes > 0 ? 100 * b / g.tensor_bytes : 0;
    return p >= 10 ? `${fmt_num(p, 0)}%` : p >= 0.1 ? `${fmt_num(p, 1)}%` : '<0.1%';
  };
  const types = Object.entries(g.types ?? {});
  return section('repo', t('hf_group'),
    h('table', { class: 'kv' }, h('tbody', {},
      row(t('hf_row_repo'), h('span', { 'data-report': at('folder'), 'data-value': g.folder, class: 'gguf-name' }, g.folder),
        typeof g.shards === 'number' ? [' · ', num(at('shards'), g.shards, t('hf_shards', fmt_int(g.shards)))] : null),
      typeof g.tensors === 'number' ? row(t('g_tensors'), num(at('tensors'), g.tensors, fmt_int(g.tensors))) : null,
      h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('g_weights')), h('td', {}, num('memory.weights_bytes', r.memory.weights_bytes, fmt_gb(r.memory.weights_bytes)), ' ',
        h('span', { class: 'muted', 'data-report': at('bytes_exact'), 'data-value': String(!!g.bytes_exact) }, t(g.bytes_exact ? 'hf_w_exact' : 'hf_w_index')))),
      g.tensor_bytes !== r.memory.weights_bytes ? row(t('g_tensor_bytes'), num(at('tensor_bytes'), g.tensor_bytes, fmt_gb(g.tensor_bytes))) : null,
      types.length ? row(t('g_types'), h('span', { class: 'gguf-types' }, types.map(([k, b], i) => [i ? h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · ') : null,
        h('span', { class: 'gguf-type', 'data-report': at(`types.${k}`), 'data-value': String(b), title: fmt_gb(b) }, `${k} ${pct(b)}`)]))) : null,
      typeof g.mtp_bytes === 'number' ? row(t('g_mtp_bytes'), num(at('mtp_bytes'), g.mtp_bytes, fmt_gb(g.mtp_bytes))) : null,
      typeof g.vision_bytes === 'number' ? row(t('g_vision_bytes'), num(at('vision_bytes'), g.vision_bytes, fmt_gb(g.vision_bytes))) : null)),
    h('p', { class: 'hint' }, t('hf_panel_hint')));
}

// The results column for a report: what the page shows after every input, and what the build
// prerenders into index.html for the default scenario (scripts/prerender-page.mjs), so both must
// come from here. o: {error (one no form field shows), recs, last_recs, points (the speed sweep, or
// null while it runs), width, embed, cli (the CLI line), open_full (the embed's link), version,
// provenance (see render_details), keep (see kept())}.
export function render_report(r, o) {
  const lang = get_lang();
  const recs = o.recs ?? null;
  const hardware = recs?.hardware ?? null;
  const what_would = () => (!r.fit.fits && hardware?.length
    ? h('div', { class: 'what-would' }, h('h3', {}, t('what_would')), h('ul', {}, hardware.slice(0, 3).map((x) => h('li', {}, apply_button(x, rec_title(x))))))
    : null);
  // The report's own sections are kept while the report is the same object: when only the recommendations,
  // the ladder or the speed curve arrive, the rest is not built again.
  const sections = [
    o.error ? h('p', { class: 'card error', role: 'alert' }, tx('error_in', o.error.field || '—', message_nodes(o.error))) : null,
    kept(o, 'verdict', [r, hardware, lang], () => render_verdict(r, { recs_el: what_would() })),
    r.model?.gguf && !o.embed ? kept(o, 'gguf', [JSON.stringify(r.model.gguf), r.memory.weights_bytes, lang], () => render_gguf(r)) : null,
    r.model?.repo && !o.embed ? kept(o, 'repo', [JSON.stringify(r.model.repo), r.memory.weights_bytes, lang], () => render_repo(r)) : null,
    kept(o, 'warnings', [JSON.stringify(r.warnings), lang, device_names_count()], () => render_warnings(r.warnings)),
    kept(o, 'memory', [r, lang], () => render_memory(r))];
  if (r.speed) sections.push(kept(o, 'speed', [r, o.points, o.width, lang], () => render_speed(r, o.points, o.width)));
  if (!o.embed) sections.push(kept(o, 'launch', [JSON.stringify(r.launch), lang], () => render_launch(r)));
  // The ladder: null while it is computed (the last one shown dimmed), false when the core gave none.
  if (!o.embed && o.ladder !== false) sections.push(kept(o, 'ladder', [o.ladder ?? o.last_ladder, !o.ladder, r.scenario.mode, r.scenario.quant, r.scenario.kv_quant, r.fit.placement, r.fit.fits, lang], () => render_ladder(r, o.ladder ?? o.last_ladder ?? null, !o.ladder && !!o.last_ladder)));
  if (r.cost) sections.push(kept(o, 'cost', [r, hardware, lang], () => render_cost(r, hardware ?? [])));
  // While a new search runs, the last lists stay (dimmed) instead of collapsing the page.
  if (!o.embed) sections.push(kept(o, 'recs', [recs ?? o.last_recs, !recs, lang], () => render_recommendations(recs ?? o.last_recs, !recs)));
  sections.push(kept(o, 'details', [JSON.stringify(r.model), JSON.stringify(r.device), o.provenance, lang], () => render_details(r, o.provenance)));
  if (o.embed) sections.push(h('p', { class: 'open-full' }, h('a', { href: o.open_full, target: '_blank', rel: 'noopener', id: 'open-full' }, t('open_full'))));
  else sections.push(kept(o, 'cli', [o.cli, lang], () => h('section', { class: 'card', id: 'sec-cli', 'aria-labelledby': 'h-cli' }, h('h2', { id: 'h-cli' }, t('cli')), h('pre', { class: 'cli' }, h('code', {}, o.cli)))));
  sections.push(kept(o, 'footnote', [o.version, lang], () => h('p', { class: 'footnote', id: 'footnote' }, t('footnote_units'), ' ', h('span', { class: 'muted' }, t('version', o.version)))));
  return sections.filter(Boolean);
}

// A section whose inputs (deps, compared with ===) are those of the last render is the same element
// as last time (o.keep: a Map the page keeps), so a keystroke re-renders only what it changes.
function kept(o, name, deps, build) {
  if (!o.keep) return build();
  const last = o.keep.get(name);
  if (last && last.deps.every((d, i) => d === deps[i])) return last.el;
  const el = build();
  o.keep.set(name, { deps, el });
  return el;
}

// The bar pinned to the bottom of a phone's screen: the verdict in one line. -> [class, children]
export function render_mini(r) {
  const fit = r.fit;
  const parts = [h('strong', {}, fit_word(fit)), ' · ', ...tx(fit.fits ? 'fits_spare' : 'short_by', fmt_gib(Math.abs(fit.headroom_bytes)))];
  if (typeof r.speed?.decode_tokens_per_s === 'number') parts.push(' · ', `${fmt_num(r.speed.decode_tokens_per_s, r.speed.decode_tokens_per_s < 10 ? 2 : 1)} ${t('tok_s')}`);
  return [`mini-verdict ${!fit.fits ? 'is-nofit' : fit.placement !== 'gpu' ? 'is-partial' : 'is-fit'}`, parts];
}

export { section, value_node, label_for, keys_of };

// The page's two static documents: the accuracy table (data/accuracy.md, a copy of
// docs/accuracy.md) and measured claims (data/claims.json: claims files written by
// headroom-stream). Both are own files of the site; nothing is fetched from elsewhere.
import { h } from './dom.js';
import { t, has, fmt_num } from './i18n.js';

let accuracy_md = null;
let claims = null;

export async function load_extras() {
  const get = async (url, as) => {
    try {
      const res = await fetch(url, { cache: 'no-cache' });
      return res.ok ? await res[as]() : null;
    } catch { return null; }
  };
  [accuracy_md, claims] = await Promise.all([get('data/accuracy.md', 'text'), get('data/claims.json', 'json')]);
}

// Markdown pipe tables -> [{header, rows}]; cells are text (markdown emphasis and code marks stripped).
function md_tables(md) {
  const out = [];
  const lines = (md ?? '').split('\n');
  const cells = (l) => l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim().replace(/[`*]/g, ''));
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!/^\s*\|/.test(lines[i]) || !/^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) continue;
    let title = '';
    for (let j = i - 1; j >= 0 && j > i - 6; j--) { const m = lines[j].match(/^#+\s+(.*)/); if (m) { title = m[1]; break; } }
    const table = { title, header: cells(lines[i]), rows: [] };
    let j = i + 2;
    for (; j < lines.length && /^\s*\|/.test(lines[j]); j++) table.rows.push(cells(lines[j]));
    out.push(table);
    i = j;
  }
  return out;
}

// A cell or header of the doc's tables in the page's language: the doc's words (a header, a group's
// id) where i18n has them ('acc:<text>'), else as written (numbers, percentages).
const acc_text = (c) => (has(`acc:${c}`) ? t(`acc:${c}`) : c);

export function render_accuracy() {
  const tables = md_tables(accuracy_md);
  const body = tables.length
    ? tables.map((tb) => h('div', { class: 'table-wrap' }, h('table', { class: 'grid-table' },
      h('caption', {}, tb.title ? acc_text(tb.title) : t('acc_title')),
      h('thead', {}, h('tr', {}, tb.header.map((c) => h('th', { scope: 'col', 'data-doc': c }, acc_text(c))))),
      h('tbody', {}, tb.rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, acc_text(c)))))))))
    : h('p', { class: 'muted' }, t('accuracy_none'));
  return h('section', { class: 'card', id: 'sec-accuracy', 'aria-labelledby': 'h-accuracy' }, h('h2', { id: 'h-accuracy' }, t('accuracy')), body,
    tables.length ? h('p', { class: 'hint' }, t('acc_hint')) : null);
}

// One claims file (schema headroom.claims/1) from headroom-stream: the machine, the measured
// links, and tokens/s per placement against the bound the links allow.
function claims_block(c) {
  const m = c.machine ?? {};
  const machine = [m.device?.name, m.cpu_model, m.os].filter((x) => typeof x === 'string').join(' · ');
  const model = c.model?.id ? `${c.model.id}${c.model.quant ? ` (${c.model.quant})` : ''}` : '';
  const links = c.links ?? {};
  const link_rows = [['h2d_pinned_gbps', 'link_pinned'], ['h2d_pageable_gbps', 'link_pageable'], ['disk_read_gbps', 'link_disk'], ['device_mem_gbps', 'link_device']]
    .filter(([k]) => typeof links[k] === 'number').map(([k, label]) => h('li', {}, `${t(label)}: `, h('strong', {}, `${fmt_num(links[k], 1)} GB/s`)));
  const corr = c.correctness ?? {};
  const same = typeof corr.streamed_equals_resident === 'boolean' ? corr.streamed_equals_resident
    : corr.per_placement ? Object.values(corr.per_placement).every((p) => p.reference || p.bit_identical) : null;
  const pct = (x) => (typeof x === 'number' ? `${fmt_num(x * 100, 0)}%` : '');
  return h('div', { class: 'claims' },
    h('p', {}, h('strong', {}, `${t('measured_machine')}: `), machine || '—',
      c.backend ? ` · ${t('measured_backend')} ${c.backend}` : '', model ? ` · ${t('measured_model')} ${model}` : '',
      c.created_utc ? ` · ${String(c.created_utc).slice(0, 10)}` : ''),
    link_rows.length ? h('ul', { class: 'links' }, link_rows) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid-table' },
      h('thead', {}, h('tr', {}, ['measured_placement', 'measured_tps', 'measured_bound', 'measured_achieved'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, (c.results ?? []).map((r) => h('tr', {},
        h('td', {}, has(`o_${r.placement}`) ? t(`o_${r.placement}`) : String(r.placement ?? '')),
        h('td', {}, typeof r.tokens_per_s === 'number' ? fmt_num(r.tokens_per_s, 1) : String(r.status ?? '')),
        h('td', {}, typeof r.bound_tokens_per_s === 'number' ? `${fmt_num(r.bound_tokens_per_s, 1)}${r.bound ? ` (${has(`bound_${r.bound}`) ? t(`bound_${r.bound}`) : r.bound})` : ''}` : ''),
        h('td', {}, pct(r.achieved_vs_bound ?? r.overlap_efficiency))))))),
    typeof same === 'boolean' ? h('p', { class: same ? 'ok' : 'bad' }, `${t('measured_correct')}: ${same ? t('yes') : t('no')}`) : null,
    c.backend === 'cpu' ? h('p', { class: 'hint' }, t('measured_cpu')) : null);
}

export function render_measured() {
  const files = Array.isArray(claims?.claims) ? claims.claims.filter((c) => c && c.schema === 'headroom.claims/1') : [];
  const body = files.length ? files.map(claims_block) : h('p', { class: 'muted' }, t('measured_none'));
  return h('section', { class: 'card', id: 'sec-measured', 'aria-labelledby': 'h-measured' }, h('h2', { id: 'h-measured' }, t('measured')), body);
}

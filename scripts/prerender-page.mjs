#!/usr/bin/env node
// Renders the default scenario's report into the built site's index.html, so the first result is
// painted with the page's first frame; the page renders the same report over it once its scripts run (the
// build's answer below, or the module's), and tests/e2e/prerender.spec.mjs checks that the two are the same.
// The report is the native CLI's (`headroom size --json`, the core's default scenario), rendered by
// the page's own code (web/js/render.js, virtual nodes) and serialized here. Style attributes are not allowed by
// the page's Content-Security-Policy, so the few widths and offsets the render sets go into one
// <style> element whose hash the policy names; app.js removes it when the module takes over.
// It also writes data/answers.json: the calls the page's default view makes (DEFAULT_VIEW_CALLS below), answered
// by the native core (headroom-page-answers, beside the CLI), so that a first visit that reads the default result
// never downloads the wasm module; js/core.js answers those calls from the file and loads the module when the
// reader moves to the form, types, or asks anything else.
// Usage: node scripts/prerender-page.mjs --cli build/native-cli/headroom --site build-wasm/site
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const cli = opt('--cli');
const site = resolve(opt('--site') ?? '.');

// ---- the page's virtual nodes as HTML ---------------------------------------------------------
// render.js builds the results as virtual nodes (web/js/dom.js v(): {tag, attrs, kids}); set_lang (i18n.js) sets
// the document's language, the one DOM property the render reaches.
globalThis.document = { documentElement: { lang: 'en' } };

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const esc_text = (s) => s.replaceAll('&', '&amp;').replaceAll('\u00a0', '&nbsp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const esc_attr = (s) => s.replaceAll('&', '&amp;').replaceAll('\u00a0', '&nbsp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const css_name = (k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// path: the element's CSS selector (for the style rules), rules: collected "selector{...}". Attributes as dom.js
// realize() sets them: null, undefined and false left out, true as "", style as a rule.
function html(node, path, rules) {
  if (typeof node === 'string') return esc_text(node);
  const style = Object.entries(node.attrs.style ?? {});
  if (style.length) rules.push(`${path}{${style.map(([k, v]) => `${css_name(k)}:${v}`).join(';')}}`);
  const attrs = Object.entries(node.attrs).filter(([k, v]) => k !== 'style' && v !== null && v !== undefined && v !== false)
    .map(([k, v]) => ` ${k}="${esc_attr(v === true ? '' : String(v))}"`).join('');
  const tag = node.tag.replace(/^svg:/, '');
  if (VOID.has(tag)) return `<${tag}${attrs}>`;
  let i = 0;
  const inner = node.kids.map((c) => html(c, typeof c === 'object' ? `${path}>:nth-child(${++i})` : path, rules)).join('');
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

// ---- the report and its rendering -----------------------------------------------------------
function run_cli(...a) {
  const r = spawnSync(cli, a, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cli} ${a.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
if (!cli) { console.error('usage: prerender-page.mjs --cli PATH --site DIR'); process.exit(2); }
const report = JSON.parse(run_cli('size', '--json'));
const version = run_cli('--version').trim().split(/\s+/).pop();

const mod = (f) => import(pathToFileURL(join(site, 'js', f)).href);
const { set_lang } = await mod('i18n.js');
const { render_report, render_mini } = await mod('render.js');
const { cli_line, in_lang, REC_TOP } = await mod('state.js');
set_lang('en');

const rules = [];
const sections = render_report(report, { points: null, embed: false, cli: cli_line({}, 'size'), version });
let i = 0;
const results = sections.map((s) => html(s, `#results>:nth-child(${++i})`, rules)).join('');
const [mini_class, mini_parts] = render_mini(report);
const mini = mini_parts.map((p) => (typeof p === 'string' ? esc_text(p) : html(p, '#mini-verdict>*', rules))).join('');

// ---- into index.html ------------------------------------------------------------------------
const index = join(site, 'index.html');
let page = readFileSync(index, 'utf8');
const replace = (from, to) => {
  if (!page.includes(from)) throw new Error(`index.html has no ${from}`);
  page = page.replace(from, to);
};
const css = rules.join('');
const hash = createHash('sha256').update(css).digest('base64');
replace('<div id="results" class="results"></div>', `<div id="results" class="results">${results}</div>`);
replace('<a id="mini-verdict" class="mini-verdict" href="#sec-verdict" hidden></a>', `<a id="mini-verdict" class="${mini_class}" href="#sec-verdict">${mini}</a>`);
replace("style-src 'self'", `style-src 'self' 'sha256-${hash}'`);
replace('</head>', `<style id="prerender-style">${css}</style>\n</head>`);
writeFileSync(index, page);
// The report it shows, for the test that compares it with the wasm module's (not loaded by the page).
writeFileSync(join(site, 'prerender.json'), JSON.stringify(report));
console.log(`prerendered the default scenario into ${index} (${results.length + mini.length} bytes of markup)`);

// ---- the default view's calls, answered ---------------------------------------------------
// What web/js/app.js asks on a link without scenario keys (English: the core's default scenario; Chinese: the same
// in the page's language, state.js in_lang; an embedded page asks a subset). tests/e2e/answers.spec.mjs loads those
// views and fails if one asks anything else (the module would be fetched): a change to what the page asks at boot
// shows there.
const DEFAULT_VIEW_CALLS = [['default_scenario'], ['schema'], ['version'], ['catalog']];
for (const scenario of ['en', 'zh'].map((lang) => JSON.stringify(in_lang({}, lang)))) {
  DEFAULT_VIEW_CALLS.push(['evaluate', scenario], ['speed_curve', scenario, ''], ['recommend', scenario, 'model', REC_TOP],
    ['recommend', scenario, 'device', REC_TOP], ['ladder', scenario]);
}
const answers_tool = opt('--answers') ?? join(dirname(resolve(cli)), 'headroom-page-answers');
const r = spawnSync(answers_tool, [], { input: JSON.stringify(DEFAULT_VIEW_CALLS), encoding: 'utf8', maxBuffer: 64 << 20 });
if (r.status !== 0) throw new Error(`${answers_tool} exited ${r.status}: ${r.stderr ?? r.error}`);
writeFileSync(join(site, 'data', 'answers.json'), r.stdout);
console.log(`answered the default view's ${DEFAULT_VIEW_CALLS.length} calls into ${join(site, 'data', 'answers.json')} (${r.stdout.length} bytes)`);

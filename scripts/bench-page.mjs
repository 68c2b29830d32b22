#!/usr/bin/env node
// The page's floors (issue 11), measured in headless Chromium against the built site, beside a
// static reference page served by the same server in the same run:
//   everything a cold load transfers, gzipped          < 150 KB
//   the first result painted at first contentful paint  (result paint - FCP, median of cold loads)
//   the longest main-thread task from navigation until the page settles   < 50 ms
//   an input (a key typed into a field) to the result painted, frame included, p95   < 20 ms
//   the first evaluate() in wasm (Chromium, in the page's boot and in a fresh worker; Node, in a fresh process)   < 10 ms
// Usage: node scripts/bench-page.mjs [--site build-wasm/site] [--runs 7] [--only bytes,loads,input,node,fresh] [--json] [--explain]
// A benchmark, not a test: it prints the numbers and exits 1 only when a floor is missed.
//
// How each is measured:
// - bytes: every response of a cold load, until the network has been idle for a second, each
//   body gzipped at level 9 (what a static host serving gzip would send). The default view's calls are the
//   build's answers (data/answers.json) and it loads no wasm module; the bytes after the first input (the
//   reader moves to the context field and types: the module, its glue and the workers) are given beside it.
// - first input on the default view: from the first key typed into the context field (the pointer moved
//   there 300 ms before, which starts loading the module) to the result painted.
// - paint: first-contentful-paint (Paint Timing) and the render time of the verdict text (Element
//   Timing: the verdict word carries elementtiming="verdict"; an init script adds it when the page
//   itself does not), in fresh browser contexts (no HTTP or code cache). The static page's FCP in
//   the same run is the machine's floor for any page.
// - tasks: Long Tasks (>= 50 ms) observed from before the first script, and the longest task on the
//   page's main thread in a Chromium trace (RunTask events), from navigation until 2 s after the
//   load event (the deferred work, recommendations and the speed chart included), by wall time and
//   by the thread's CPU time (the trace's tdur: on a machine shared with other work, wall time also
//   counts the time the thread waited for a core). --explain prints what each long task holds.
// - first evaluate: in Chromium (the default view's first input: the default view evaluates nothing before it,
//   its answers are the build's; a link's cold loads, ?model=llama-3.1-70b&gpus=2, are given beside it, where the
//   link's first evaluate is also the worker's warm-up) the page's own measures (app.js; the core runs in a worker, js/core.js):
//   'headroom:first-evaluate', the page's first evaluate()'s time in the module (after the worker's
//   warm-up), 'headroom:first-evaluate-rtt' its round trip from the main thread (waiting for the warm-up
//   included when it is still running), and 'headroom:worker-first-evaluate', the warm-up's own evaluate
//   in the worker (V8's lazy compilation of the code it runs included, off the main thread); a page that
//   runs the module on its main thread has only the first, lazy compilation included. In Node, a fresh
//   process per run instantiates the module from its bytes and times evaluate(default_scenario()). In a fresh
//   Chromium worker (fresh): a page that only compiles and instantiates the module in a worker, then, 300 ms later,
//   times its first evaluate of the default scenario, and of a link's scenario without default_scenario() first.
// - input: trusted key presses (CDP, as a user types) into the context field, 100 ms apart in words
//   of 3-6 digits, 600 ms between words (the debounced work runs there and may delay a key). Each
//   key is timed from its keydown's timestamp to the end of the main-thread work of the frame after its
//   result is on the page (requestAnimationFrame, then a message: the task after the frame's style,
//   layout and paint). The result is on the page at the page's 'headroom:rendered' event when the core
//   runs in a worker, at the input event's handler when it runs on the main thread.
//   Event Timing's duration (to the frame's presentation, 8 ms granularity, only >= 16 ms
//   reported) is given beside it.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const site = resolve(opt('--site', process.env.HEADROOM_SITE_DIR ?? join(repo, 'build-wasm', 'site')));
const runs = Number(opt('--runs', 7));
const as_json = args.includes('--json');
// --only bytes,loads,input: a part of the run, while working on one floor
const only = new Set((opt('--only', 'bytes,loads,input,node,fresh')).split(','));

const free_port = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One server for both pages: /site/ (the built site) and /ref/ (a static page with a heading and
// a paragraph in the system font, no script).
const root = mkdtempSync(join(tmpdir(), 'headroom-bench-'));
symlinkSync(site, join(root, 'site'));
mkdirSync(join(root, 'ref'));
writeFileSync(join(root, 'ref', 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>reference</title><link rel="icon" href="data:,"></head>'
  + '<body style="font-family:system-ui,sans-serif"><h1>headroom</h1><p>A static reference page: the same server and browser, no script, no stylesheet.</p>'
  + '<label>Context length <input type="number" value="8192"></label></body></html>');
// /fresh/: a fresh instance of the module in a dedicated worker, as the page's worker makes it, and nothing else: it
// compiles the module, instantiates it, waits 300 ms (the compile's background threads done, the page idle) and times
// its first evaluate (V8's lazy compilation of what it runs included) and a second. ?s= a scenario JSON: a link's
// first evaluate (no default_scenario() before it, whose code it would otherwise share).
mkdirSync(join(root, 'fresh'));
writeFileSync(join(root, 'fresh', 'index.html'), '<!doctype html><meta charset="utf-8"><title>fresh instance</title><script type="module">'
  + 'const w = new Worker("worker.mjs" + location.search, { type: "module" }); w.onmessage = (e) => { window.fresh = e.data; };</script>');
writeFileSync(join(root, 'fresh', 'worker.mjs'), `import create from '../site/headroom.mjs';
const mod = await WebAssembly.compileStreaming(fetch('../site/headroom.wasm'));
const hr = await create({ instantiateWasm(imports, receive) { WebAssembly.instantiate(mod, imports).then((i) => receive(i, mod)); return {}; } });
const given = new URL(location.href).searchParams.get('s');
const s = given ?? hr.default_scenario();
await new Promise((ok) => setTimeout(ok, 300));
const t0 = performance.now(); const ok = JSON.parse(hr.evaluate(s)).ok; const t1 = performance.now(); hr.evaluate(s); const t2 = performance.now();
postMessage({ first: t1 - t0, second: t2 - t1, ok });`);
const port = await free_port();
const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', root, String(port)], { stdio: 'ignore' });
const origin = `http://127.0.0.1:${port}`;
const base = `${origin}/site/`;
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(base)).ok) break; } catch { /* not up yet */ }
  await sleep(50);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  env: { ...process.env, XDG_CONFIG_HOME: join(root, 'config'), XDG_CACHE_HOME: join(root, 'cache') },
});

// Installed before any of the page's scripts: long tasks, and elementtiming on the verdict word
// when the page renders it without one.
function observe() {
  window.__bench = { longtasks: [], element: [] };
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask' }); } catch { /* unsupported */ }
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.element.push({ id: e.identifier, render: e.renderTime || e.loadTime }); }).observe({ type: 'element', buffered: true }); } catch { /* unsupported */ }
  new MutationObserver(() => {
    const el = document.querySelector('[data-report="fit.fits"]');
    if (el && !el.hasAttribute('elementtiming')) el.setAttribute('elementtiming', 'verdict');
  }).observe(document, { childList: true, subtree: true });
}

async function cold_load(url, { trace = false, wait_result = true } = {}) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.addInitScript(observe);
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(url, { waitUntil: 'load' });
  if (wait_result) await page.waitForFunction(() => window.__bench.element.some((e) => e.id === 'verdict'), null, { timeout: 20000 });
  else await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  await sleep(2000);   // the deferred work: the speed chart, recommendations, extras
  const m = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      result: window.__bench.element.find((e) => e.id === 'verdict')?.render ?? null,
      load: nav.loadEventEnd,
      first_evaluate: performance.getEntriesByName('headroom:first-evaluate')[0]?.duration ?? null,
      first_evaluate_rtt: performance.getEntriesByName('headroom:first-evaluate-rtt')[0]?.duration ?? null,
      worker_first_evaluate: performance.getEntriesByName('headroom:worker-first-evaluate')[0]?.duration ?? null,
      longtasks: window.__bench.longtasks,
    };
  });
  if (trace) {
    const buf = await browser.stopTracing();
    const events = JSON.parse(buf.toString());
    m.tasks = longest_tasks(events, url);
    m.explained = explain_tasks(events, url);
  }
  await ctx.close();
  return m;
}

// The page's main thread (the one that parsed its HTML: headless Chromium runs other renderers, e.g.
// its own WebUI pages, in the same trace); its five longest RunTask events in ms.
function longest_tasks(trace, url) {
  const events = trace.traceEvents ?? trace;
  const parse = events.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').startsWith(url));
  if (!parse) return [];
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === parse.pid && e.tid === parse.tid);
  const top = (key) => tasks.map((e) => (e[key] ?? 0) / 1000).sort((a, b) => b - a).slice(0, 5);
  // dur: wall time; tdur: the thread's CPU time in the task (what a loaded machine's descheduling does not inflate)
  return Object.assign(top('dur'), { cpu: top('tdur') });
}

// What the longest tasks are (--explain): the page's main-thread RunTask events over 20 ms, those with the most
// CPU time first: each one's start (ms after the thread's first traced event), wall and CPU time, and the events
// directly inside it that take 2 ms or more (a script's function and file, a layout, a paint, a parse), largest
// first, as wall/CPU ms.
function explain_tasks(trace, url) {
  const events = trace.traceEvents ?? trace;
  const parse = events.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').startsWith(url));
  if (!parse) return [];
  const mine = events.filter((e) => e.ph === 'X' && e.pid === parse.pid && e.tid === parse.tid).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const t0 = Math.min(...mine.map((e) => e.ts));
  const label = (e) => {
    const d = e.args?.data ?? e.args?.beginData ?? {};
    const where = d.functionName || d.url ? ` ${d.functionName ?? ''}${d.url ? ` ${String(d.url).split('/').slice(-2).join('/')}${d.lineNumber ? `:${d.lineNumber}` : ''}` : ''}` : '';
    return `${e.name}${where}`;
  };
  return mine.filter((e) => e.name === 'RunTask' && e.dur >= 20000).sort((a, b) => (b.tdur ?? b.dur) - (a.tdur ?? a.dur)).slice(0, 6).map((task) => {
    const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.dur >= 2000);
    // direct children only: not inside another event of the list
    const direct = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
    return { at_ms: Math.round((task.ts - t0) / 1000), ms: Math.round(task.dur / 1000), cpu_ms: Math.round((task.tdur ?? 0) / 1000),
      parts: direct.sort((a, b) => b.dur - a.dur).slice(0, 6).map((e) => `${label(e)} ${(e.dur / 1000).toFixed(1)}/${((e.tdur ?? 0) / 1000).toFixed(1)}`) };
  });
}

// A cold load of the default view, then the reader's first input: the pointer moves to the context field (the
// module starts loading), 300 ms later a key; from the key to the result painted (frame included), in ms.
async function first_key(url) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const field = page.getByRole('spinbutton', { name: 'Context length' });
  await field.waitFor();
  await sleep(1000);
  await page.evaluate(() => {
    window.__first = new Promise((ok) => {
      let t0 = null;
      addEventListener('keydown', (e) => { t0 ??= e.timeStamp; }, true);
      document.addEventListener('headroom:rendered', () => {
        if (t0 === null) return;
        requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => ok(performance.now() - t0); ch.port2.postMessage(null); });
      });
    });
  });
  await field.hover();
  await sleep(300);
  await field.click({ clickCount: 3 });
  await page.keyboard.press('4');
  const ms = await page.evaluate(() => window.__first);
  await sleep(300);
  const m = await page.evaluate(() => Object.fromEntries(['headroom:first-evaluate', 'headroom:first-evaluate-rtt', 'headroom:worker-first-evaluate']
    .map((n) => [n.slice(9).replaceAll('-', '_'), performance.getEntriesByName(n)[0]?.duration ?? null])));
  await ctx.close();
  return { ms, ...m };
}

// Types into the page's context field as a user would; each key timed to the painted frame.
async function type_into(url) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(url);
  const field = page.getByRole('spinbutton', { name: 'Context length' });
  await field.waitFor();
  await sleep(1500);
  await page.evaluate(() => {
    const b = window.__input = { times: [], events: [], t0: null };
    addEventListener('keydown', (e) => { b.t0 = e.timeStamp; }, true);
    const done = () => {
      const t0 = b.t0;
      b.t0 = null;
      if (t0 === null) return;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => b.times.push(performance.now() - t0);
        ch.port2.postMessage(null);
      });
    };
    // A page that computes in a worker has its result on the page when it says 'headroom:rendered' (app.js),
    // after the input event; one that computes on its thread (before issue 11's worker) renders in the input
    // event's handler. The reference page has no handler: its input event is the end.
    if (window.headroom_app?.hr?.in_worker) document.addEventListener('headroom:rendered', done); else addEventListener('input', done);
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'keydown') b.events.push(e.duration); }).observe({ type: 'event', durationThreshold: 16 });
  });
  const words = ['4096', '32768', '8192', '131072', '2048', '65536', '16384', '100000', '7777', '12000', '24576', '49152'];
  let keys = 0;
  for (const w of words) {
    await field.click({ clickCount: 3 });
    for (const ch of w) { await page.keyboard.press(ch); keys++; await sleep(100); }
    await sleep(600);
  }
  await sleep(300);
  const b = await page.evaluate(() => window.__input);
  const input_ms = { keys, timed: b.times.length, median: median(b.times), p95: pct(b.times, 0.95), max: Math.max(...b.times),
    event_timing_over_16ms: b.events.length, event_timing_p95: b.events.length >= keys * 0.05 ? pct([...b.events, ...Array(keys - b.events.length).fill(0)], 0.95) : '< 16' };
  return { page, ctx, input_ms };
}

const result = { site, runs };
try {
  // 1. Bytes of a cold load.
  if (only.has('bytes')) {
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const files = [];
    page.on('response', async (r) => { try { files.push({ url: r.url(), body: await r.body() }); } catch { /* redirects */ } });
    await page.goto(base, { waitUntil: 'networkidle' });
    await sleep(1000);
    // A URL asked again in the same load (headroom.mjs: imported by the page and by each worker) is answered by the
    // HTTP cache: counted once.
    const sizes = (list) => [...new Map(list.map((f) => [f.url, f])).values()]
      .map((f) => ({ file: f.url.replace(base, '') || 'index.html', bytes: f.body.length, gzip: gzipSync(f.body, { level: 9 }).length }))
      .sort((a, b) => b.gzip - a.gzip);
    const rows = sizes(files);
    result.files = rows;
    result.total_gzip_bytes = rows.reduce((a, r) => a + r.gzip, 0);
    // Then the first input: what the module costs the reader who uses the calculator.
    const seen = new Set(files.map((f) => f.url));
    const field = page.getByRole('spinbutton', { name: 'Context length' });
    await field.hover();
    await field.fill('32768');
    await page.waitForLoadState('networkidle');
    await sleep(1000);
    result.input_files = sizes(files.filter((f) => !seen.has(f.url)));
    result.input_gzip_bytes = result.input_files.reduce((a, r) => a + r.gzip, 0);
    result.external_requests = files.filter((f) => !f.url.startsWith(origin)).map((f) => f.url);
    await ctx.close();
  }
  // 2. Cold loads, the page and the static reference interleaved.
  if (only.has('loads')) {
    const page_runs = [], ref_runs = [];
    await cold_load(base);   // warm the server and the OS file cache, not the browser
    for (let i = 0; i < runs; i++) {
      ref_runs.push(await cold_load(`${origin}/ref/`, { wait_result: false }));
      page_runs.push(await cold_load(base));
    }
    // The first evaluate in the module: a link's cold loads (the default view has the build's answers).
    const link_runs = [];
    for (let i = 0; i < runs; i++) link_runs.push(await cold_load(`${base}?model=llama-3.1-70b&gpus=2`));
    // The default view's first input: the module loads when the pointer reaches the form.
    const first_input = [];
    for (let i = 0; i < runs; i++) first_input.push(await first_key(base));
    result.link_first_evaluate_ms = { median: median(link_runs.map((r) => r.first_evaluate)), runs: link_runs.map((r) => r.first_evaluate) };
    result.first_input_ms = { median: median(first_input.map((r) => r.ms)), runs: first_input.map((r) => r.ms) };
    const traced = [];
    for (let i = 0; i < 3; i++) traced.push(await cold_load(base, { trace: true }));
    result.ref_fcp_ms = { median: median(ref_runs.map((r) => r.fcp)), runs: ref_runs.map((r) => r.fcp) };
    result.fcp_ms = { median: median(page_runs.map((r) => r.fcp)), runs: page_runs.map((r) => r.fcp) };
    result.result_paint_ms = { median: median(page_runs.map((r) => r.result)), runs: page_runs.map((r) => r.result) };
    result.result_after_fcp_ms = { median: median(page_runs.map((r) => r.result - r.fcp)), runs: page_runs.map((r) => r.result - r.fcp) };
    const lt = page_runs.map((r) => Math.max(0, ...r.longtasks.map((t) => t.duration)));
    result.longtask_ms = { median: median(lt), max: Math.max(...lt), runs: lt };
    result.first_evaluate_ms = { median: median(first_input.map((r) => r.first_evaluate)), runs: first_input.map((r) => r.first_evaluate) };
    result.first_evaluate_rtt_ms = { median: median(first_input.map((r) => r.first_evaluate_rtt)), runs: first_input.map((r) => r.first_evaluate_rtt) };
    result.worker_first_evaluate_ms = { median: median(first_input.map((r) => r.worker_first_evaluate)), runs: first_input.map((r) => r.worker_first_evaluate) };
    result.explained = traced.map((r) => r.explained);
    result.traced_longest_task_ms = { median: median(traced.map((r) => r.tasks[0] ?? 0)), runs: traced.map((r) => r.tasks) };
    result.traced_longest_task_cpu_ms = { median: median(traced.map((r) => r.tasks.cpu?.[0] ?? 0)), runs: traced.map((r) => r.tasks.cpu ?? []) };
  }
  // 2b. The first evaluate in Node: a fresh process per run (no code cache), the module's bytes handed in.
  if (only.has('node')) {
    const probe = `globalThis.require = (await import('node:module')).createRequire(import.meta.url);
      const { readFileSync } = await import('node:fs');
      const dir = process.argv[1];
      globalThis.__dirname = dir;
      const t0 = performance.now();
      const { default: create } = await import('file://' + dir + '/headroom.mjs');
      const hr = await create({ wasmBinary: readFileSync(dir + '/headroom.wasm') });
      const t1 = performance.now();
      const s = hr.default_scenario();
      const t2 = performance.now();
      const ok = JSON.parse(hr.evaluate(s)).ok;
      const t3 = performance.now();
      hr.evaluate(s);
      const t4 = performance.now();
      console.log(JSON.stringify({ instantiate: t1 - t0, first_evaluate: t3 - t2, second_evaluate: t4 - t3, ok }));`;
    const node_runs = [];
    for (let i = 0; i < runs; i++) {
      const out = await new Promise((ok, fail) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', probe, site], { stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        p.stdout.on('data', (d) => { text += d; });
        p.on('close', (code) => (code === 0 ? ok(JSON.parse(text)) : fail(new Error(`node probe exited ${code}`))));
      });
      node_runs.push(out);
    }
    const col = (k) => ({ median: median(node_runs.map((r) => r[k])), runs: node_runs.map((r) => r[k]) });
    result.node = { instantiate_ms: col('instantiate'), first_evaluate_ms: col('first_evaluate'), second_evaluate_ms: col('second_evaluate') };
  }
  // 2c. A fresh instance's first evaluate in a Chromium worker (/fresh/ above), the default scenario and a link's.
  if (only.has('fresh')) {
    const fresh = async (query) => {
      const out = [];
      for (let i = 0; i < runs; i++) {
        const ctx = await browser.newContext({ serviceWorkers: 'block' });
        const page = await ctx.newPage();
        await page.goto(`${origin}/fresh/${query}`);
        const r = await page.waitForFunction(() => window.fresh, null, { timeout: 20000 }).then((h) => h.jsonValue());
        if (!r.ok) throw new Error('the fresh instance\'s evaluate did not answer ok');
        out.push(r);
        await ctx.close();
      }
      return { median: median(out.map((r) => r.first)), runs: out.map((r) => r.first), second_median: median(out.map((r) => r.second)) };
    };
    result.fresh_first_evaluate_ms = await fresh('');
    result.fresh_link_first_evaluate_ms = await fresh(`?s=${encodeURIComponent(JSON.stringify({ model: 'llama-3.1-70b', gpus: 2 }))}`);
  }
  // 3. Input to result painted: trusted key presses into the context field; the same typing into
  //    the reference page's field (no handler: the browser's own floor for a key to a painted frame).
  if (only.has('input')) {
    result.ref_input_ms = (await type_into(`${origin}/ref/`)).input_ms;
    const { page, ctx, input_ms } = await type_into(`${base}?model=llama-3.1-70b&gpus=2`);
    result.input_ms = input_ms;
    // Model switches (a datalist pick arrives as one input event).
    await page.evaluate(() => { window.__input.times = []; });
    const model = page.getByRole('combobox', { name: 'Model', exact: true });
    for (const id of ['llama-3.1-8b', 'deepseek-v3', 'mixtral-8x7b', 'qwen3-30b-a3b', 'gemma-3-27b', 'llama-3.1-405b', 'llama-3.1-70b']) {
      await model.fill(id.slice(0, -1));
      await sleep(50);
      await model.press(id.slice(-1));
      await sleep(600);
    }
    const mt = await page.evaluate(() => window.__input.times);
    result.model_switch_ms = { median: median(mt), max: Math.max(...mt), runs: mt };
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill();
}

{
}

const floors = [
  only.has('bytes') && ['everything a cold load transfers, gzipped', result.total_gzip_bytes / 1000, 150, 'KB'],
  only.has('loads') && ['first result painted after first contentful paint (median)', result.result_after_fcp_ms.median, 1, 'ms'],
  only.has('loads') && ['longest main-thread task, navigation to settled (median of traced loads)', result.traced_longest_task_ms.median, 50, 'ms'],
  only.has('loads') && ['longest main-thread task in CPU time (median of traced loads; not inflated by other processes)', result.traced_longest_task_cpu_ms.median, 50, 'ms'],
  only.has('loads') && ['first evaluate in wasm, Chromium (median of the default view\'s first inputs, after the worker\'s warm-up)', result.first_evaluate_ms.median, 10, 'ms'],
  only.has('node') && ['first evaluate in wasm, Node (median of fresh processes)', result.node.first_evaluate_ms.median, 10, 'ms'],
  only.has('fresh') && ['first evaluate in wasm, a fresh instance in a Chromium worker (median)', result.fresh_first_evaluate_ms.median, 10, 'ms'],
  only.has('fresh') && ['first evaluate in wasm, a fresh instance in a Chromium worker, a link\'s scenario (median)', result.fresh_link_first_evaluate_ms.median, 10, 'ms'],
  only.has('input') && ['input to result painted, frame included (p95)', result.input_ms.p95, 20, 'ms'],
].filter(Boolean);
if (as_json) console.log(JSON.stringify({ ...result }, null, 2));
else {
  const f0 = (x) => (typeof x === 'number' ? x.toFixed(0) : String(x));
  console.log(`site: ${site}`);
  for (const f of result.files ?? []) console.log(`  ${f.file.padEnd(22)} ${String(f.bytes).padStart(8)} B  gzip ${String(f.gzip).padStart(7)} B`);
  if (result.input_files) {
    console.log(`  then the first input loads (gzip ${(result.input_gzip_bytes / 1000).toFixed(1)} KB; with the first visit ${((result.total_gzip_bytes + result.input_gzip_bytes) / 1000).toFixed(1)} KB):`);
    for (const f of result.input_files) console.log(`    ${f.file.padEnd(20)} ${String(f.bytes).padStart(8)} B  gzip ${String(f.gzip).padStart(7)} B`);
  }
  if (result.fcp_ms) {
    console.log(`  static reference page FCP (ms): median ${f0(result.ref_fcp_ms.median)}; runs ${result.ref_fcp_ms.runs.map(f0).join(' ')}`);
    console.log(`  page FCP (ms): median ${f0(result.fcp_ms.median)}; runs ${result.fcp_ms.runs.map(f0).join(' ')}`);
    console.log(`  first result painted (ms): median ${f0(result.result_paint_ms.median)}; runs ${result.result_paint_ms.runs.map(f0).join(' ')}`);
    console.log(`  long tasks >= 50 ms (per load, longest): ${result.longtask_ms.runs.map(f0).join(' ')}`);
    console.log(`  the default view's first input (pointer on the field 300 ms before the key), key to result painted (ms): median ${f0(result.first_input_ms.median)}; runs ${result.first_input_ms.runs.map(f0).join(' ')}`);
    console.log(`  a link's first evaluate in Chromium (its own warm-up: V8's lazy compilation of what it runs included) (ms): median ${f0(result.link_first_evaluate_ms.median)}; runs ${result.link_first_evaluate_ms.runs.map((x) => (x ?? NaN).toFixed(1)).join(' ')}`);
    console.log(`  first evaluate in Chromium, the default view's first input (ms): median ${f0(result.first_evaluate_ms.median)}; runs ${result.first_evaluate_ms.runs.map((x) => (x ?? NaN).toFixed(1)).join(' ')}`);
    console.log(`  the page's first evaluate, round trip from the main thread (ms): median ${f0(result.first_evaluate_rtt_ms.median)}; runs ${result.first_evaluate_rtt_ms.runs.map((x) => (x ?? NaN).toFixed(1)).join(' ')}`);
    console.log(`  the worker's warm-up evaluate, off the main thread (ms): median ${f0(result.worker_first_evaluate_ms.median)}; runs ${result.worker_first_evaluate_ms.runs.map((x) => (x ?? NaN).toFixed(1)).join(' ')}`);
    console.log(`  traced loads, five longest tasks (ms): ${result.traced_longest_task_ms.runs.map((r) => r.map(f0).join('/')).join('  ')}`);
    console.log(`  traced loads, five longest tasks by the main thread's CPU time (ms): ${result.traced_longest_task_cpu_ms.runs.map((r) => r.map(f0).join('/')).join('  ')}`);
    if (args.includes('--explain')) {
      result.explained.forEach((tasks, i) => {
        console.log(`  traced load ${i + 1}: tasks >= 20 ms`);
        for (const t of tasks) console.log(`    at ${t.at_ms} ms, ${t.ms} ms (CPU ${t.cpu_ms} ms): ${t.parts.join('; ')}`);
      });
    }
  }
  if (result.node) {
    const n = result.node, f1 = (c) => `median ${c.median.toFixed(1)}; runs ${c.runs.map((x) => x.toFixed(1)).join(' ')}`;
    console.log(`  Node, fresh process: instantiate (ms) ${f1(n.instantiate_ms)}`);
    console.log(`  Node: first evaluate (ms) ${f1(n.first_evaluate_ms)}; second ${f1(n.second_evaluate_ms)}`);
  }
  if (result.fresh_first_evaluate_ms) {
    const f1 = (c) => `median ${c.median.toFixed(1)}; runs ${c.runs.map((x) => x.toFixed(1)).join(' ')}; second median ${c.second_median.toFixed(1)}`;
    console.log(`  a fresh instance in a Chromium worker, first evaluate (ms): ${f1(result.fresh_first_evaluate_ms)}`);
    console.log(`  the same, a link's scenario (no default_scenario() before it) (ms): ${f1(result.fresh_link_first_evaluate_ms)}`);
  }
  if (result.input_ms) {
    const ri = result.ref_input_ms;
    console.log(`  reference page input (ms): median ${ri.median.toFixed(1)}, p95 ${ri.p95.toFixed(1)}, max ${ri.max.toFixed(1)}; Event Timing p95 ${ri.event_timing_p95}`);
    console.log(`  input (ms, ${result.input_ms.timed} of ${result.input_ms.keys} keys): median ${result.input_ms.median.toFixed(1)}, p95 ${result.input_ms.p95.toFixed(1)}, max ${result.input_ms.max.toFixed(1)}; Event Timing: ${result.input_ms.event_timing_over_16ms} keys >= 16 ms, p95 ${result.input_ms.event_timing_p95}`);
    console.log(`  model switch (ms): median ${result.model_switch_ms.median.toFixed(1)}, max ${result.model_switch_ms.max.toFixed(1)}`);
  }
}
let missed = 0;
for (const [name, v, limit, unit] of floors) {
  const ok = typeof v === 'number' && v < limit;
  if (!ok) missed++;
  if (!as_json) console.log(`${ok ? 'ok  ' : 'MISS'}  ${name}: ${typeof v === 'number' ? v.toFixed(1) : v} ${unit} (floor < ${limit} ${unit})`);
}
if (result.external_requests?.length) { missed++; console.log(`MISS  requests beyond the origin: ${result.external_requests.join(', ')}`); }
process.exit(missed ? 1 : 0);

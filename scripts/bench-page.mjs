#!/usr/bin/env node
// The page's floors (issue #5), measured in headless Chromium against the built site:
//   everything the page loads, gzipped          < 300 KB
//   cold load to the first computed result      < 500 ms
//   an input change to updated results          < 16 ms (one frame)
//   a full recommendation sweep                 < 50 ms
// Usage: node scripts/bench-page.mjs [--site build-wasm/site] [--runs 7] [--json]
// A benchmark, not a test: it prints the numbers and exits 1 only when a floor is missed.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { mkdtempSync } from 'node:fs';
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

const free_port = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const port = await free_port();
const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', site, String(port)], { stdio: 'ignore' });
const base = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(base)).ok) break; } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 50));
}
const xdg = mkdtempSync(join(tmpdir(), 'headroom-bench-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  env: { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_CACHE_HOME: join(xdg, 'cache') },
});

const result = {};
try {
  // 1. Bytes: every response of a full load (after the extras arrive), gzipped at level 9.
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const files = [];
    page.on('response', async (r) => { try { files.push({ url: r.url(), body: await r.body() }); } catch { /* redirects */ } });
    await page.goto(base);
    await page.locator('#sec-measured').waitFor();
    await page.waitForTimeout(300);
    const rows = files.map((f) => ({ file: f.url.replace(base, '') || 'index.html', bytes: f.body.length, gzip: gzipSync(f.body, { level: 9 }).length }));
    result.files = rows.sort((a, b) => b.gzip - a.gzip);
    result.total_gzip_bytes = rows.reduce((a, r) => a + r.gzip, 0);
    result.external_requests = files.filter((f) => !f.url.startsWith(base)).map((f) => f.url);
    await ctx.close();
  }
  // 2. Cold load: a fresh context each run (no HTTP or compiled-code cache), navigation start to
  //    the first result rendered and a frame painted.
  {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(base);
      await page.waitForFunction(() => performance.getEntriesByName('headroom:first-paint').length > 0);
      times.push(await page.evaluate(() => performance.getEntriesByName('headroom:first-paint')[0].startTime));
      await ctx.close();
    }
    result.cold_load_ms = { median: median(times), runs: times };
  }
  // 3. Input -> updated results (the handler evaluates and re-renders synchronously), then the
  //    context sweep the speed chart draws, and a recommendation sweep when the core has one.
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}?model=llama-3.1-70b&gpus=2`);
    await page.locator('[data-report="memory.total_bytes"]').first().waitFor();
    result.input_ms = await page.evaluate(() => {
      const input = document.getElementById('f-ctx');
      const out = [];
      for (let i = 0; i < 60; i++) {
        const t0 = performance.now();
        input.value = String(4096 + 512 * i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Force style and layout, so the time includes what the browser must do before painting.
        void document.getElementById('results').getBoundingClientRect().height;
        out.push(performance.now() - t0);
      }
      out.sort((a, b) => a - b);
      return { median: out[30], p95: out[56], max: out[59] };
    });
    result.model_switch_ms = await page.evaluate(() => {
      const input = document.getElementById('f-model');
      const ids = ['llama-3.1-8b', 'deepseek-v3', 'mixtral-8x7b', 'qwen3-30b-a3b', 'gemma-3-27b', 'llama-3.1-405b'];
      const out = [];
      for (const id of [...ids, ...ids]) {
        const t0 = performance.now();
        input.value = id;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        void document.getElementById('results').getBoundingClientRect().height;
        out.push(performance.now() - t0);
      }
      out.sort((a, b) => a - b);
      return { median: out[6], max: out[11] };
    });
    result.sweep = await page.evaluate(() => {
      const hr = window.headroom_app.hr;
      const state = window.headroom_app.state;
      const t = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };
      const ctx_sweep = t(() => { for (const ctx of [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]) hr.evaluate(JSON.stringify({ ...state, ctx })); });
      const out = { context_sweep_8_evaluations_ms: ctx_sweep };
      if (typeof hr.recommend === 'function') {
        // Median of five full sweeps of each kind: hardware for the model, models for the device.
        const med = (f) => { const xs = [0, 1, 2, 3, 4].map(() => t(f)).sort((a, b) => a - b); return xs[2]; };
        out.recommend_hardware_ms = med(() => hr.recommend(JSON.stringify(state), 'model', 10));
        out.recommend_models_ms = med(() => hr.recommend(JSON.stringify(state), 'device', 10));
        out.recommend_ms = Math.max(out.recommend_hardware_ms, out.recommend_models_ms);
      }
      else {
        const r = JSON.parse(hr.evaluate(JSON.stringify(state)));
        out.recommend_ms = r.ok && Array.isArray(r.report.recommendations) ? t(() => hr.evaluate(JSON.stringify(state))) : null;
      }
      return out;
    });
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill();
}

const floors = [
  ['everything the page loads, gzipped', result.total_gzip_bytes / 1000, 300, 'KB'],
  ['cold load to first result on screen (median)', result.cold_load_ms.median, 500, 'ms'],
  ['input change to updated results (p95)', result.input_ms.p95, 16, 'ms'],
  ['model change to updated results (max)', result.model_switch_ms.max, 16, 'ms'],
  ['full recommendation sweep (slower of the two kinds, median)', result.sweep.recommend_ms, 50, 'ms'],
];
if (as_json) console.log(JSON.stringify({ site, ...result }, null, 2));
else {
  console.log(`site: ${site}`);
  for (const f of result.files) console.log(`  ${f.file.padEnd(22)} ${String(f.bytes).padStart(8)} B  gzip ${String(f.gzip).padStart(7)} B`);
  console.log(`  context sweep (8 evaluations, the speed chart): ${result.sweep.context_sweep_8_evaluations_ms.toFixed(1)} ms`);
  if (result.sweep.recommend_hardware_ms != null) console.log(`  recommend: hardware for the model ${result.sweep.recommend_hardware_ms.toFixed(1)} ms, models for the device ${result.sweep.recommend_models_ms.toFixed(1)} ms`);
  console.log(`  cold load runs (ms): ${result.cold_load_ms.runs.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`  input (ms): median ${result.input_ms.median.toFixed(2)}, p95 ${result.input_ms.p95.toFixed(2)}, max ${result.input_ms.max.toFixed(2)}`);
}
let missed = 0;
for (const [name, v, limit, unit] of floors) {
  if (v === null || v === undefined) { if (!as_json) console.log(`n/a   ${name}: the core has no recommendation sweep yet`); continue; }
  const ok = v < limit;
  if (!ok) missed++;
  if (!as_json) console.log(`${ok ? 'ok  ' : 'MISS'}  ${name}: ${v.toFixed(1)} ${unit} (floor < ${limit} ${unit})`);
}
if (result.external_requests.length) { missed++; console.log(`MISS  requests beyond the origin: ${result.external_requests.join(', ')}`); }
process.exit(missed ? 1 : 0);

// The page's side of the core: the wasm module's functions, each returning a promise of its string.
// The module runs in dedicated workers (js/core-worker.js), so the page's main thread only posts a
// message and reads the answer:
// - the first worker answers what an input waits for (evaluate, search_models, the documents); boot.js
//   starts it with the page and it warms up (the default scenario once) while the page's scripts load;
// - a second one, started and warmed up while the page boots, runs the background searches (recommend, ladder, speed_curve), so
//   that a key typed while one of them runs is not queued behind it.
// Both instantiate the one WebAssembly.Module boot.js compiled (compiled once; the code V8 compiles lazily
// for one instance appears to serve the other: the second's warm-up evaluate takes a fraction of the first's).
// - once the first worker's warm-up has compiled the code an input runs, a third instance of the same module on
//   the page's thread answers the inputs' calls (evaluate, search_models) in the input's own task: a result
//   painted with the frame that shows the key, not a frame or two later behind a message round trip (the
//   module's ~1 ms evaluate became ~10 ms from key to answer through the worker). The worker keeps
//   what it was asked before, and what carries a model file (the readers module stays in the worker).
// Without module workers the same functions run on the page's thread.
// Before any of that, the build's answers: the calls the default view makes were answered by the native core at
// build time (scripts/prerender-page.mjs, data/answers.json, fetched by boot.js); a call among them is answered
// from the file, by any view, and the module is not loaded for it. The first call that is not among them, or the
// page's start() (the reader moved to the form or typed: js/app.js), loads the module as above.

import { carries_model_file } from './model-file.js';

// The module's functions (wasm/page_api.hpp) and which worker answers each.
const FOREGROUND = ['evaluate', 'search_models', 'catalog', 'apis', 'rentals', 'messages', 'default_scenario', 'schema', 'version', 'preset'];
const BACKGROUND = ['recommend', 'ladder', 'speed_curve'];
const WORKER_URL = 'js/core-worker.js';

// The compiled module boot.js started (null when it could not), else compiled here.
function compiled() {
  const early = window.headroom_wasm ?? Promise.resolve(null);
  return early.then((mod) => mod ?? WebAssembly.compileStreaming(fetch('headroom.wasm', { credentials: 'same-origin' })));
}

// One worker: resolves once the module is instantiated in it; rejects when the worker cannot run
// (no module workers, a script that failed to load). early: what it said before this page's side listened
// (boot.js keeps it).
function connect(worker, on_warmed, early = []) {
  const pending = new Map();
  let next_id = 0;
  let fail_all = null;
  let got_warmed;
  const warmed = new Promise((ok) => { got_warmed = ok; });
  const ready = new Promise((ok, fail) => {
    fail_all = (why) => {
      fail(why);
      for (const p of pending.values()) p.fail(why);
      pending.clear();
    };
    const on_message = (d) => {
      if (d.ready) ok();
      else if (d.failed) fail_all(new Error(d.failed));
      else if (d.warmed) { on_warmed?.(d.warmed); got_warmed(); }
      else {
        const p = pending.get(d.id);
        pending.delete(d.id);
        if (!p) return;
        if ('error' in d) p.fail(new Error(d.error)); else p.ok(d.result, d.ms);
        got_warmed();   // a link's first evaluate is its warm-up (boot.js)
      }
    };
    for (const d of early.splice(0)) on_message(d);
    worker.onmessage = (e) => on_message(e.data);
    worker.onerror = (e) => fail_all(new Error(e.message || `${WORKER_URL} failed to load`));
    if (early.failed) fail_all(new Error(`${WORKER_URL} failed to load`));
  });
  // timed(name, ...args): {result, ms (the call's time in the module), rtt (the round trip)}.
  const timed = (name, ...args) => new Promise((ok, fail) => {
    const id = ++next_id, t0 = performance.now();
    pending.set(id, { ok: (result, ms) => ok({ result, ms, rtt: performance.now() - t0 }), fail });
    worker.postMessage({ id, name, args });
  });
  return { ready, timed, warmed };
}

// An instance of the compiled module on this thread (js/core-worker.js does the same in a worker).
async function instantiate(mod) {
  const { default: createHeadroom } = await import('../headroom.mjs');
  return createHeadroom(mod ? {
    instantiateWasm(imports, receive) { WebAssembly.instantiate(mod, imports).then((inst) => receive(inst, mod)); return {}; },
  } : {});
}
const idle = () => new Promise((ok) => (window.requestIdleCallback ? requestIdleCallback(() => ok(), { timeout: 500 }) : setTimeout(ok, 50)));
// The calls an input makes, answered on this thread once the instance there is ready (see the top).
const LOCAL = new Set(['evaluate', 'search_models']);

// The build's answers (boot.js fetched them): [name, ...args] as JSON -> the module's answer.
async function load_answers() {
  const a = await (window.headroom_answers ?? null);
  if (!a || !Array.isArray(a.calls) || !Array.isArray(a.answers) || a.calls.length !== a.answers.length) return new Map();
  return new Map(a.calls.map((call, i) => [JSON.stringify(call), a.answers[i]]));
}

// The page's core: {fn(...args) -> Promise<string>} for each function, later() for the background searches,
// timed() for the first evaluate's measure ({result, ms, rtt}, and answered: true when the build's answers held it),
// start() to load the module ahead of the first call that needs it, loaded() whether it has been asked for, and ready
// (a promise) once it answers.
export async function start_core(opts = {}) {
  const answers = await load_answers();
  let engine = null, got_ready;
  const core = { in_worker: true, ready: new Promise((ok) => { got_ready = ok; }) };
  const start = () => {
    engine ??= (async () => {
      window.headroom_start?.();
      const c = await start_engine(opts);
      core.in_worker = c.in_worker;
      got_ready();
      setTimeout(() => c.start_background(), 0);   // a task of its own (the worker's start is ~10 ms of this thread)
      return c;
    })();
    return engine;
  };
  if (window.headroom_linked || answers.size === 0) start();
  // A call the answers hold (as(answer): what the call returns for it), else the module's (ask(the module's core)).
  const answer_or = (name, args, as, ask) => {
    const a = answers.get(JSON.stringify([name, ...args]));
    return a !== undefined ? Promise.resolve(as(a)) : start().then(ask);
  };
  for (const name of [...FOREGROUND, ...BACKGROUND]) core[name] = (...args) => answer_or(name, args, (a) => a, (c) => c[name](...args));
  core.timed = (name, ...args) => answer_or(name, args, (a) => ({ result: a, ms: 0, rtt: 0, answered: true }), (c) => c.timed(name, ...args));
  core.later = (name, args, still_wanted = () => true) => answer_or(name, args, (a) => a, (c) => c.later(name, args, still_wanted));
  core.start = () => { start(); };
  core.loaded = () => engine !== null;
  return core;
}

// The module itself, in the workers (and on this thread once warm), as the top of this file describes.
async function start_engine({ on_warmed, on_warmed_background } = {}) {
  const module = compiled().catch(() => null);
  let fg = null;
  try {
    // boot.js started it with the page ({started: a promise of the worker, early}); else it starts here.
    const booted = window.headroom_worker;
    const worker = booted ? await booted.started : new Worker(WORKER_URL, { type: 'module' });
    if (!booted) { worker.postMessage({ warm: true }); module.then((m) => worker.postMessage({ module: m })); }
    fg = connect(worker, on_warmed, booted?.early);
    await fg.ready;
  } catch {
    fg = null;
  }
  const core = {};
  if (!fg) {
    // No worker: the module on this thread, behind the same promises.
    const hr = await instantiate(await module);
    // A scenario with a model file goes to the readers module, as in the worker (core-worker.js).
    let readers = null;
    const target = async (args) => {
      if (!carries_model_file(args)) return hr;
      readers ??= import('../headroom-readers.mjs').then((m) => m.default()).catch((err) => { readers = null; throw err; });
      return readers;
    };
    for (const name of [...FOREGROUND, ...BACKGROUND]) core[name] = async (...args) => (await target(args))[name](...args);
    core.later = async (name, args, still_wanted = () => true) => {
      await new Promise((ok) => setTimeout(ok, 0));   // a task of its own, after the input's
      return still_wanted() ? core[name](...args) : null;
    };
    core.timed = async (name, ...args) => {
      const m = await target(args);
      const t0 = performance.now(); const result = m[name](...args); const ms = performance.now() - t0;
      return { result, ms, rtt: ms };
    };
    core.start_background = () => {};
    core.in_worker = false;
    return core;
  }
  // The background worker, started on its first call: its scripts load at once (while the page is surely online), but
  // it gets the module, and instantiates and searches, only once the first worker has answered its first call (its
  // warm-up, or a link's first evaluate): on 2 cores a second worker instantiating and searching (compiling the same
  // code) meanwhile took CPU from the result the reader waits for (a link's first evaluate 41 -> 29 ms,
  // docs/performance.md). If the first worker never answers, after 2 s all the same; if it cannot start, the first
  // one answers.
  let bg = null;
  const background = () => {
    bg ??= (async () => {
      const worker = new Worker(WORKER_URL, { type: 'module' });
      await Promise.race([fg.warmed, new Promise((ok) => setTimeout(ok, 2000))]);
      // The default view's warm-up (a link's first search would only wait behind it: boot.js does the same).
      if (!window.headroom_linked) worker.postMessage({ warm: true });
      worker.postMessage({ module: await module });
      const c = connect(worker, on_warmed_background);
      await c.ready;
      return c;
    })().catch(() => fg);
    return bg;
  };
  // The instance on this thread: started once the worker's warm-up has compiled the code (its own first evaluate is
  // then a few milliseconds, not the compile's tens), in an idle moment; until it is ready the worker answers.
  let local = null;
  fg.warmed.then(async () => {
    const mod = await module;
    if (!mod) return;
    await idle();
    const hr = await instantiate(mod);
    await idle();
    const t0 = performance.now();
    hr.evaluate(hr.default_scenario());
    performance.measure('headroom:local-first-evaluate', { start: t0 });
    local = hr;
  }).catch(() => { local = null; });
  const timed = (name, ...args) => {
    if (!local || !LOCAL.has(name) || carries_model_file(args)) return fg.timed(name, ...args);
    const t0 = performance.now();
    const result = local[name](...args);
    const ms = performance.now() - t0;
    return Promise.resolve({ result, ms, rtt: ms });
  };
  for (const name of FOREGROUND) core[name] = (...args) => timed(name, ...args).then((r) => r.result);
  for (const name of BACKGROUND) core[name] = (...args) => background().then((c) => c.timed(name, ...args)).then((r) => r.result);
  // later(): a background search the page may no longer want by the time the worker is free. One is in the
  // worker at a time; the next is sent only if still_wanted() says so (else it answers null), so a reader
  // who keeps typing does not leave a queue of stale searches competing with the inputs for the CPU.
  let chain = Promise.resolve();
  core.later = (name, args, still_wanted = () => true) => {
    const run = chain.then(() => (still_wanted() ? core[name](...args) : null));
    chain = run.catch(() => null);
    return run;
  };
  core.timed = timed;
  // Started and warmed up while the page boots, so that the first search does not wait for it.
  core.start_background = () => { background(); };
  core.in_worker = true;
  return core;
}

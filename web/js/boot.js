// Loaded before the modules, as a classic script (a file, not inline, for the Content-Security-Policy).
// 1. The core. A link with scenario keys needs the wasm module at once: compiling it starts here, while the
//    modules load, with the worker that runs it (js/core-worker.js, js/core.js), which instantiates it and runs
//    the default scenario once, off the page's thread. What the worker says before app.js listens is kept in
//    `early`.
//    The default view needs no module: the build answered its calls (data/answers.json, fetched here for every
//    view: the schema and the catalog serve a link's form too) and prerendered its result into index.html.
//    The module is compiled when the reader moves to the form or types (js/app.js asks js/core.js, which calls
//    headroom_start), or when the page asks something the answers do not hold (js/core.js): a first visit that
//    reads the result and leaves downloads a third of the bytes (docs/performance.md). Even then the compile and the worker wait for
//    the first frame, so that they do not compete with its layout for the CPU.
// fn runs in a task after the page's first frame (the frame after DOMContentLoaded).
function headroom_after_first_frame(fn) {
  var after = function () { requestAnimationFrame(function () { setTimeout(fn, 0); }); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', after); else after();
}
(function () {
  var q = new URLSearchParams(location.search), linked = false;
  q.forEach(function (v, k) { if (k !== 'v' && k !== 'lang' && k !== 'embed') linked = true; });
  window.headroom_linked = linked;   // a link with scenario keys (js/core.js's background worker reads it too)
  window.headroom_answers = fetch('data/answers.json', { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
  var painted = linked ? Promise.resolve() : new Promise(headroom_after_first_frame);
  var can_compile = typeof WebAssembly === 'object' && WebAssembly.compileStreaming;
  // headroom_start() sets headroom_wasm, a promise of the compiled module (null when it could not be compiled), and
  // headroom_worker, {worker, early, started: a promise of the worker} (null without module workers); once.
  window.headroom_wasm = null;
  window.headroom_worker = null;
  var started = false;
  window.headroom_start = function () {
    if (started) return;
    started = true;
    var wasm = can_compile
      ? painted.then(function () { return WebAssembly.compileStreaming(fetch('headroom.wasm', { credentials: 'same-origin' })); }).catch(function () { return null; })
      : Promise.resolve(null);
    window.headroom_wasm = wasm;
    window.headroom_worker = (function () {
      try {
        if (!can_compile || typeof Worker !== 'function') return null;
        var early = [];
        var booted = { worker: null, early: early, started: null };
        booted.started = painted.then(function () {
          var worker = new Worker('js/core-worker.js', { type: 'module' });
          worker.onmessage = function (e) { early.push(e.data); };
          worker.onerror = function () { early.failed = true; };
          // The default view warms up on the default scenario; a link's own first evaluate is its warm-up (it
          // would only wait behind another).
          if (!linked) worker.postMessage({ warm: true });
          wasm.then(function (m) { worker.postMessage({ module: m }); });
          booted.worker = worker;
          return worker;
        });
        return booted;
      } catch (e) {
        return null;   // no module workers: js/core.js runs the module on this thread
      }
    })();
  };
  if (linked) window.headroom_start();
})();
// 1b. The first frame lays out the top of the page only: the results' cards below the first few skip layout while
//     the page is `booting` (style.css: content-visibility), and are laid out in a frame of their own right after.
//     On the 2-core build machine the whole prerendered page in one first layout was the longest main-thread task.
(function () {
  var root = document.documentElement;
  root.classList.add('booting');
  headroom_after_first_frame(function () { root.classList.remove('booting'); });
})();
// 2. The language: ?lang=, else the browser's (Chinese when it prefers Chinese to English).
// 3. index.html holds the default scenario's result in English, rendered by the build: for any other
//    view it is hidden before the first paint, and the page's own render replaces it.
(function () {
  var q = new URLSearchParams(location.search);
  var lang = q.get('lang');
  if (lang !== 'en' && lang !== 'zh') {
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    lang = langs.some(function (l) { return /^zh/i.test(l); }) && !/^en/i.test(langs[0]) ? 'zh' : 'en';
  }
  window.headroom_lang = lang;
  if (lang === 'zh') {
    var l = document.createElement('link');
    l.rel = 'modulepreload';
    l.href = 'js/i18n-zh.js';
    document.head.appendChild(l);
  }
  var other = false;
  q.forEach(function (v, k) { if (k !== 'v' && k !== 'lang') other = true; });
  if (other || lang !== 'en') document.documentElement.classList.add('pre-stale');
})();

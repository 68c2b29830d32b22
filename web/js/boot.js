// Loaded before the modules, as a classic script (a file, not inline, for the Content-Security-Policy).
// 1. Start compiling the core while the modules load, and start the worker that runs it (js/core-worker.js,
//    js/core.js): it instantiates the compiled module and runs the default scenario once, off the page's
//    thread, while the page's scripts load. What it says before app.js listens is kept in `early`.
//    The default view shows the build's prerendered result first: there both wait for that first frame, so
//    that the compile and the worker's start do not compete with its layout for the CPU (on a 2-core machine
//    they made the first layout's task 3x as long by the wall clock); a link's scenario starts them at once.
(function () {
  var q = new URLSearchParams(location.search), linked = false;
  q.forEach(function (v, k) { if (k !== 'v' && k !== 'lang' && k !== 'embed') linked = true; });
  window.headroom_linked = linked;   // a link with scenario keys (js/core.js's background worker reads it too)
  var painted = linked ? Promise.resolve() : new Promise(function (ok) {
    var after_frame = function () { requestAnimationFrame(function () { setTimeout(ok, 0); }); };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', after_frame); else after_frame();
  });
  var can_compile = typeof WebAssembly === 'object' && WebAssembly.compileStreaming;
  window.headroom_wasm = can_compile
    ? painted.then(function () { return WebAssembly.compileStreaming(fetch('headroom.wasm', { credentials: 'same-origin' })); }).catch(function () { return null; })
    : null;
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
        window.headroom_wasm.then(function (m) { worker.postMessage({ module: m }); });
        booted.worker = worker;
        return worker;
      });
      return booted;
    } catch (e) {
      return null;   // no module workers: js/core.js runs the module on this thread
    }
  })();
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

// Offline support: every request to this site goes to the network first and falls back to the last
// copy cached here, so the calculator reloads without a connection once it has been opened.
// Same-origin GETs only: the page's one other request ("Load from Hugging Face", on its click; js/hf.js)
// goes to huggingface.co untouched, neither cached nor answered here.
const CACHE = 'headroom-v1';
// Everything the page loads (tests/e2e/offline.spec.mjs reloads it offline and fails if one is missing).
const FILES = ['./', 'index.html', 'css/style.css', 'js/boot.js', 'js/app.js', 'js/dom.js', 'js/i18n.js', 'js/i18n-zh.js', 'js/state.js',
  'js/render.js', 'js/gguf.js', 'js/hf.js', 'js/extras.js', 'js/core.js', 'js/core-worker.js', 'js/model-file.js', 'headroom.mjs', 'headroom.wasm',
  'headroom-readers.mjs', 'headroom-readers.wasm', 'data/accuracy.md', 'data/claims.json', 'data/answers.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: req.mode === 'navigate' })),
  );
});

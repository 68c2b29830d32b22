// Playwright: Debian's Chromium against the built site (build-wasm/site, or HEADROOM_SITE_DIR),
// served by python3's static server on 127.0.0.1.
import { defineConfig } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const site = resolve(process.env.HEADROOM_SITE_DIR ?? resolve(repo, 'build-wasm', 'site'));
// A free port per run (several runs may share a machine); workers inherit it through the env.
if (!process.env.HEADROOM_E2E_PORT) {
  process.env.HEADROOM_E2E_PORT = String(await new Promise((ok, fail) => {
    const s = net.createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  }));
}
const port = Number(process.env.HEADROOM_E2E_PORT);
const xdg = resolve(repo, 'test-results', '.xdg');

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs$/,
  outputDir: resolve(repo, 'test-results', 'e2e'),
  timeout: 30_000,
  fullyParallel: true,
  workers: 2,
  reporter: process.env.CI ? 'list' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
      env: { ...process.env, XDG_CONFIG_HOME: resolve(xdg, 'config'), XDG_CACHE_HOME: resolve(xdg, 'cache') },
    },
    locale: 'en-US',
    // page.route cannot see requests a service worker answers: keep them out, except in offline.spec.mjs.
    serviceWorkers: 'block',
    colorScheme: 'light',
  },
  webServer: {
    command: `python3 -m http.server --bind 127.0.0.1 --directory "${site}" ${port}`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore',
    timeout: 20_000,
  },
});

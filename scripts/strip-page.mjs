#!/usr/bin/env node
// Makes the site's copy of the page's scripts and stylesheet small (the sources in web/ stay readable):
// - js/*.js and the Emscripten glue (headroom*.mjs): minified by terser (a devDependency, pure JS:
//   compress and mangle, ES modules, exported names kept), when it is installed;
// - without terser, whole-line `//` comments and blank lines dropped from js/*.js (a script with a
//   line holding an odd number of backticks, a template literal that spans lines, is copied as is);
// - css/*.css: `/* */` comments, blank lines and indentation dropped.
// A script terser cannot parse is copied as it is, with a warning (the page still works).
// Usage: node scripts/strip-page.mjs SITE_DIR
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const site = process.argv[2];
if (!site) { console.error('usage: strip-page.mjs SITE_DIR'); process.exit(2); }

let terser = null;
try { terser = await import('terser'); } catch { /* not installed: comments only */ }

const scripts = [
  ...readdirSync(join(site, 'js')).filter((n) => n.endsWith('.js')).map((n) => join(site, 'js', n)),
  ...readdirSync(site).filter((n) => /^headroom.*\.mjs$/.test(n)).map((n) => join(site, n)),
];
if (existsSync(join(site, 'sw.js'))) scripts.push(join(site, 'sw.js'));

let before = 0, after = 0;
for (const path of scripts) {
  const text = readFileSync(path, 'utf8');
  let out = text;
  if (terser) {
    // boot.js and sw.js are classic scripts (their top level is global); the rest are modules.
    const module = !/\/(boot|sw)\.js$/.test(path);
    try {
      const r = await terser.minify(text, { module, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } });
      out = r.code + '\n';
    } catch (e) {
      console.warn(`page: ${path} not minified (${e.message})`);
    }
  } else if (path.endsWith('.js') && !text.split('\n').some((l) => (l.match(/`/g) ?? []).length % 2)) {
    out = text.split('\n').filter((l) => !/^\s*(\/\/.*)?$/.test(l)).join('\n') + '\n';
  }
  writeFileSync(path, out);
  before += text.length; after += out.length;
}
for (const f of readdirSync(join(site, 'css')).filter((n) => n.endsWith('.css'))) {
  const path = join(site, 'css', f);
  const text = readFileSync(path, 'utf8');
  const out = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s*\n/g, '\n').replace(/^[ \t]+/gm, '');
  writeFileSync(path, out);
  before += text.length; after += out.length;
}
console.log(`page: scripts and stylesheet ${terser ? 'minified (terser)' : 'stripped of comments (no terser)'}: ${before} -> ${after} bytes`);

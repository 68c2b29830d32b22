// What the wasm tests share: the repository, the built site (HEADROOM_WASM_DIR, default build-wasm/site), and its
// modules instantiated under Node. Emscripten 3.1.6's ES6 glue expects CommonJS globals under Node (`require`,
// `__dirname`) and fetches the .wasm, which fails on file paths under Node 20: the bytes are handed over instead.
// Not a test file itself (node --test runs *.test.mjs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const wasmDir = resolve(process.env.HEADROOM_WASM_DIR ?? join(repo, 'build-wasm', 'site'));

globalThis.require = createRequire(import.meta.url);
globalThis.__dirname = wasmDir;

// name: 'headroom' (the first module) or 'headroom-readers' (the same functions and the model file readers).
export async function load_module(name = 'headroom') {
  const { default: create } = await import(pathToFileURL(join(wasmDir, `${name}.mjs`)).href);
  return create({ wasmBinary: readFileSync(join(wasmDir, `${name}.wasm`)) });
}

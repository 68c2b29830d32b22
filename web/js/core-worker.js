// The wasm core in a dedicated module worker, so that nothing it does (instantiating, V8's lazy
// compilation of the functions a first call reaches, a search that takes tens of milliseconds) runs on
// the page's main thread. js/core.js is the page's side. The protocol (structured-clone messages):
//   page -> worker  {module: WebAssembly.Module | null}   the module boot.js compiled (null: fetch it here)
//                   {warm: true}                           the first worker: run the default scenario once
//                   {id, name, args: [string | number]}    a call of one of the module's functions
//   worker -> page  {ready: true}                          instantiated
//                   {warmed: {start, ms}}                  the warm-up evaluate: its start (epoch ms) and duration
//                   {id, result: string, ms}               the call's answer and its time in the module
//                   {id, error: string}                    a call that threw (the core answers bad input as values)
// Calls are answered in the order they arrive, one at a time. A call whose scenario carries a model file (a
// `config` or `gguf` key: a link to an opened GGUF file or Hugging Face repository) is answered by the readers
// module (headroom-readers.mjs, the same functions plus the readers), which this module leaves out
// (wasm/bindings.cpp); it is fetched the first time such a call comes.
import createHeadroom from '../headroom.mjs';
import { carries_model_file } from './model-file.js';

let got_module;
const module_given = new Promise((ok) => { got_module = ok; });
const instance = module_given
  .then((mod) => mod ?? WebAssembly.compileStreaming(fetch(new URL('../headroom.wasm', import.meta.url), { credentials: 'same-origin' })))
  .then((mod) => createHeadroom({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(mod, imports).then((inst) => receive(inst, mod));
      return {};
    },
  }));
instance.then(() => postMessage({ ready: true }), (err) => postMessage({ failed: String(err?.message ?? err) }));

// The warm-up: the calls a first input makes (an evaluate, a model search) run once, so that their code
// is compiled before the reader types. Queued like a call: what the page asks meanwhile waits behind it.
async function warm_up(hr) {
  const t0 = performance.now();
  hr.evaluate(hr.default_scenario());
  const ms = performance.now() - t0;
  postMessage({ warmed: { start: performance.timeOrigin + t0, ms } });
  hr.search_models('llama 8b', 8);
}

let readers = null;
const readers_instance = () => {
  readers ??= import('../headroom-readers.mjs').then((m) => m.default()).catch((err) => { readers = null; throw err; });
  return readers;
};

let queue = instance;
onmessage = (e) => {
  const d = e.data;
  if (d && 'module' in d) { got_module(d.module); return; }
  queue = queue.then(async (hr) => {
    if (d.warm) { await warm_up(hr); return hr; }
    const t0 = performance.now();
    try {
      const core = carries_model_file(d.args) ? await readers_instance() : hr;
      if (typeof core[d.name] !== 'function') throw new Error(`no function ${d.name} in the module`);
      const result = core[d.name](...d.args);
      postMessage({ id: d.id, result, ms: performance.now() - t0 });
    } catch (err) {
      postMessage({ id: d.id, error: String(err?.message ?? err) });
    }
    return hr;
  });
};

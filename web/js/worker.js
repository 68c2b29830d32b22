// A second instance of the core for the searches that take tens of milliseconds (recommend(), the
// speed chart's sweep), so the page's thread stays free for typing. It computes what the page asks
// and returns the module's string unchanged: no logic here.
import createHeadroom from '../headroom.mjs';

let ready = null;
const queue = [];

onmessage = async (e) => {
  if (e.data.module) {
    // The page's compiled module: instantiating it here shares its code instead of compiling again.
    const module = e.data.module;
    ready = createHeadroom({ instantiateWasm(imports, receive) { WebAssembly.instantiate(module, imports).then((inst) => receive(inst)); return {}; } });
    for (const m of queue.splice(0)) answer(m);
    return;
  }
  if (!ready) queue.push(e.data); else answer(e.data);
};

async function answer({ id, name, args }) {
  const hr = await ready;
  postMessage({ id, result: hr[name](...args) });
}

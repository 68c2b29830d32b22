// Loaded before the modules, as a classic script: start compiling the core while they load
// (app.js hands this promise to the module factory). A file, not inline, for the Content-Security-Policy.
window.headroom_wasm = typeof WebAssembly === 'object' && WebAssembly.compileStreaming
  ? WebAssembly.compileStreaming(fetch('headroom.wasm', { credentials: 'same-origin' })).catch(function () { return null; })
  : null;

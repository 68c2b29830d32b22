// Whether a call into the core carries a model file: a scenario (or a preset's overrides) with a `config` or
// `gguf` key, which only the readers module reads (wasm/bindings.cpp leaves the readers out of the first).
// The text is parsed only when such a key may be in it.
const MAY_CARRY = /"(?:config|gguf)"\s*:/;

export function carries_model_file(args) {
  return args.some((a) => {
    if (typeof a !== 'string' || !MAY_CARRY.test(a)) return false;
    try {
      const v = JSON.parse(a);
      return v !== null && typeof v === 'object' && !Array.isArray(v) && ('config' in v || 'gguf' in v);
    } catch {
      return false;   // not JSON: the core answers it
    }
  });
}

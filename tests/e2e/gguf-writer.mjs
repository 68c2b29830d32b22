// A small GGUF writer for the page's tests: a version-3 header (docs/gguf.md, "The format") with the keys
// llama.cpp writes for a llama model and tensors laid out as ggml lays them out (each at the end of the one
// before, padded to 32 bytes), with ggml's block sizes (ggml/src/ggml.c type_traits). It writes the header
// only; the caller makes the file its full size sparsely (fs.truncateSync), as tests/data/gguf's fixtures are.
const TYPES = { F32: [0, 1, 4], Q4_K: [12, 256, 144], Q6_K: [14, 256, 210] };   // name: [ggml id, elements per block, bytes per block]
const ALIGN = 32;

class Bytes {
  constructor() { this.parts = []; this.length = 0; }
  push(u8) { this.parts.push(u8); this.length += u8.length; }
  u16(v) { const b = new Uint8Array(2); new DataView(b.buffer).setUint16(0, v, true); this.push(b); }
  u32(v) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); this.push(b); }
  u64(v) { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(v), true); this.push(b); }
  str(s) { const e = new TextEncoder().encode(s); this.u64(e.length); this.push(e); }
  bytes() { const out = new Uint8Array(this.length); let at = 0; for (const p of this.parts) { out.set(p, at); at += p.length; } return out; }
}
const pad = (n) => Math.ceil(n / ALIGN) * ALIGN;

export function tensor_bytes(type, dims) {
  const [, block, bytes] = TYPES[type];
  if (dims[0] % block) throw new Error(`a row of ${type} is a multiple of ${block}`);
  return (dims[0] / block) * bytes * dims.slice(1).reduce((a, b) => a * b, 1);
}

// kv: [[key, 'u16' | 'u32' | 'i32' | 'str', value]]; tensors: [[name, type, dims]].
// -> {header (Uint8Array), size (data_offset + every tensor padded: the whole file), tensor_bytes}
export function write_gguf(kv, tensors) {
  const b = new Bytes();
  b.push(new TextEncoder().encode('GGUF'));
  b.u32(3);
  b.u64(tensors.length);
  b.u64(kv.length);
  for (const [key, type, value] of kv) {
    b.str(key);
    if (type === 'u16') { b.u32(2); b.u16(value); } else if (type === 'u32') { b.u32(4); b.u32(value); } else if (type === 'i32') { b.u32(5); b.u32(value); } else { b.u32(8); b.str(value); }
  }
  let offset = 0, total = 0;
  for (const [name, type, dims] of tensors) {
    b.str(name);
    b.u32(dims.length);
    for (const d of dims) b.u64(d);
    b.u32(TYPES[type][0]);
    b.u64(offset);
    const n = tensor_bytes(type, dims);
    total += n;
    offset = pad(offset + n);
  }
  const data_offset = pad(b.length);
  b.push(new Uint8Array(data_offset - b.length));
  return { header: b.bytes(), size: data_offset + offset, tensor_bytes: total };
}

// A llama model's file as llama.cpp's quantizer writes Q4_K_M (general.file_type 15): Q4_K, with Q6_K for the
// output and, in every other layer, attn_v and ffn_down (its use_more_bits); norms F32.
// shards > 1: a split model as llama-gguf-split writes it: the tensors in order across the files, every file
// with split.no (u16), split.count (u16) and split.tensors.count (i32), the model's keys in the first.
// -> one file's {header, size, tensor_bytes}, or for shards > 1 {files: [{header, size}, ...], tensor_bytes}.
export function llama_gguf({ name, layers, embd, ff, heads, kv_heads, vocab, ctx }, shards = 1) {
  const kv = [
    ['general.architecture', 'str', 'llama'],
    ['general.name', 'str', name],
    ['general.file_type', 'u32', 15],
    ['llama.block_count', 'u32', layers],
    ['llama.context_length', 'u32', ctx],
    ['llama.embedding_length', 'u32', embd],
    ['llama.feed_forward_length', 'u32', ff],
    ['llama.attention.head_count', 'u32', heads],
    ['llama.attention.head_count_kv', 'u32', kv_heads],
    ['llama.rope.dimension_count', 'u32', embd / heads],
    ['llama.vocab_size', 'u32', vocab],
    ['tokenizer.chat_template', 'str', "{% for message in messages %}{{ message['content'] }}{% endfor %}"],
  ];
  const kv_dim = (embd / heads) * kv_heads;
  const tensors = [['token_embd.weight', 'Q4_K', [embd, vocab]]];
  for (let i = 0; i < layers; i++) {
    const more = i % 2 === 0 ? 'Q6_K' : 'Q4_K';
    tensors.push(
      [`blk.${i}.attn_norm.weight`, 'F32', [embd]],
      [`blk.${i}.attn_q.weight`, 'Q4_K', [embd, embd]],
      [`blk.${i}.attn_k.weight`, 'Q4_K', [embd, kv_dim]],
      [`blk.${i}.attn_v.weight`, more, [embd, kv_dim]],
      [`blk.${i}.attn_output.weight`, 'Q4_K', [embd, embd]],
      [`blk.${i}.ffn_norm.weight`, 'F32', [embd]],
      [`blk.${i}.ffn_gate.weight`, 'Q4_K', [embd, ff]],
      [`blk.${i}.ffn_up.weight`, 'Q4_K', [embd, ff]],
      [`blk.${i}.ffn_down.weight`, more, [ff, embd]]);
  }
  tensors.push(['output_norm.weight', 'F32', [embd]], ['output.weight', 'Q6_K', [embd, vocab]]);
  if (shards === 1) return write_gguf(kv, tensors);
  const per = Math.ceil(tensors.length / shards);
  const files = [];
  for (let i = 0; i < shards; i++) {
    const split = [['split.no', 'u16', i], ['split.count', 'u16', shards], ['split.tensors.count', 'i32', tensors.length]];
    files.push(write_gguf(i === 0 ? [...kv, ...split] : split, tensors.slice(i * per, (i + 1) * per)));
  }
  return { files, tensor_bytes: files.reduce((n, f) => n + f.tensor_bytes, 0) };
}

// Llama 3.1 70B's shape (meta-llama/Llama-3.1-70B config.json: 80 layers, hidden 8192, intermediate 28672,
// 64 heads, 8 KV heads, vocabulary 128256, 131072 tokens): 723 tensors, about 42.5 GB.
export const LLAMA_70B = { name: 'Meta Llama 3.1 70B Instruct', layers: 80, embd: 8192, ff: 28672, heads: 64, kv_heads: 8, vocab: 128256, ctx: 131072 };
// A tiny llama (a few MB) for a file the test builds in the page.
export const TINY = { name: 'Tiny Llama', layers: 2, embd: 512, ff: 1536, heads: 8, kv_heads: 4, vocab: 2048, ctx: 32768 };

// The walk of zh.spec.mjs (issue 16's floor), shared with gguf.spec.mjs: every string a reader sees on the
// Chinese page, and the Latin words left once names, ids, units, numbers and code are taken out.
import { expect } from './fixtures.mjs';

// Words readers use as they are (docs/glossary.md): units, abbreviations, engines and tools, brands.
export const WORDS = [
  'GB/s', 'GiB', 'GB', 'MB', 'TB', 'KB', 'tokens/s', 'tokens', 'token', 'kWh', 'GFLOP', 'TFLOPS', 'ms', 'W',
  'GPU', 'GPUs', 'CPU', 'APU', 'SoC', 'API', 'MoE', 'KV Cache', 'KV', 'LoRA', 'QLoRA', 'PUE', 'TDP', 'PCIe', 'NVLink',
  'FP16', 'FP32', 'FP8', 'BF16', 'INT4', 'INT8', 'NF4', 'GGUF', 'MLA', 'MTP', 'NUMA', 'ZeRO-3', 'FSDP', 'BIOS', 'GTT', 'VGM', 'HBM', 'DDR5', 'DDR4', 'DCU',
  'NVIDIA', 'AMD', 'Intel', 'Apple', 'Mac', 'macOS', 'Linux', 'Windows', 'CUDA', 'ROCm', 'Metal', 'Vulkan', 'HIP',
  'llama.cpp', 'vLLM', 'SGLang', 'TensorRT-LLM', 'Ollama', 'MLX', 'mlx_lm', 'transformers', 'Transformers', 'ik_llama.cpp',
  'KTransformers', 'AMX', 'llamafile',
  'headroom-stream', 'headroom', 'Hugging Face', 'ModelScope', 'WebAssembly', 'C++', 'Ctrl+C', 'JSON', 'URL', 'ID',
  'GQA', 'MHA', 'MQA', 'SWA', 'SSM', 'USD', 'CNY',
  'safetensors', 'HTTP',   // a file format's name (Hugging Face's), the web's protocol
  'English',   // the language switch names the other language in that language
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Every string a reader sees: visible text nodes (outside code), option and optgroup labels,
// placeholders, aria-labels and titles. -> [{text, where}]
export async function visible_strings(page) {
  return page.evaluate(() => {
    const out = [];
    const where = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(e.id ? `#${e.id}` : e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''));
      return parts.join(' > ');
    };
    const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.nodeValue.trim();
      if (!text || !el || el.closest('code, pre, script, style, textarea, option, optgroup, select')) continue;
      // A folded <details> hides its body: still checked, since a click shows it.
      if (!shown(el) && !el.closest('details:not([open])')) continue;
      out.push({ text, where: where(el) });
    }
    for (const el of document.querySelectorAll('option, optgroup')) {
      const text = (el.tagName === 'OPTGROUP' ? el.label : el.textContent).trim();
      if (text) out.push({ text, where: `${where(el.closest('select'))} ${el.tagName.toLowerCase()}` });
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if ((el.closest('code, pre, svg') && el.tagName !== 'svg') || el.tagName === 'TEXTAREA') continue;   // a textarea's placeholder is a file's text
      for (const a of ['placeholder', 'aria-label', 'title']) {
        const text = el.getAttribute(a)?.trim();
        if (text) out.push({ text, where: `${where(el)} @${a}` });
      }
    }
    return out;
  });
}

// The ids and names the catalog, weight formats and price tables hold, longest first. A device's name
// as the Chinese page writes it (its English descriptors said in Chinese: i18n.js device_name) counts too.
export async function allowed_names(page) {
  return page.evaluate(async () => {
    const { device_name } = await import(new URL('js/i18n.js', document.baseURI).href);
    const c = window.headroom_app.catalog ?? {};
    const names = new Set();
    for (const m of c.models ?? []) for (const x of [m.id, m.name, m.hf_repo, m.modelscope_repo]) if (x) names.add(x);
    for (const d of c.devices ?? []) for (const x of [d.id, d.name, device_name(d.name)]) if (x) names.add(x);
    for (const w of c.weight_formats ?? []) for (const x of [w.id, w.name]) if (x) names.add(x);
    for (const k of c.kv_formats ?? []) for (const x of [k.id, k.name]) if (x) names.add(x);
    for (const a of c.apis ?? []) for (const x of [a.id, a.provider_name, a.model]) if (x) names.add(x);
    for (const r of c.rentals ?? []) for (const x of [r.id, r.platform_name, r.gpu]) if (x) names.add(x);
    const sc = window.headroom_app.report?.scenario ?? {};
    for (const x of [sc.host, sc.gpu_spec]) if (x) names.add(x);
    // A model read from a file: its name (a GGUF header's general.name, a config's) and the file's name.
    const m = window.headroom_app.report?.model ?? {};
    for (const x of [m.name, sc.config_model, sc.gguf_file, m.gguf?.file_type, ...Object.keys(m.gguf?.types ?? {})]) if (x) names.add(x);
    return [...names].filter((x) => typeof x === 'string' && x.length > 1).sort((a, b) => b.length - a.length);
  });
}

// What is left of a string once names, words readers use as is, numbers and code-like tokens
// (options, paths, ids with - _ / . = :) are taken out; a Latin word left over is English.
export function leftover(text, names) {
  let s = ` ${text} `;
  for (const n of names) if (s.includes(n)) s = s.split(n).join(' ');
  s = s.replace(new RegExp(`(?<![A-Za-z])(${WORDS.map(escape).join('|')})(?![A-Za-z])`, 'g'), ' ');
  s = s.replace(/\S*[A-Za-z]\S*[-_/.=:+]\S*|\S*[-_/.=:+]\S*[A-Za-z]\S*/g, ' ');   // --n-cpu-moe, docs/cost.md, q4_k_m, x=1
  s = s.replace(/\b\d+(\.\d+)?[A-Za-z]{0,2}\b/g, ' ');                              // 70B, 8K, 24GB, 2x
  return s.match(/[A-Za-z]{2,}/g) ?? [];
}

export async function expect_chinese(page, label) {
  const names = await allowed_names(page);
  const bad = [];
  for (const { text, where } of await visible_strings(page)) {
    const words = leftover(text, names);
    if (words.length) bad.push(`${where}: “${text}” (${[...new Set(words)].join(', ')})`);
  }
  if (bad.length) console.log(`[${label}] Latin-only text on the Chinese page:\n  ${[...new Set(bad)].join('\n  ')}`);
  expect([...new Set(bad)], `${label}: English on the Chinese page`).toEqual([]);
}

// The Chinese page is written in Chinese (issue 16's floor): walking the rendered text of several
// scenarios reached by real clicks and typing (the default, an input error typed into a field, a
// no-fit case, the cost section with an API picked, the accuracy table, a claim verdict), no label or
// message may be Latin-only outside model ids and names, device product names, units, numbers and
// code (docs/glossary.md, "What stays in Latin letters"). Offending strings are printed.
// Screenshots of the Chinese page, desktop and phone, go to test-results/screens/zh-*.png.
import { join } from 'node:path';
import { test, expect, open, page_numbers, cli_report, expect_same, repo } from './fixtures.mjs';

const shot = (name) => join(repo, 'test-results', 'screens', `${name}.png`);

// Words readers use as they are (docs/glossary.md): units, abbreviations, engines and tools, brands.
const WORDS = [
  'GB/s', 'GiB', 'GB', 'MB', 'TB', 'KB', 'tokens/s', 'tokens', 'token', 'kWh', 'GFLOP', 'TFLOPS', 'ms', 'W',
  'GPU', 'GPUs', 'CPU', 'APU', 'SoC', 'API', 'MoE', 'KV Cache', 'KV', 'LoRA', 'QLoRA', 'PUE', 'TDP', 'PCIe', 'NVLink',
  'FP16', 'FP32', 'FP8', 'BF16', 'INT4', 'INT8', 'NF4', 'GGUF', 'MLA', 'MTP', 'NUMA', 'ZeRO-3', 'FSDP', 'BIOS', 'GTT', 'VGM', 'HBM', 'DDR5', 'DDR4', 'DCU',
  'NVIDIA', 'AMD', 'Intel', 'Apple', 'Mac', 'macOS', 'Linux', 'Windows', 'CUDA', 'ROCm', 'Metal',
  'llama.cpp', 'vLLM', 'SGLang', 'TensorRT-LLM', 'Ollama', 'MLX', 'mlx_lm', 'transformers', 'Transformers', 'ik_llama.cpp',
  'headroom-stream', 'headroom', 'Hugging Face', 'ModelScope', 'WebAssembly', 'C++', 'Ctrl+C', 'JSON', 'URL', 'ID',
  'GQA', 'MHA', 'MQA', 'SWA', 'SSM', 'USD', 'CNY',
  'English',   // the language switch names the other language in that language
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Every string a reader sees: visible text nodes (outside code), option and optgroup labels,
// placeholders, aria-labels and titles. -> [{text, where}]
async function visible_strings(page) {
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
async function allowed_names(page) {
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
    return [...names].filter((x) => typeof x === 'string' && x.length > 1).sort((a, b) => b.length - a.length);
  });
}

// What is left of a string once names, words readers use as is, numbers and code-like tokens
// (options, paths, ids with - _ / . = :) are taken out; a Latin word left over is English.
function leftover(text, names) {
  let s = ` ${text} `;
  for (const n of names) if (s.includes(n)) s = s.split(n).join(' ');
  s = s.replace(new RegExp(`(?<![A-Za-z])(${WORDS.map(escape).join('|')})(?![A-Za-z])`, 'g'), ' ');
  s = s.replace(/\S*[A-Za-z]\S*[-_/.=:+]\S*|\S*[-_/.=:+]\S*[A-Za-z]\S*/g, ' ');   // --n-cpu-moe, docs/cost.md, q4_k_m, x=1
  s = s.replace(/\b\d+(\.\d+)?[A-Za-z]{0,2}\b/g, ' ');                              // 70B, 8K, 24GB, 2x
  return s.match(/[A-Za-z]{2,}/g) ?? [];
}

async function expect_chinese(page, label) {
  const names = await allowed_names(page);
  const bad = [];
  for (const { text, where } of await visible_strings(page)) {
    const words = leftover(text, names);
    if (words.length) bad.push(`${where}: “${text}” (${[...new Set(words)].join(', ')})`);
  }
  if (bad.length) console.log(`[${label}] Latin-only text on the Chinese page:\n  ${[...new Set(bad)].join('\n  ')}`);
  expect([...new Set(bad)], `${label}: English on the Chinese page`).toEqual([]);
}

test.describe('the Chinese page is in Chinese', () => {
  test('default, an input error, a no-fit case, the accuracy table', async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, 'lang=zh');
    // Chinese by default in yuan, at the Chinese market's prices; the link and the CLI say so.
    await expect(page).toHaveURL(/[?&]currency=CNY(&|$)/);
    await expect(page.locator('#sec-cli code')).toContainText('--currency CNY');
    // … and every number on it is the CLI's for those options.
    const want = cli_report({ currency: 'CNY' });
    expect_same(await page_numbers(page), want);
    // 字/秒 beside tokens/s: the core's figure (speed.decode_zh_chars_per_s), not the page's own ratio.
    await expect(page.locator('#sec-speed .stat-sub [data-report="speed.decode_zh_chars_per_s"]')).toContainText('字/秒');
    // The model's download link: its ModelScope repository where the catalog names one.
    const repo_link = page.locator('#sec-details a[href^="https://modelscope.cn/models/"], #sec-details a[href^="https://huggingface.co/"]');
    await expect(repo_link).toHaveAttribute('href', want.model.modelscope_repo ? `https://modelscope.cn/models/${want.model.modelscope_repo}` : `https://huggingface.co/${want.model.hf_repo}`);
    await expect(page.locator('[data-report="cost.price_market"]').first()).toHaveAttribute('data-value', /cn|us/);
    // The accuracy table and measured claims load when scrolled near.
    await page.locator('#extras').scrollIntoViewIfNeeded();
    await expect(page.locator('#sec-accuracy table').first()).toBeVisible();
    await page.waitForTimeout(400);   // recommendations and the ladder land after a pause
    await page.screenshot({ path: shot('zh-desktop-default'), fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot('zh-desktop-top') });
    await expect_chinese(page, 'default');

    // An input error typed into a field: its message under the field, in Chinese.
    const batch = page.getByLabel('并发数', { exact: true });
    await batch.fill('');
    await batch.pressSequentially('0');
    await expect(page.locator('#err-batch')).not.toBeEmpty();
    await expect_chinese(page, 'input error');
    await batch.fill('1');

    // Does not fit: the verdict, the placement line and what would fit.
    await open(page, 'model=llama-3.1-70b&placement=gpu&lang=zh');
    await expect(page.locator('.verdict-word')).toHaveText('装不下');
    await page.waitForTimeout(400);
    await expect_chinese(page, 'no fit');
  });

  test('the cost section with an API picked, and a claim verdict', async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, 'model=qwen2.5-32b&lang=zh');
    // The API picker is a select grouped by provider, the Chinese ones first.
    const group = page.locator('details[data-group="cost_inputs"]');
    if (await group.count()) await group.locator('summary').first().click();
    const picker = page.locator('#f-api');
    await expect(picker).toBeVisible();
    const first_group = await picker.locator('optgroup').first().getAttribute('label');
    expect(first_group, 'a Chinese provider first').toMatch(/[\u4e00-\u9fff]|DeepSeek|MiniMax/);
    await picker.selectOption('deepseek/deepseek-chat');
    await expect(page).toHaveURL(/[?&]api=deepseek%2Fdeepseek-chat(&|$)/);
    await expect(page.locator('#price-api')).toContainText('的价格');
    await expect(page.locator('#price-api a')).toHaveAttribute('href', /^https:\/\//);
    await expect(page.locator('[data-report="cost.api_per_task"]').first()).toBeAttached();   // in the folded details
    // The page's numbers are the CLI's for the same options (the scenario is expressible as CLI options).
    expect_same(await page_numbers(page), cli_report({ model: 'qwen2.5-32b', currency: 'CNY', api: 'deepseek/deepseek-chat' }));

    // A claim: typed into the claim card.
    const claim = page.getByLabel('声称的生成速度（tokens/s）', { exact: true });
    await claim.pressSequentially('60');
    await expect(page.locator('[data-report="verdict.verdict"]')).toBeVisible();
    await page.locator('#sec-cost details.more summary').click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: shot('zh-desktop-cost'), fullPage: true });
    await page.locator('#sec-cost').screenshot({ path: shot('zh-cost') });
    await expect_chinese(page, 'cost and claim');
  });

  test('phone: the Chinese page at 390 × 844', async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, 'model=qwen3-30b-a3b&gpu=rtx-4090d&lang=zh');
    await page.waitForTimeout(500);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('zh-phone-top') });
    await page.screenshot({ path: shot('zh-phone'), fullPage: true });
    await page.locator('#sec-verdict').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('zh-phone-verdict') });
    await expect_chinese(page, 'phone');
  });
});

// Per-task amounts under 0.01 are said per 1,000 tasks; data-value keeps the raw amount.
test('small per-task costs are shown per 1,000 tasks', async ({ page }) => {
  await open(page, 'model=qwen2.5-7b&lang=zh');
  const cell = page.locator('#sec-cost [data-report="cost.per_task"]').first();
  const raw = Number(await cell.getAttribute('data-value'));
  if (raw < 0.01) await expect(cell).toContainText('/千次任务');
  expect(raw).toBe(cli_report({ model: 'qwen2.5-7b', currency: 'CNY' }).cost.per_task);
});

// The page and the CLI agree exactly: every data-report number on the page equals the CLI's
// --json report for the same scenario (the URL's keys are the CLI's options without dashes).
import { test, expect, open, page_numbers, cli_report, expect_same } from './fixtures.mjs';

const SCENARIOS = [
  {},                                                                            // defaults
  { model: 'llama-3.1-70b', gpus: 2 },                                           // dense, 2 GPUs
  { model: 'llama-3.1-70b' },                                                    // auto offload
  { model: 'llama-3.1-70b', placement: 'stream' },                               // layer streaming
  { model: 'llama-3.1-70b', placement: 'offload', host: 'ram_gb=128,ram_bw_gbps=90,pcie_gbps=25,disk_gbps=7' },
  { model: 'mixtral-8x7b', gpu: 'rtx-3090' },                                    // MoE
  { model: 'gpt-oss-120b', quant: 'mxfp4_moe', gpu: 'rtx-4090' },               // auto: experts in host RAM
  { model: 'qwen3-30b-a3b', gpu: 'rtx-2080', n_cpu_moe: 36, engine: 'llama.cpp' }, // --n-cpu-moe given
  { model: 'deepseek-v3', quant: 'fp8', gpu: 'h100-sxm', gpus: 8 },              // MLA + MoE, 8 GPUs
  { model: 'deepseek-r1', quant: 'iq2_xxs', gpu: 'm3-ultra-512gb' },              // MLA on Apple
  { model: 'qwen3-30b-a3b', quant: 'q8_0', gpu: 'm2-ultra-192gb' },              // MoE, Apple working set
  { model: 'gpt-oss-120b', quant: 'mxfp4', gpu: 'h100-sxm' },
  { model: 'kimi-k2', quant: 'q4_k_m', gpu: 'h200-sxm', gpus: 8 },
  { mode: 'lora' },
  { model: 'llama-3.1-70b', mode: 'qlora', gpu: 'a100-80gb-sxm', lora_rank: 64 },
  { model: 'qwen2.5-7b', mode: 'full', gpu: 'h100-sxm', gpus: 4, grad_checkpointing: 'false' },
  { model: 'qwen2.5-32b', method: 'rule-of-thumb' },
  { engine: 'vllm', quant: 'f16', gpu: 'a100-40gb-pcie' },
  { engine: 'transformers', model: 'deepseek-v3', quant: 'int4', gpu: 'mi300x', gpus: 8 },
  { model: 'qwen2.5-14b', device: 'vendor=nvidia,mem_gb=12,bw_gbps=360,fp16_tflops=25' },
  { params_b: 13, gpu: 'rtx-4060-ti-16gb' },
  { ctx: 131072, batch: 4, kv_quant: 'q8_0' },
  { model: 'gemma-3-27b', ctx: 32768, gpu: 'rtx-5090', engine: 'llama.cpp' },   // sliding window
  { model: 'llama-3.1-405b', quant: 'q2_k', gpu: 'rx-7900-xtx', gpus: 4 },       // does not fit
];

// One page navigates through the scenarios (the module compiles once per page); two halves run
// in parallel. Each scenario is a step, so a failure names it.
const HALF = Math.ceil(SCENARIOS.length / 2);
const query = (sc) => new URLSearchParams(Object.entries(sc).map(([k, v]) => [k, String(v)])).toString();

test.describe('page equals CLI', () => {
  for (const [part, list] of [[1, SCENARIOS.slice(0, HALF)], [2, SCENARIOS.slice(HALF)]]) {
    test(`scenarios, part ${part} (${list.length})`, async ({ page }) => {
      test.slow();   // a dozen cold loads on a shared 2-core machine
      for (const sc of list) {
        const q = query(sc);
        await test.step(q || 'defaults', async () => {
          await open(page, q);
          await expect(page.locator('#notes')).toBeHidden();
          const nums = await page_numbers(page);
          expect(nums.some(([p]) => p === 'fit.headroom_bytes')).toBe(true);
          expect_same(nums, cli_report(sc));
        });
      }
    });
  }

  // A claim to check: `headroom check` prints the same report plus the verdict.
  test('claim check scenario', async ({ page }) => {
    const sc = { model: 'llama-3.1-70b', gpus: 2, claim_tokens_per_s: 30 };
    await open(page, query(sc));
    await expect(page.locator('[data-report="verdict.verdict"]')).toBeVisible();
    expect_same(await page_numbers(page), cli_report(sc, 'check'));
  });

  // Cost assumptions.
  test('cost scenario', async ({ page }) => {
    const sc = { model: 'qwen2.5-32b', gpu: 'rtx-4090', price: 16000, currency: 'CNY', task_in_tokens: 2000, task_out_tokens: 300, api_price_per_mtok: 8 };
    const want = cli_report(sc);
    await open(page, query(sc));
    const nums = await page_numbers(page);
    expect(nums.some(([p]) => p.startsWith('cost.'))).toBe(true);
    expect_same(nums, want);
  });

  // Recommendations: the page's lists equal `headroom recommend --json` (hardware for a model,
  // and models for a device).
  test('recommendations equal the CLI', async ({ page }) => {
    await open(page, 'model=llama-3.1-70b&gpu=rtx-3090');
    for (const [source, args] of [['model', { model: 'llama-3.1-70b', gpu: 'rtx-3090', top: 5 }], ['device', { gpu: 'rtx-3090', top: 5 }]]) {
      const list = page.locator(`[data-rec-source="${source}"]`);
      await expect(list).toBeVisible();
      const got = await list.locator('[data-rec]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-rec'), e.getAttribute('data-value')]));
      expect(got.length).toBeGreaterThan(3);
      expect_same(got, cli_report(args, 'recommend'));
    }
  });
});

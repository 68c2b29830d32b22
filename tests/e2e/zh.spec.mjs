// The Chinese page is written in Chinese (issue 16's floor): walking the rendered text of several
// scenarios reached by real clicks and typing (the default, an input error typed into a field, a
// no-fit case, the cost section with an API picked, the accuracy table, a claim verdict), no label or
// message may be Latin-only outside model ids and names, device product names, units, numbers and
// code (docs/glossary.md, "What stays in Latin letters"). Offending strings are printed.
// Screenshots of the Chinese page, desktop and phone, go to test-results/screens/zh-*.png.
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { test, expect, open, page_numbers, cli_report, expect_same, repo } from './fixtures.mjs';
import { expect_chinese } from './zh-walk.mjs';

const shot = (name) => join(repo, 'test-results', 'screens', `${name}.png`);

// The screenshots are only worth looking at with a font that has Chinese glyphs (else every character is a box):
// Chromium finds fonts through fontconfig, so ask it. scripts/deps.sh installs fonts-wqy-microhei.
test('a CJK font is installed, so the Chinese screenshots show Chinese', () => {
  let families = '';
  try {
    families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim();
  } catch (e) {
    families = '';
  }
  expect(families, 'no font with Chinese glyphs (fc-list :lang=zh): apt-get install fonts-wqy-microhei').not.toBe('');
});

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
    // The GPU list says each yuan-priced board's price in yuan (on the English page only China-only boards: hardware.spec).
    const card = JSON.parse(await page.evaluate(() => window.headroom_app.hr.catalog())).devices.find((d) => d.id === 'rtx-4090');
    await expect(page.locator('#f-gpu option[value="rtx-4090"]')).toContainText(`¥${card.price_cny.toLocaleString('en-US')}`);
    // 字/秒 beside tokens/s: the core's figure (speed.decode_zh_chars_per_s), not the page's own ratio.
    await expect(page.locator('#sec-speed .stat-sub [data-report="speed.decode_zh_chars_per_s"]')).toContainText('字/秒');
    // The model's download link: its ModelScope repository where the catalog names one.
    const repo_link = page.locator('#sec-details a[href^="https://modelscope.cn/models/"], #sec-details a[href^="https://huggingface.co/"]');
    await expect(repo_link).toHaveAttribute('href', want.model.modelscope_repo ? `https://modelscope.cn/models/${want.model.modelscope_repo}` : `https://huggingface.co/${want.model.hf_repo}`);
    // The default card, the RTX 4090, has a Chinese-market (元) price: no note that the price fell back to the US one.
    await expect(page.locator('[data-report="cost.price_market"]').first()).toHaveAttribute('data-value', 'cn');
    await expect(page.locator('#results')).not.toContainText('改用美国价格');   // (no notes section at all then)
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

    // A note about a device's price names the device as the catalog does, not by its id (issue 16: "per-device labels
    // as raw ids"): the core's parameter is the id list ("titan-rtx", a card the catalog keeps without a 元 price).
    await open(page, 'gpu=titan-rtx&lang=zh');
    const notes = page.locator('#sec-warnings');
    await expect(notes).toContainText('改用美国价格');
    await expect(notes).toContainText('NVIDIA TITAN RTX');
    await expect(notes).not.toContainText('titan-rtx');
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

// A recommended card without a Chinese-market price is priced at its US (or launch) price, converted: the list says
// whose price it is, as the CLI's market column does.
test('recommendations say whose price a converted one is', async ({ page }) => {
  await open(page, 'model=qwen3-32b&lang=zh');
  const list = page.locator('ol.recs[data-rec-source="model"]');
  await expect(list.locator('li').first()).toBeVisible({ timeout: 15000 });
  const want = cli_report({ model: 'qwen3-32b', currency: 'CNY', top: 5 }, 'recommend').recommendations;
  const other = want.findIndex((r) => r.cost?.price_market === 'us');
  expect(other).toBeGreaterThanOrEqual(0);
  await expect(list.locator('li').nth(other)).toContainText('（美国价格，');
  const cn = want.findIndex((r) => r.cost?.price_market === 'cn');
  await expect(list.locator('li').nth(cn)).toContainText('的价格）');
});

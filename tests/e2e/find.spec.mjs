// Finding a model on the page by typing, as a user does: by size, family and Hugging Face repo id (the
// core's search_models()), "did you mean" for an unknown id, and links that name a model by its repo id.
import { test, expect, open, page_numbers, cli_report, expect_same } from './fixtures.mjs';

const model_field = (page) => page.getByLabel('Model', { exact: true });
const options = (page) => page.locator('#model-results [role=option]');
const option_ids = (page) => options(page).evaluateAll((els) => els.map((e) => e.dataset.id));

// Select what the field holds and type over it, key by key.
async function type_model(page, text) {
  const input = model_field(page);
  await input.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 15 });
}

test('typing a size lists the models of that size', async ({ page }) => {
  await open(page);
  await type_model(page, '8b');
  await expect(page.locator('#model-results')).toBeVisible();
  await expect(model_field(page)).toHaveAttribute('aria-expanded', 'true');
  const ids = await option_ids(page);
  expect(ids).toContain('qwen3-8b');
  expect(ids).toContain('llama-3.1-8b');
  expect(ids).not.toContain('phi-3-mini');      // 3.8B: a size word matches the size, not a part of 3.8b
  expect(ids).not.toContain('qwen3-30b-a3b');
  // Escape closes the list; the scenario did not change while nothing was picked.
  await page.keyboard.press('Escape');
  await expect(page.locator('#model-results')).toBeHidden();
  await expect(page).not.toHaveURL(/model=/);
});

test('typing "30b a3b" and Enter picks Qwen3-30B-A3B; the numbers equal the CLI', async ({ page }) => {
  await open(page);
  await type_model(page, '30b a3b');
  await expect(options(page).first()).toBeVisible();
  const ids = await option_ids(page);
  const at = ids.indexOf('qwen3-30b-a3b');   // the catalog may list other 30B-A3B models (Coder, 2507) too
  expect(at).toBeGreaterThanOrEqual(0);
  for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
  await expect(options(page).nth(at)).toHaveAttribute('aria-selected', 'true');
  await expect(model_field(page)).toHaveAttribute('aria-activedescendant', `model-opt-${at}`);
  await page.keyboard.press('Enter');
  await expect(page.locator('#model-results')).toBeHidden();
  await expect(model_field(page)).toHaveValue('qwen3-30b-a3b');
  await expect(page).toHaveURL(/model=qwen3-30b-a3b/);
  await expect(page.locator('[data-report="model.params_total"]').first()).toHaveAttribute('data-value', String(cli_report({ model: 'qwen3-30b-a3b' }).model.params_total));
  expect_same(await page_numbers(page), cli_report({ model: 'qwen3-30b-a3b' }));
});

test('a family lists only its models, and a click picks one', async ({ page }) => {
  await open(page);
  await type_model(page, 'gemma');
  const ids = await option_ids(page);
  expect(ids.length).toBeGreaterThan(3);
  for (const text of await options(page).allTextContents()) expect(text.toLowerCase()).toContain('gemma');
  await options(page).filter({ hasText: 'gemma-3-27b' }).click();
  await expect(page).toHaveURL(/model=gemma-3-27b/);
  await expect(page.locator('#model-results')).toBeHidden();
});

test('a Hugging Face repo id, any case, is the catalog model, typed or in a link', async ({ page, context }) => {
  await open(page);
  await type_model(page, 'qwen/QWEN3-8B');
  await expect(page).toHaveURL(/model=qwen3-8b/);
  await expect(page.locator('[data-report="model.params_total"]').first()).toHaveAttribute('data-value', String(cli_report({ model: 'qwen3-8b' }).model.params_total));
  await expect(options(page).first()).toHaveAttribute('data-id', 'qwen3-8b');
  await expect(page.locator('#err-model')).toBeEmpty();

  const other = await context.newPage();
  await open(other, 'model=Qwen%2FQwen3-8B');
  await expect(other).toHaveURL(/model=qwen3-8b(&|$)/);   // the link is rewritten to the catalog id
  await expect(model_field(other)).toHaveValue('qwen3-8b');
  expect_same(await page_numbers(other), cli_report({ model: 'Qwen/Qwen3-8B' }));
});

test('an unknown id says so next to the field and offers the nearest ids', async ({ page }) => {
  await open(page);
  await type_model(page, 'qwen3-7b');
  await expect(page.locator('#err-model')).toContainText('No model matches “qwen3-7b”');
  await expect(page.locator('#model-results')).toContainText('Did you mean');
  const ids = await option_ids(page);
  expect(ids.slice(0, 2)).toEqual(['qwen3-8b', 'qwen3-4b']);   // the core's suggestions, as the CLI prints them
  await options(page).first().click();
  await expect(page).toHaveURL(/model=qwen3-8b/);
  await expect(page.locator('#err-model')).toBeEmpty();
});

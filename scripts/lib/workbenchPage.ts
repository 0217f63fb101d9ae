import type { Page } from 'playwright-core';

/** Loads the workbench at `url` and opens the ZTAP view from the activity bar. */
export async function openZtapView(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('.activitybar', { timeout: 120_000 });
  await page.locator('.activitybar [aria-label^="ZTAP"]').first().click({ timeout: 30_000 });
}

/** The tree row whose label is exactly `label` (descriptions such as "3 members" must not match). */
export function treeRow(page: Page, label: string) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page
    .locator('.pane-body .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
}

/** A tree row with `text` anywhere in it, label or description. */
export function treeRowWith(page: Page, text: string) {
  return page.locator('.pane-body .monaco-list-row', { hasText: text }).first();
}

/** Runs a command from the palette by its title, as a person would (F1, type, Enter). */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/**
 * Expands the tree row `label` until `child` shows: a click that lands while the tree
 * redraws the row (a connection coming up) can be lost, so it is tried a few times.
 */
export async function expandUntil(page: Page, label: string, child: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = treeRow(page, label);
    if ((await row.getAttribute('aria-expanded', { timeout: 10_000 })) !== 'true') {
      await row.click();
    }
    const shown = await treeRow(page, child)
      .waitFor({ timeout: 5000 })
      .then(
        () => true,
        () => false,
      );
    if (shown) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`expanding ${label} never showed ${child}`);
    }
  }
}

/** Clicks the inline action `title` of the tree row `label` (the buttons show on hover). */
export async function clickInline(page: Page, label: string, title: string): Promise<void> {
  const row = treeRow(page, label);
  await row.hover();
  await row.locator(`.action-label[aria-label^="${title}"]`).first().click({ timeout: 10_000 });
}

/** The open quick input (an input box or a quick pick), once it shows `title`. */
export async function quickInput(page: Page, title: string) {
  const widget = page.locator('.quick-input-widget', { hasText: title });
  await widget.waitFor({ timeout: 10_000 });
  return widget;
}

/** Answers the open input box with `value` (replacing what is filled in) and moves on. */
export async function answer(page: Page, title: string, value?: string): Promise<void> {
  const widget = await quickInput(page, title);
  if (value !== undefined) {
    await widget.locator('.quick-input-box input').fill(value);
  }
  await page.keyboard.press('Enter');
  // The next question replaces this one in the same widget.
  await page.waitForTimeout(400);
}

/**
 * Hovers the tree row `label` until its tooltip shows `text` (VS Code shows a hover
 * after a delay, and not again while the mouse stays: move away and back).
 */
export async function hoverUntilTooltip(page: Page, label: string, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.mouse.move(900, 700);
    await treeRow(page, label).hover();
    const shown = await page
      .locator('.monaco-hover, .custom-hover, .workbench-hover', { hasText: text })
      .first()
      .waitFor({ timeout: 2500 })
      .then(
        () => true,
        () => false,
      );
    if (shown) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`no tooltip with "${text}" on the row ${label}`);
    }
  }
}

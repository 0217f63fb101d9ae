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

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
 * Tries `attempt` until it says it succeeded (true), then returns; past `timeoutMs`
 * fails with `what`. For workbench actions a redraw can swallow (a hover, a click).
 */
async function retryUntil(attempt: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await attempt())) {
    if (Date.now() > deadline) {
      throw new Error(what);
    }
  }
}

/** Whether `locator` shows within `timeoutMs`, without failing. */
function showsWithin(locator: ReturnType<Page['locator']>, timeoutMs: number): Promise<boolean> {
  return locator.waitFor({ timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
}

/**
 * Expands the tree row `label` until `child` shows: a click that lands while the tree
 * redraws the row (a connection coming up) can be lost, so it is tried a few times.
 */
export function expandUntil(page: Page, label: string, child: string, timeoutMs = 30_000): Promise<void> {
  return retryUntil(
    async () => {
      const row = treeRow(page, label);
      if ((await row.getAttribute('aria-expanded', { timeout: 10_000 })) !== 'true') {
        await row.click();
      }
      return showsWithin(treeRow(page, child), 5000);
    },
    timeoutMs,
    `expanding ${label} never showed ${child}`,
  );
}

/**
 * Clicks the inline action `title` of the tree row `label` (the buttons show on hover).
 * A tree that redraws under the mouse (a connection coming up) moves the row away
 * from the pointer and hides the buttons: hovered again until the click lands.
 */
export function clickInline(page: Page, label: string, title: string, timeoutMs = 20_000): Promise<void> {
  return retryUntil(
    async () => {
      await page.mouse.move(900, 700);
      const row = treeRow(page, label);
      await row.hover({ timeout: 5000 });
      return row
        .locator(`.action-label[aria-label^="${title}"]`)
        .first()
        .click({ timeout: 2500 })
        .then(
          () => true,
          () => false,
        );
    },
    timeoutMs,
    `the inline action "${title}" of the row ${label} could not be clicked`,
  );
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
export function hoverUntilTooltip(page: Page, label: string, text: string, timeoutMs = 20_000): Promise<void> {
  return retryUntil(
    async () => {
      await page.mouse.move(900, 700);
      await treeRow(page, label).hover();
      return showsWithin(page.locator('.monaco-hover, .custom-hover, .workbench-hover', { hasText: text }).first(), 2500);
    },
    timeoutMs,
    `no tooltip with "${text}" on the row ${label}`,
  );
}

/**
 * Opens the context menu of the tree row `label` and runs its item `item`. The menu sits
 * in a shadow root that takes no synthetic clicks: the item is reached by the keyboard,
 * down until it has the focus.
 */
export async function runFromContextMenu(page: Page, label: string, item: string): Promise<void> {
  await treeRow(page, label).click({ button: 'right' });
  await page.getByRole('menuitem', { name: item }).waitFor({ timeout: 10_000 });
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('ArrowDown');
    if ((await page.locator('.action-item.focused', { hasText: item }).count()) > 0) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  await page.keyboard.press('Escape');
  throw new Error(`the context menu of ${label} never focused "${item}"`);
}

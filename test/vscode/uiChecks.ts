import { mkdirSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import type { CodeServer } from '../../scripts/lib/codeServerProcess';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { openZtapView, treeRow as row, treeRowWith as rowWith } from '../../scripts/lib/workbenchPage';

export interface UiResult {
  name: string;
  ok: boolean;
  error?: string;
}

export const RESULTS_DIR = join(__dirname, '..', '..', '..', 'test-results');
const REPO = join(__dirname, '..', '..', '..');

/**
 * What a user sees: the workbench in headless Chromium, the ZTAP view opened and
 * expanded by clicks, labels read from the page's DOM, screenshots saved.
 */
export async function runUiChecks(
  browser: Browser,
  server: CodeServer,
  workspaces: { ui: string; dead: string },
  endpoints: string[],
): Promise<UiResult[]> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const results: UiResult[] = [];
  const check = async (name: string, page: Page, body: () => Promise<void>) => {
    try {
      await body();
      results.push({ name, ok: true });
    } catch (err) {
      results.push({ name, ok: false, error: (err as Error).message.split('\n')[0] });
      await page.screenshot({ path: join(RESULTS_DIR, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    }
  };

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await check('the ZTAP view opens from the activity bar', page, async () => {
    await openZtapView(page, server.workbenchUrl(workspaces.ui, { extensionPath: REPO }));
    await row(page, 'Members').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(RESULTS_DIR, 'tree-collapsed.png') });
  });
  await check('expanding Members shows the three members and the raft leader', page, async () => {
    await row(page, 'Members').click();
    for (const name of ['n1', 'n2', 'n3']) {
      await row(page, name).waitFor({ timeout: 20_000 });
    }
    await rowWith(page, 'raft leader').waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(RESULTS_DIR, 'tree-members.png') });
  });
  await check('expanding Leader shows node-1 leading and node-2 waiting', page, async () => {
    await row(page, 'Leader').click();
    await row(page, 'Node ID').waitFor({ timeout: 20_000 });
    await row(page, '2. node-2').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(RESULTS_DIR, 'tree-leader.png') });
  });
  await check('expanding Keys shows folders with counts, and a policy opens with its YAML decoded', page, async () => {
    await row(page, 'Members').click(); // collapse, to make room
    await row(page, 'Leader').click();
    await row(page, 'Keys').click();
    await row(page, 'policies/').waitFor({ timeout: 20_000 });
    const policies = await rowWith(page, 'policies/').innerText();
    if (!/4 keys/.test(policies)) {
      throw new Error(`policies/ row reads "${policies}"`);
    }
    for (const step of ['policies/', 'state/', 'acme/']) {
      await row(page, step).click();
    }
    await row(page, 'web').click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'kind: NetworkPolicy' }).waitFor({ timeout: 20_000 });
    // Read-only: typing into the value editor changes nothing.
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.type('XYZ');
    await page.waitForTimeout(500);
    if (await page.locator('.monaco-editor .view-lines', { hasText: 'XYZ' }).count()) {
      throw new Error('the value editor accepted typing');
    }
    await page.screenshot({ path: join(RESULTS_DIR, 'tree-keys.png') });
  });
  await check('a key written elsewhere appears in the open tree by itself, and goes when deleted', page, async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints }, {}));
    try {
      await etcd.put('/ztap/policies/state/acme/live-added').value('{"Name":"live-added"}');
      await row(page, 'live-added').waitFor({ timeout: 5000 });
      await rowWith(page, '2 keys').waitFor({ timeout: 5000 }); // acme/ now counts 2
      await page.screenshot({ path: join(RESULTS_DIR, 'tree-live.png') });
      await etcd.delete().key('/ztap/policies/state/acme/live-added');
      await row(page, 'live-added').waitFor({ state: 'detached', timeout: 5000 });
    } finally {
      etcd.close();
    }
  });
  await context.close();

  const deadContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const dead = await deadContext.newPage();
  await check('an unreachable endpoint shows an error node, the welcome view and a notification', dead, async () => {
    await openZtapView(dead, server.workbenchUrl(workspaces.dead, { extensionPath: REPO }));
    await row(dead, 'Cannot connect: connection refused').waitFor({ timeout: 30_000 });
    await dead.getByText('Nothing answers at the configured etcd endpoints.').waitFor({ timeout: 20_000 });
    await dead.getByRole('button', { name: 'Start Local etcd' }).first().waitFor({ timeout: 5000 });
    await dead.locator('.notification-toast', { hasText: 'cannot connect to etcd' }).first().waitFor({ timeout: 20_000 });
    await dead.screenshot({ path: join(RESULTS_DIR, 'unreachable.png') });
  });
  await deadContext.close();
  return results;
}

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../scripts/lib/browser';
import { ensureCodeServer } from '../scripts/lib/codeServerInstall';
import { CodeServer } from '../scripts/lib/codeServerProcess';
import { expandUntil, openZtapView, treeRow } from '../scripts/lib/workbenchPage';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';

/** The keys of the editor's memory bench: ZTAP's policy layout, ten tenants of 100,000 policies. */
export const EDITOR_KEYS = 1_000_000;
const TENANTS = 10;
/** How many tenant folders are expanded. */
export const EXPANDED = 5;
const REPO = join(__dirname, '..', '..');

export interface EditorMemoryResult {
  /** The extension host's resident memory with the ZTAP view open and Keys collapsed, MiB. */
  idleMiB: number;
  /** ...after Keys, policies/, state/ (counts filled) and five tenants were expanded, settled 5 s, MiB. */
  expandedMiB: number;
  /** The highest it was seen while expanding, MiB. */
  peakMiB: number;
  /** Seconds from the first click on Keys until the fifth tenant showed its rows. */
  expandSeconds: number;
}

/**
 * The editor on a million keys: code-server's extension host running the extension
 * (as `npm test` runs it) against etcd holding `EDITOR_KEYS` policy keys, the tree
 * expanded by clicks in headless Chromium as a person would: Keys, policies/, state/
 * (ten tenants, each counted), then five tenants of 100,000 keys. The host's resident
 * memory is read from /proc (VmRSS) before and after: what the user's machine pays,
 * garbage not yet collected included.
 */
export async function editorMemoryBench(cluster: LocalEtcdCluster): Promise<EditorMemoryResult> {
  ensureCodeServer();
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  try {
    await seedKeys(etcd, [
      ['/ztap/election/694d9a3c5e8f0001', 'node-1'],
      ...[1, 2, 3].map((n): [string, string] => [`/ztap/nodes/node-${n}`, JSON.stringify({ id: `node-${n}`, address: `127.0.0.1:909${n}` })]),
    ]);
    await seedKeys(etcd, policyStateKeys(EDITOR_KEYS, TENANTS));
  } finally {
    etcd.close();
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'ztap-editor-memory-'));
  const workspace = join(stateDir, 'ws');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'ztap.etcd.endpoints': cluster.endpoints }));
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await CodeServer.start({ stateDir });
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    await openZtapView(page, server.workbenchUrl(workspace, { extensionPath: REPO }));
    await treeRow(page, 'Keys').waitFor({ timeout: 60_000 });
    const host = extensionHostPid(server.pid);
    // Idle: the view drawn and connected, nothing listed; let start-up's garbage settle.
    await page.waitForTimeout(5000);
    const idleMiB = rssMiB(host);
    let peakMiB = idleMiB;
    const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, rssMiB(host))), 200);
    const started = Date.now();
    try {
      await expandUntil(page, 'Keys', 'policies/', 120_000);
      await expandUntil(page, 'policies/', 'state/', 120_000);
      await expandUntil(page, 'state/', 'tenant-00/', 120_000);
      await waitForCounts(page);
      // From the last tenant up: each row stays where it is while the ones above it open.
      for (let i = EXPANDED - 1; i >= 0; i--) {
        await expandTenant(page, `tenant-${String(i).padStart(2, '0')}/`);
      }
    } finally {
      clearInterval(sampler);
    }
    const expandSeconds = (Date.now() - started) / 1000;
    await page.waitForTimeout(5000);
    const expandedMiB = rssMiB(host);
    if (process.env.ZTAP_BENCH_SCREENSHOT) {
      await page.screenshot({ path: process.env.ZTAP_BENCH_SCREENSHOT });
    }
    return { idleMiB, expandedMiB, peakMiB: Math.max(peakMiB, expandedMiB), expandSeconds };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

interface Row {
  top: number;
  label: string;
  text: string;
}

/** The tree's rows drawn now, top to bottom. */
async function rows(page: Page): Promise<Row[]> {
  const drawn = await page.locator('.pane-body .monaco-list-row').evaluateAll(nodes =>
    nodes.map(n => ({
      top: parseFloat(n.getAttribute('style')?.match(/top:\s*([\d.]+)px/)?.[1] ?? 'NaN'),
      label: n.querySelector('.label-name')?.textContent ?? '',
      text: n.textContent ?? '',
    })),
  );
  return drawn.sort((a, b) => a.top - b.top);
}

async function until(page: Page, what: string, done: (drawn: Row[]) => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!done(await rows(page))) {
    if (Date.now() > deadline) {
      throw new Error(`the tree never showed ${what}`);
    }
    await page.waitForTimeout(100);
  }
}

/** Every tenant row under state/ shows its count (ten rows fit on the screen). */
function waitForCounts(page: Page): Promise<void> {
  const count = `${EDITOR_KEYS / TENANTS} keys`;
  return until(page, `ten tenants of ${count}`, drawn => drawn.filter(r => /^tenant-\d\d\/$/.test(r.label) && r.text.includes(count)).length === TENANTS);
}

/** Clicks a tenant row and waits until the row drawn just below it is its first policy. */
async function expandTenant(page: Page, label: string): Promise<void> {
  await treeRow(page, label).click();
  await until(page, `${label} expanded`, drawn => {
    const at = drawn.findIndex(r => r.label === label);
    return at >= 0 && drawn[at + 1]?.label === 'policy-000000';
  });
}

/** code-server's extension host: the process below it started with `--type=extensionHost`. */
function extensionHostPid(serverPid: number): number {
  const parentOf = (pid: string) => Number(/^\S+ \(.*\) \S (\d+)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]);
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=extensionHost')) {
        continue;
      }
      for (let p = Number(pid); p > 1; p = parentOf(String(p))) {
        if (p === serverPid) {
          return Number(pid);
        }
      }
    } catch {
      // Gone while looking: not ours.
    }
  }
  throw new Error(`no extension host below code-server (pid ${serverPid})`);
}

function rssMiB(pid: number): number {
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  if (!Number.isFinite(kib)) {
    throw new Error(`the extension host (pid ${pid}) is gone`);
  }
  return kib / 1024;
}

import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { etcdVersionOf } from '../src/core/local/etcdReleases';
import { isPortFree } from '../src/core/local/freePort';
import { launchChromium } from './lib/browser';
import { ensureCodeServer } from './lib/codeServerInstall';
import { CodeServer } from './lib/codeServerProcess';
import { onPath } from './lib/debianPackages';
import { DemoState, seedDemoState } from './lib/demoState';
import { openZtapView, treeRow, treeRowWith } from './lib/workbenchPage';

const REPO = join(__dirname, '..', '..');
const SMOKE_TIMEOUT_MS = 5 * 60_000;

/**
 * `npm run demo`: a local 3-member etcd with ZTAP-shaped state, opened in VS Code
 * (desktop `code` when on PATH, else code-server on 127.0.0.1). Ctrl-C stops it all.
 * `--smoke`: the same without a person; checks the tree in headless Chromium,
 * saves test-results/demo.png and exits.
 */
async function main(): Promise<number> {
  const smoke = process.argv.includes('--smoke');
  const root = mkdtempSync(join(tmpdir(), 'ztap-demo-'));
  const stops: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of stops.reverse()) {
        await stop().catch(err => console.error(`while stopping: ${(err as Error).message}`));
      }
      rmSync(root, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log('\nStopping the demo...');
      void stopAll().finally(() => process.exit(0));
    });
  }
  try {
    step('Starting a local 3-member etcd cluster (127.0.0.1 only)');
    const cluster = await LocalEtcdCluster.start({ members: 3, dataRoot: join(root, 'etcd') });
    stops.push(() => cluster.stop());
    // scripts/demo.js put the chosen release first on PATH (newest, or --etcd 3.x).
    const release = etcdVersionOf('etcd') ?? 'unknown';
    console.log(`  etcd ${release}; endpoints: ${cluster.endpoints.join(', ')}`);

    step('Seeding ZTAP state: nodes, election candidates (etcdctl elect), policies with revisions');
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    stops.push(async () => etcd.close());
    const state: DemoState = await seedDemoState(etcd, cluster.endpoints);
    stops.push(() => state.stop());

    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    // A named connection, so that the tree (and the smoke screenshot) names the release.
    const connectionName = `demo · etcd ${release}`;
    writeFileSync(
      join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'ztap.connections': [{ name: connectionName, endpoints: cluster.endpoints }] }, null, 2),
    );
    writeFileSync(join(workspace, 'README.md'), '# ZTAP etcd Explorer demo\n\nOpen the ZTAP view in the activity bar.\n');

    if (!smoke && onPath('code')) {
      step('Opening desktop VS Code with the extension');
      const code = spawn('code', ['--new-window', `--extensionDevelopmentPath=${REPO}`, workspace], { stdio: 'inherit' });
      await new Promise(r => code.once('exit', r));
      console.log('\nVS Code is open on the demo workspace. Press Ctrl-C here to stop etcd and the demo.');
      await new Promise(() => undefined);
    }

    step('Starting code-server (VS Code in the browser)');
    ensureCodeServer();
    const port = !smoke && (await isPortFree(8080)) ? 8080 : undefined;
    const server = await CodeServer.start({ stateDir: join(root, 'code-server'), port });
    stops.push(() => server.stop());
    const url = server.workbenchUrl(workspace, { extensionPath: REPO });
    if (!smoke) {
      console.log(
        `\nOpen this URL in a browser on this machine:\n\n  ${url}\n\nThen click the ZTAP icon in the activity bar. Press Ctrl-C here to stop everything.`,
      );
      await new Promise(() => undefined);
    }
    await runSmoke(url, stops, connectionName);
    console.log('\ndemo --smoke: the tree shows the members and the leader; screenshot in test-results/demo.png');
    return 0;
  } catch (err) {
    console.error(`\ndemo failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await stopAll();
  }
}

async function runSmoke(url: string, stops: Array<() => Promise<unknown>>, connectionName: string): Promise<void> {
  step('Checking the tree in headless Chromium');
  const browser = await launchChromium();
  stops.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the tree did not show the members and the leader within ${SMOKE_TIMEOUT_MS / 60_000} minutes`)),
      SMOKE_TIMEOUT_MS,
    );
  });
  const rowNamed = (label: string) => treeRow(page, label);
  const check = async () => {
    await openZtapView(page, url);
    await rowNamed(connectionName).waitFor({ timeout: 60_000 });
    await rowNamed('Members').click();
    for (const name of ['n1', 'n2', 'n3']) {
      await rowNamed(name).waitFor({ timeout: 30_000 });
    }
    await rowNamed('Leader').click();
    await treeRowWith(page, 'node-1').waitFor({ timeout: 30_000 });
    await rowNamed('2. node-2').waitFor({ timeout: 30_000 });
    await rowNamed('Keys').click();
    await rowNamed('policies/').click();
    await rowNamed('state/').waitFor({ timeout: 30_000 });
    mkdirSync(join(REPO, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'test-results', 'demo.png') });
  };
  try {
    await Promise.race([check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function step(text: string): void {
  console.log(`\n▸ ${text}`);
}

main().then(
  code => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { readElection } from '../../src/core/election/leaderReader';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { freePort } from '../../src/core/local/freePort';
import { ElectParticipant, eventually } from '../support/etcdctl';
import { seedKeys } from '../support/seed';
import { encodeNode, newNode } from '../../src/core/ztap/nodeJson';
import { FIXTURE_ENV } from './fixtureEnv';

export interface VsCodeFixture {
  env: Record<string, string>;
  /** Workspaces whose settings point at the fixture: the suite's, the UI checks', an unreachable one. */
  workspaces: { suite: string; ui: string; dead: string };
  root: string;
  stop(): Promise<void>;
  /** The 3-member cluster the workspaces point at (its members can be stopped and started). */
  cluster: LocalEtcdCluster;
  /** Ends node-1's campaign (its `etcdctl elect` stops): node-2 takes over, a new term. */
  stopFirstCandidate(): Promise<void>;
}

export const nodeJson = (id: string, port: number): string => encodeNode(newNode(id, `127.0.0.1:${port}`, '', { version: '1.4.0' }));

/**
 * What the VS Code suite runs against: a 3-member cluster with ZTAP-shaped keys and
 * two `etcdctl elect` candidates, a single member, and a dead port. Stops all of it.
 */
export async function startFixture(): Promise<VsCodeFixture> {
  const root = mkdtempSync(join(tmpdir(), 'ztap-vscode-'));
  const started: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of started.reverse()) {
      await s().catch(() => undefined);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const cluster = await LocalEtcdCluster.start({ members: 3 });
    started.push(() => cluster.stop());
    const single = await LocalEtcdCluster.start({ members: 1 });
    started.push(() => single.stop());
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    let peers: ElectParticipant[] = [];
    try {
      await seedZtapKeys(etcd);
      peers = [ElectParticipant.start(cluster.endpoints, '/ztap/election', nodeJson('node-1', 9091))];
      started.push(() => Promise.all(peers.map(p => p.stop())).then(() => undefined));
      await eventually(async () => ((await readElection(etcd, '/ztap/election')).candidates.length === 1 ? true : undefined), 15_000, 'node-1 campaigning');
      peers.push(ElectParticipant.start(cluster.endpoints, '/ztap/election', nodeJson('node-2', 9092)));
      await eventually(async () => ((await readElection(etcd, '/ztap/election')).candidates.length === 2 ? true : undefined), 15_000, 'node-2 campaigning');
    } finally {
      etcd.close();
    }
    const dead = `127.0.0.1:${await freePort()}`;
    const workspaces = {
      suite: workspace(root, 'suite', cluster.endpoints),
      ui: workspace(root, 'ui', cluster.endpoints),
      dead: workspace(root, 'dead', [dead]),
    };
    const env = {
      [FIXTURE_ENV.cluster]: cluster.endpoints.join(','),
      [FIXTURE_ENV.single]: single.endpoints[0],
      [FIXTURE_ENV.dead]: dead,
      // The guide's env var: the extension offers it as the "Environment" profile.
      ZTAP_ETCD_ENDPOINTS: single.endpoints[0],
    };
    return { env, workspaces, root, stop, cluster, stopFirstCandidate: () => peers[0].stop() };
  } catch (err) {
    await stop();
    throw err;
  }
}

function workspace(root: string, name: string, endpoints: string[]): string {
  const dir = join(root, `ws-${name}`);
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'ztap.etcd.endpoints': endpoints }, null, 2));
  return dir;
}

async function seedZtapKeys(etcd: ReturnType<typeof createEtcd3>): Promise<void> {
  const policy = (version: number) =>
    JSON.stringify({ Name: 'web', Tenant: 'acme', YAML: Buffer.from(`kind: NetworkPolicy\nversion: ${version}\n`).toString('base64'), Version: version });
  await seedKeys(etcd, [
    ['/ztap/nodes/node-1', nodeJson('node-1', 9091)],
    ['/ztap/nodes/node-2', nodeJson('node-2', 9092)],
    ['/ztap/policies/state/acme/web', policy(3)],
    ...[1, 2, 3].map((v): [string, string] => [`/ztap/policies/revisions/acme/web/${String(v).padStart(20, '0')}`, policy(v)]),
    ['/ztap/bin', Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x42])],
    ['/ztap/wide/placeholder', 'x'],
  ]);
  // Over 1 MiB: shown as a preview. Under etcd's 1.5 MiB request limit.
  await etcd.put('/ztap/big').value(Buffer.alloc(1200 * 1024, 'z'));
  await seedKeys(
    etcd,
    Array.from({ length: 600 }, (_, i): [string, string] => [`/ztap/wide/k${String(i).padStart(4, '0')}`, String(i)]),
  );
}

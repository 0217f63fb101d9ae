import { spawn } from 'child_process';
import { join } from 'path';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { ConnectionManager } from '../src/core/connection/connectionManager';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { PrefixWatcher } from '../src/core/watch/prefixWatcher';
import { encodeNode, newNode } from '../src/core/ztap/nodeJson';
import { MemberHealthPoll } from '../src/core/cluster/memberHealthPoll';
import { loadMembers } from '../src/core/cluster/members';
import { DashboardFeed } from '../src/extension/dashboard/dashboardFeed';

const WINDOW_S = 10;
const NODES = 50;

export interface DashboardBenchResult {
  eventsPerSecond: number;
  /** The tree's watch alone, as a share of one core. */
  watchCorePercent: number;
  /** The same with the dashboard fed from it: the difference is the dashboard's cost. */
  withFeedCorePercent: number;
  messagesPerSecond: number;
}

/** Two writers from their own processes, ~500 writes/s each: ZTAP nodes' heartbeats and policy changes. */
function writers(endpoints: string[]): Promise<void> {
  const script = join(__dirname, '..', 'test', 'support', 'writeLoad.js');
  const one = (prefix: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [script, endpoints.join(','), prefix, String(500 * WINDOW_S), '500'], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', () => resolve());
    });
  return Promise.all([one('/ztap/nodes/'), one('/ztap/policies/state/bench/')]).then(() => undefined);
}

/**
 * The extension host's CPU for feeding the Cluster Dashboard at ~1,000 events a second
 * with 50 ZTAP nodes: the tree's watch alone for one window, then the watch with the
 * dashboard's feed on it for another, same load; etcd freshly written.
 */
export async function dashboardBench(cluster: LocalEtcdCluster): Promise<DashboardBenchResult> {
  const manager = new ConnectionManager();
  const watcher = { current: undefined as PrefixWatcher | undefined };
  let feed: DashboardFeed | undefined;
  let poll: MemberHealthPoll | undefined;
  try {
    await manager.connect(resolveConnection({ endpoints: cluster.endpoints }, {}));
    const session = manager.requireSession();
    for (let i = 0; i < NODES; i++) {
      const id = `bench-node-${String(i).padStart(2, '0')}`;
      await session.client.put(`/ztap/nodes/${id}`).value(encodeNode(newNode(id, `127.0.0.1:${10_000 + i}`)));
    }
    let events = 0;
    watcher.current = new PrefixWatcher(session.client, { prefix: '/ztap/' });
    watcher.current.onEvents(batch => {
      events += batch.length;
      feed?.onEvents(batch);
    });
    await watcher.current.start();
    const measure = async () => {
      events = 0;
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      await writers(cluster.endpoints);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpu);
      return { percent: ((used.user + used.system) / 1e6 / seconds) * 100, perSecond: events / seconds, seconds };
    };
    const alone = await measure();
    let messages = 0;
    poll = new MemberHealthPoll(() => loadMembers(session.client, session.config));
    feed = new DashboardFeed(session, poll, () => messages++, { heartbeatMs: 5000 });
    await feed.start();
    messages = 0;
    const fed = await measure();
    return {
      eventsPerSecond: (alone.perSecond + fed.perSecond) / 2,
      watchCorePercent: alone.percent,
      withFeedCorePercent: fed.percent,
      messagesPerSecond: messages / fed.seconds,
    };
  } finally {
    feed?.dispose();
    poll?.dispose();
    watcher.current?.dispose();
    manager.dispose();
  }
}

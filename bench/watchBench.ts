import { spawn } from 'child_process';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { KeyIndex } from '../src/core/keys/keyIndex';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { killAndWait } from '../src/core/local/killAndWait';
import { PrefixWatcher } from '../src/core/watch/prefixWatcher';
import { Throttle } from '../src/core/watch/throttle';
import { eventually } from '../test/support/eventually';
import { seedKeys } from '../test/support/seed';
import { median } from './timing';

const EVENTS = 100_000;
/** The extension's batching window (src/extension/tree/treeLiveUpdates.ts). */
const FLUSH_MS = 250;

export interface WatchBenchResult {
  oursPerSecond: number;
  etcdctlPerSecond: number;
  ratio: number;
  treeDelayMedianMs: number;
  treeDelayP95Ms: number;
}

/**
 * Events per second through the core watcher and through `etcdctl watch --prefix`
 * on the same stream of 100,000 puts; and the delay from a put to the tree's
 * flush (watch -> key index -> batched redraw) while 1,000 events a second stream in.
 */
export async function watchBench(cluster: LocalEtcdCluster): Promise<WatchBenchResult> {
  const endpoints = cluster.endpoints;
  const etcd = createEtcd3(resolveConnection({ endpoints }, {}));
  try {
    const ours = new PrefixWatcher(etcd, { prefix: '/wbench/' });
    let oursCount = 0;
    let oursDone = 0;
    ours.onEvents(batch => {
      oursCount += batch.length;
      if (oursCount >= EVENTS && !oursDone) {
        oursDone = Date.now();
      }
    });
    await ours.start();
    const theirs = spawn('etcdctl', [`--endpoints=${endpoints.join(',')}`, 'watch', '--prefix', '/wbench/'], {
      env: { ...process.env, ETCDCTL_API: '3' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let theirsCount = 0;
    let theirsDone = 0;
    theirs.stdout.on('data', (c: Buffer) => {
      // Three lines an event: PUT, key, value.
      for (let i = c.indexOf('PUT\n'); i >= 0; i = c.indexOf('PUT\n', i + 4)) {
        theirsCount++;
      }
      if (theirsCount >= EVENTS && !theirsDone) {
        theirsDone = Date.now();
      }
    });
    await new Promise(r => setTimeout(r, 1000)); // etcdctl's watch is in place
    const started = Date.now();
    await seedKeys(
      etcd,
      (function* () {
        for (let i = 0; i < EVENTS; i++) {
          yield [`/wbench/k${i % 1000}`, `v${i}`] as [string, string];
        }
      })(),
    );
    await eventually(() => (oursDone && theirsDone ? true : undefined), 120_000, 'both watchers to see every event');
    await killAndWait(theirs, 'SIGINT');
    ours.dispose();
    const oursPerSecond = EVENTS / ((oursDone - started) / 1000);
    const etcdctlPerSecond = EVENTS / ((theirsDone - started) / 1000);
    const delays = await treeDelay(etcd);
    return {
      oursPerSecond,
      etcdctlPerSecond,
      ratio: oursPerSecond / etcdctlPerSecond,
      treeDelayMedianMs: median(delays),
      treeDelayP95Ms: [...delays].sort((a, b) => a - b)[Math.floor(delays.length * 0.95)],
    };
  } finally {
    etcd.close();
  }
}

/** Put -> flush delay for probe keys while a 1,000 events/s load runs under the same prefix. */
async function treeDelay(etcd: ReturnType<typeof createEtcd3>): Promise<number[]> {
  const index = new KeyIndex(etcd);
  await index.list('/ztap/');
  await index.list('/ztap/probe/');
  const watcher = new PrefixWatcher(etcd, { prefix: '/ztap/' });
  const putAt = new Map<string, number>();
  const pending: string[] = [];
  const delays: number[] = [];
  const throttle = new Throttle(FLUSH_MS, () => {
    const now = Date.now();
    for (const key of pending.splice(0)) {
      delays.push(now - putAt.get(key)!);
    }
  });
  watcher.onEvents(batch => {
    index.apply(batch);
    for (const ev of batch) {
      const key = ev.key.toString();
      if (putAt.has(key)) {
        pending.push(key);
      }
    }
    throttle.schedule();
  });
  await watcher.start();
  const until = Date.now() + 5000;
  let i = 0;
  const load = (async () => {
    while (Date.now() < until) {
      const batch = Array.from({ length: 50 }, (_, j): [string, string] => [`/ztap/load/k${(i * 50 + j) % 500}`, String(i)]);
      i++;
      await seedKeys(etcd, batch, 1);
      await new Promise(r => setTimeout(r, 50)); // ~1,000 events a second
    }
  })();
  let probe = 0;
  while (Date.now() < until) {
    const key = `/ztap/probe/p${probe++}`;
    putAt.set(key, Date.now());
    await etcd.put(key).value('x');
    await new Promise(r => setTimeout(r, 100));
  }
  await load;
  await new Promise(r => setTimeout(r, FLUSH_MS * 2));
  watcher.dispose();
  throttle.dispose();
  return delays;
}

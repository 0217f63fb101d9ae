import { spawn } from 'child_process';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { readKeyHistory } from '../src/core/history/keyHistory';
import { readPrefixChanges } from '../src/core/history/prefixChanges';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';
import { median, timeCommand } from './timing';
import { CLI } from '../test/support/runCli';

export const VERSIONS = 10_000;
export const FOLDER_KEYS = 200_000;
export const CHANGES = 1_000;
const RUNS = 5;

export interface HistoryBenchResult {
  historyMs: number;
  etcdctlHistoryMs: number;
  historyRatio: number;
  changesMs: number;
  etcdctlChangesMs: number;
  changesRatio: number;
  /** The same read in-process on a connected client (no process start-up). */
  changesInProcessMs: number;
  historyInProcessMs: number;
}

/**
 * etcdctl has no "history" or "changes": its nearest is `etcdctl watch --rev`, which
 * streams the same events and never ends, so it is timed until its last expected
 * event arrives (and then stopped); ours runs to completion, both as processes with
 * stdout drained the same way. Runs interleaved, medians. etcd freshly written.
 */
export async function historyBench(cluster: LocalEtcdCluster): Promise<HistoryBenchResult> {
  const endpoints = cluster.endpoints.join(',');
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  try {
    // A key with 10,000 versions.
    const key = '/ztap/bench/history/node';
    for (let i = 0; i < VERSIONS; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => j).map(async j =>
          etcd
            .put(key)
            .value(`{"id":"n","n":${i + j}}`)
            .exec(),
        ),
      );
    }
    // 1,000 changes in a folder of 200,000 keys.
    await seedKeys(etcd, policyStateKeys(FOLDER_KEYS));
    const from = BigInt((await etcd.kv.range({ key: Buffer.from('/') })).header.revision);
    await seedKeys(
      etcd,
      Array.from(
        { length: CHANGES },
        (_, i) =>
          [`/ztap/policies/state/tenant-${String(i % 50).padStart(2, '0')}/policy-${String(i).padStart(6, '0')}`, `{"changed":${i}}`] as [string, string],
      ),
    );
    const ours = { history: [] as number[], changes: [] as number[] };
    const theirs = { history: [] as number[], changes: [] as number[] };
    for (let r = 0; r < RUNS; r++) {
      ours.history.push((await timeCommand(process.execPath, [CLI, 'history', key, '--json', '--endpoints', endpoints])).ms);
      theirs.history.push(await etcdctlWatchUntil(endpoints, ['watch', key, '--rev=1'], VERSIONS));
      ours.changes.push(
        (await timeCommand(process.execPath, [CLI, 'changes', '/ztap/policies/state/', '--from', String(from), '--json', '--endpoints', endpoints])).ms,
      );
      theirs.changes.push(await etcdctlWatchUntil(endpoints, ['watch', '--prefix', '/ztap/policies/state/', `--rev=${from + 1n}`], CHANGES));
    }
    const inProcess = { history: [] as number[], changes: [] as number[] };
    for (let r = 0; r < RUNS; r++) {
      let t = process.hrtime.bigint();
      await readKeyHistory(etcd, key);
      inProcess.history.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      await readPrefixChanges(etcd, '/ztap/policies/state/', from);
      inProcess.changes.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const h = median(ours.history);
    const th = median(theirs.history);
    const c = median(ours.changes);
    const tc = median(theirs.changes);
    return {
      historyMs: h,
      etcdctlHistoryMs: th,
      historyRatio: h / th,
      changesMs: c,
      etcdctlChangesMs: tc,
      changesRatio: c / tc,
      historyInProcessMs: median(inProcess.history),
      changesInProcessMs: median(inProcess.changes),
    };
  } finally {
    await etcd.delete().prefix('/ztap/');
    etcd.close();
  }
}

/** Starts `etcdctl watch ...` and returns the ms until `events` events were printed (a PUT or DELETE line each). */
function etcdctlWatchUntil(endpoints: string, args: string[], events: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('etcdctl', [`--endpoints=${endpoints}`, ...args], { env: { ...process.env, ETCDCTL_API: '3' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let rest = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      seen += lines.filter(l => l === 'PUT' || l === 'DELETE').length;
      if (seen >= events) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill('SIGKILL');
        resolve(ms);
      }
    });
    child.on('error', reject);
    child.on('close', () => (seen < events ? reject(new Error(`etcdctl ${args.join(' ')} ended after ${seen} of ${events} events`)) : undefined));
  });
}

import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';
import { interleavedMedians, timeShell } from './timing';
import { CLI } from '../test/support/runCli';

export const COMPARE_KEYS = 200_000;
const CHANGED = 1_000;
const RUNS = 5;

export interface CompareBenchResult {
  oursMs: number;
  etcdctlMs: number;
  ratio: number;
}

/**
 * `ztap-etcd diff` of a folder of 200,000 keys on two clusters (1,000 of them changed on
 * one side) against two `etcdctl get --prefix -w json` reads, one of each cluster, both
 * run by bash with stdout to a file; a warm-up each, then 5 interleaved runs, medians.
 * Both clusters freshly written.
 */
export async function compareBench(): Promise<CompareBenchResult> {
  const quota = ['--quota-backend-bytes', String(4 * 1024 ** 3)];
  const [a, b] = await Promise.all([LocalEtcdCluster.start({ members: 1, extraArgs: quota }), LocalEtcdCluster.start({ members: 1, extraArgs: quota })]);
  const dir = mkdtempSync(join(tmpdir(), 'ztap-compare-'));
  try {
    for (const cluster of [a, b]) {
      const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
      try {
        await seedKeys(etcd, policyStateKeys(COMPARE_KEYS));
        if (cluster === b) {
          await seedKeys(
            etcd,
            [...policyStateKeys(CHANGED)].map(([key]) => [key, '{"changed":true}'] as [string, string]),
          );
        }
      } finally {
        etcd.close();
      }
    }
    const folder = '/ztap/policies/state/';
    const ours = () => timeShell(`node ${CLI} diff ${folder} --endpoints ${a.endpoints[0]} --against-endpoints ${b.endpoints[0]} > ${join(dir, 'diff.txt')}`);
    const etcdctl = () =>
      timeShell(
        `etcdctl --endpoints=${a.endpoints[0]} get ${folder} --prefix -w json > ${join(dir, 'a.json')} && etcdctl --endpoints=${b.endpoints[0]} get ${folder} --prefix -w json > ${join(dir, 'b.json')}`,
      );
    return await interleavedMedians(ours, etcdctl, RUNS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([a.stop(), b.stop()]);
  }
}

/** Run alone: `node out/bench/compareBench.js` (npm run bench runs it with the rest). */
if (require.main === module) {
  void compareBench().then(r =>
    console.log(
      `diff of ${COMPARE_KEYS.toLocaleString('en')} keys on two clusters: ztap-etcd ${r.oursMs.toFixed(0)} ms, two etcdctl gets ${r.etcdctlMs.toFixed(0)} ms: ratio ${r.ratio.toFixed(2)}`,
    ),
  );
}

import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';
import { interleavedMedians, timeShell } from './timing';
import { CLI } from '../test/support/runCli';

export const DU_KEYS = 1_000_000;
const RUNS = 5;

export interface DuBenchResult {
  oursMs: number;
  etcdctlMs: number;
  ratio: number;
}

/**
 * `ztap-etcd du /ztap/ --depth 3` against `etcdctl get /ztap/ --prefix -w json`, both
 * reading every key and value of 1,000,000 keys, both run by bash with stdout to a
 * file (the same sink); a warm-up each, then 5 interleaved runs, medians. etcd freshly
 * written (seeded here, not restarted).
 */
export async function duBench(cluster: LocalEtcdCluster): Promise<DuBenchResult> {
  const endpoints = cluster.endpoints.join(',');
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  const dir = mkdtempSync(join(tmpdir(), 'ztap-du-'));
  const sh = timeShell;
  const ours = () => sh(`node ${CLI} du /ztap/ --depth 3 --endpoints ${endpoints} > ${join(dir, 'du.txt')}`);
  const etcdctl = () => sh(`etcdctl --endpoints=${endpoints} get /ztap/ --prefix -w json > ${join(dir, 'get.json')}`);
  try {
    await seedKeys(etcd, policyStateKeys(DU_KEYS));
    return await interleavedMedians(ours, etcdctl, RUNS);
  } finally {
    await etcd.delete().prefix('/ztap/policies/');
    etcd.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run alone: `node out/bench/duBench.js` (npm run bench runs it with the rest). */
if (require.main === module) {
  void (async () => {
    const cluster = await LocalEtcdCluster.start({ members: 1, extraArgs: ['--quota-backend-bytes', String(4 * 1024 ** 3)] });
    try {
      const r = await duBench(cluster);
      console.log(
        `du of ${DU_KEYS.toLocaleString('en')} keys: ztap-etcd ${r.oursMs.toFixed(0)} ms, etcdctl get -w json ${r.etcdctlMs.toFixed(0)} ms: ratio ${r.ratio.toFixed(2)}`,
      );
    } finally {
      await cluster.stop();
    }
  })();
}

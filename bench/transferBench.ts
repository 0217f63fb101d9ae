import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';
import { timeCommand, timeShell } from './timing';

const KEYS = 200_000;
const LOOP_PUTS = 300;
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface TransferBenchResult {
  keys: number;
  exportPerSecond: number;
  etcdctlGetPerSecond: number;
  exportRatio: number;
  importPerSecond: number;
  etcdctlLoopPerSecond: number;
  importRatio: number;
}

/**
 * `ztap-etcd export` of 200,000 keys to a file against `etcdctl get --prefix -w json`
 * (to a file, the same sink), and `ztap-etcd import` of that file into an empty
 * prefix against a shell loop of `etcdctl put` (300 puts, extrapolated per second).
 * Keys per second; higher is better. etcd freshly written.
 */
export async function transferBench(cluster: LocalEtcdCluster): Promise<TransferBenchResult> {
  const endpoints = cluster.endpoints.join(',');
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  const dir = mkdtempSync(join(tmpdir(), 'ztap-transfer-'));
  const sh = timeShell;
  try {
    await seedKeys(etcd, policyStateKeys(KEYS));
    const file = join(dir, 'export.json');
    const exportMs = (await timeCommand(process.execPath, [CLI, 'export', '/ztap/policies/state/', '--out', file, '--endpoints', endpoints])).ms;
    const getMs = await sh(`etcdctl --endpoints=${endpoints} get /ztap/policies/state/ --prefix -w json > ${join(dir, 'etcdctl.json')}`);
    await etcd.delete().prefix('/ztap/policies/');
    const importMs = (await timeCommand(process.execPath, [CLI, 'import', file, '--endpoints', endpoints])).ms;
    const loopMs = await sh(`for i in $(seq 1 ${LOOP_PUTS}); do etcdctl --endpoints=${endpoints} put /bench/loop/k$i v$i >/dev/null; done`);
    const exportPerSecond = KEYS / (exportMs / 1000);
    const etcdctlGetPerSecond = KEYS / (getMs / 1000);
    const importPerSecond = KEYS / (importMs / 1000);
    const etcdctlLoopPerSecond = LOOP_PUTS / (loopMs / 1000);
    return {
      keys: KEYS,
      exportPerSecond,
      etcdctlGetPerSecond,
      exportRatio: exportPerSecond / etcdctlGetPerSecond,
      importPerSecond,
      etcdctlLoopPerSecond,
      importRatio: importPerSecond / etcdctlLoopPerSecond,
    };
  } finally {
    await etcd.delete().prefix('/ztap/policies/');
    await etcd.delete().prefix('/bench/loop/');
    etcd.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

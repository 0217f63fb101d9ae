import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';
import { interleavedMedians, timeCommand, timeShell } from './timing';
import { CLI } from '../test/support/runCli';

export const TRANSFER_KEYS = 200_000;
const LOOP_PUTS = 300;
const RUNS = 5;

export interface ExportBenchResult {
  exportPerSecond: number;
  etcdctlGetPerSecond: number;
  /** Keys a second, ours / etcdctl's: higher is better. */
  exportRatio: number;
}

export interface ImportBenchResult {
  importPerSecond: number;
  etcdctlLoopPerSecond: number;
  importRatio: number;
}

/**
 * `ztap-etcd export` of 200,000 keys to a file against `etcdctl get --prefix -w json`
 * to a file (the same sink; ours also fsyncs and renames it), a warm-up each, then 5
 * interleaved runs, medians; keys per second. etcd freshly written. With `thenImport`,
 * also `ztap-etcd import` of that file into an empty prefix against a shell loop of
 * `etcdctl put` (300 puts, per second), once each.
 */
export async function transferBench(cluster: LocalEtcdCluster): Promise<ExportBenchResult>;
export async function transferBench(cluster: LocalEtcdCluster, thenImport: true): Promise<ExportBenchResult & ImportBenchResult>;
export async function transferBench(cluster: LocalEtcdCluster, thenImport = false): Promise<ExportBenchResult & Partial<ImportBenchResult>> {
  const endpoints = cluster.endpoints.join(',');
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  const dir = mkdtempSync(join(tmpdir(), 'ztap-transfer-'));
  try {
    await seedKeys(etcd, policyStateKeys(TRANSFER_KEYS));
    const file = join(dir, 'export.json');
    const ex = await interleavedMedians(
      async () => (await timeCommand(process.execPath, [CLI, 'export', '/ztap/policies/state/', '--out', file, '--endpoints', endpoints])).ms,
      () => timeShell(`etcdctl --endpoints=${endpoints} get /ztap/policies/state/ --prefix -w json > ${join(dir, 'etcdctl.json')}`),
      RUNS,
    );
    const exportPerSecond = TRANSFER_KEYS / (ex.oursMs / 1000);
    const etcdctlGetPerSecond = TRANSFER_KEYS / (ex.etcdctlMs / 1000);
    const result = { exportPerSecond, etcdctlGetPerSecond, exportRatio: exportPerSecond / etcdctlGetPerSecond };
    if (!thenImport) {
      return result;
    }
    await etcd.delete().prefix('/ztap/policies/');
    const importMs = (await timeCommand(process.execPath, [CLI, 'import', file, '--endpoints', endpoints])).ms;
    const loopMs = await timeShell(`for i in $(seq 1 ${LOOP_PUTS}); do etcdctl --endpoints=${endpoints} put /bench/loop/k$i v$i >/dev/null; done`);
    const importPerSecond = TRANSFER_KEYS / (importMs / 1000);
    const etcdctlLoopPerSecond = LOOP_PUTS / (loopMs / 1000);
    return { ...result, importPerSecond, etcdctlLoopPerSecond, importRatio: importPerSecond / etcdctlLoopPerSecond };
  } finally {
    await etcd.delete().prefix('/ztap/policies/');
    await etcd.delete().prefix('/bench/loop/');
    etcd.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

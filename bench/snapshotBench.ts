import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { median, timeCommand } from './timing';

// Odd, and enough that one slow run on a noisy 2-core machine does not move the median.
export const SNAPSHOT_RUNS = 7;
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface SnapshotBenchResult {
  sizeMiB: number;
  oursSaveMs: number;
  etcdctlSaveMs: number;
  saveRatio: number;
  oursStatusMs: number;
  etcdctlStatusMs: number;
  statusRatio: number;
}

/** `ztap-etcd snapshot save/status` against `etcdctl snapshot save/status` on a database of 50 MB or more. */
export async function snapshotBench(cluster: LocalEtcdCluster): Promise<SnapshotBenchResult> {
  const endpoint = cluster.endpoints[0];
  const etcd = createEtcd3(resolveConnection({ endpoints: [endpoint] }, {}));
  try {
    for (let i = 0; i < 60; i++) {
      await etcd.put(`/bench/blob/${i}`).value(Buffer.alloc(1024 * 1024, i));
    }
  } finally {
    etcd.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'ztap-snapbench-'));
  const env = { ...process.env, ETCDCTL_API: '3' };
  try {
    const ours = (i: number) => timeCommand(process.execPath, [CLI, 'snapshot', 'save', join(dir, `ours-${i}.db`), '--endpoints', endpoint]);
    const theirs = (i: number) => timeCommand('etcdctl', [`--endpoints=${endpoint}`, 'snapshot', 'save', join(dir, `theirs-${i}.db`)], env);
    const save = { ours: [] as number[], theirs: [] as number[] };
    for (let i = 0; i < SNAPSHOT_RUNS; i++) {
      save.ours.push((await ours(i)).ms);
      save.theirs.push((await theirs(i)).ms);
    }
    const file = join(dir, 'ours-0.db');
    const status = { ours: [] as number[], theirs: [] as number[] };
    for (let i = 0; i < SNAPSHOT_RUNS; i++) {
      status.ours.push((await timeCommand(process.execPath, [CLI, 'snapshot', 'status', file, '--json'])).ms);
      status.theirs.push((await timeCommand('etcdctl', ['snapshot', 'status', file, '-w', 'json'], env)).ms);
    }
    const o = median(save.ours);
    const t = median(save.theirs);
    const so = median(status.ours);
    const st = median(status.theirs);
    return {
      sizeMiB: statSync(file).size / 1024 / 1024,
      oursSaveMs: o,
      etcdctlSaveMs: t,
      saveRatio: o / t,
      oursStatusMs: so,
      etcdctlStatusMs: st,
      statusRatio: so / st,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

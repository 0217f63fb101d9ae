import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { SNAPSHOT_TOOL } from '../test/support/etcdctl';
import { median, timeCommand } from './timing';
import { CLI } from '../test/support/runCli';

// Odd, and enough that one slow run on a noisy 2-core machine does not move the median.
export const SNAPSHOT_RUNS = 7;

export interface SnapshotBenchResult {
  sizeMiB: number;
  oursSaveMs: number;
  etcdctlSaveMs: number;
  saveRatio: number;
  oursStatusMs: number;
  etcdctlStatusMs: number;
  statusRatio: number;
}

/** `ztap-etcd snapshot save/status` against `etcdctl snapshot save/status` on a database of about 100 MB. */
export async function snapshotBench(cluster: LocalEtcdCluster): Promise<SnapshotBenchResult> {
  const endpoint = cluster.endpoints[0];
  const etcd = createEtcd3(resolveConnection({ endpoints: [endpoint] }, {}));
  try {
    // 100 MiB of values: the database size the snapshot target (within 1.2x etcdctl) is stated for.
    for (let i = 0; i < 100; i++) {
      await etcd.put(`/bench/blob/${i}`).value(Buffer.alloc(1024 * 1024, i));
    }
  } finally {
    etcd.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'ztap-snapbench-'));
  const env = { ...process.env, ETCDCTL_API: '3' };
  try {
    const file = join(dir, 'status.db');
    const saveOurs = (out: string) => timeCommand(process.execPath, [CLI, 'snapshot', 'save', out, '--endpoints', endpoint]);
    const saveTheirs = (out: string) => timeCommand('etcdctl', [`--endpoints=${endpoint}`, 'snapshot', 'save', out], env);
    // Each saved file is removed before the next run, so no run pays for an earlier one's pages.
    const save = await alternate(
      async () => (await saveOurs(join(dir, 'ours.db'))).ms,
      async () => (await saveTheirs(join(dir, 'theirs.db'))).ms,
      () => ['ours.db', 'theirs.db'].forEach(f => rmSync(join(dir, f), { force: true })),
    );
    await saveOurs(file);
    const status = await alternate(
      async () => (await timeCommand(process.execPath, [CLI, 'snapshot', 'status', file, '--json'])).ms,
      // etcd 3.6 moved `snapshot status` to etcdutl (3.5 has both): the release's own tool.
      async () => (await timeCommand(SNAPSHOT_TOOL, ['snapshot', 'status', file, '-w', 'json'], env)).ms,
    );
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

/**
 * SNAPSHOT_RUNS timings of each, after one warm-up of each that is not counted, taking
 * turns at going first: on a noisy machine, background work of etcd (a commit after the
 * seeding writes, say) must not fall on one side only.
 */
async function alternate(ours: () => Promise<number>, theirs: () => Promise<number>, between = () => {}): Promise<{ ours: number[]; theirs: number[] }> {
  const times = { ours: [] as number[], theirs: [] as number[] };
  for (let i = -1; i < SNAPSHOT_RUNS; i++) {
    const pair = i % 2 === 0 ? [ours, theirs] : [theirs, ours];
    const first = await pair[0]();
    between();
    const second = await pair[1]();
    between();
    if (i >= 0) {
      times.ours.push(i % 2 === 0 ? first : second);
      times.theirs.push(i % 2 === 0 ? second : first);
    }
  }
  return times;
}

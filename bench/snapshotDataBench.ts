import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { SnapshotBrowser } from '../src/core/snapshot/snapshotBrowser';
import { etcdctl } from '../test/support/etcdctl';
import { median, timeToDevNull } from './timing';
import { CLI } from '../test/support/runCli';

const RUNS = 3;

export interface SnapshotDataBenchResult {
  keys: number;
  fileMiB: number;
  /** `ztap-etcd snapshot ls <file> /ztap/policies/state/`: the whole file indexed, one folder listed. */
  lsMs: number;
  lsPeakMiB: number;
  /** In the extension's way: the index built on a worker thread, then the Keys level listed. */
  openMs: number;
  firstLevelMs: number;
}

/**
 * A snapshot of the cluster's keyspace (the Find Key bench's 1,000,000 keys) read as
 * data: how long until a folder of it is listed, and the peak memory, with no etcd.
 */
export async function snapshotDataBench(cluster: LocalEtcdCluster): Promise<SnapshotDataBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ztap-snapdata-'));
  try {
    const file = join(dir, 'big.db');
    await etcdctl(cluster.endpoints, ['snapshot', 'save', file]);
    const ls: Array<{ ms: number; maxRssKiB: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      ls.push(await timeToDevNull(process.execPath, [CLI, 'snapshot', 'ls', file, '/ztap/policies/state/']));
    }
    const opens: number[] = [];
    const firsts: number[] = [];
    let keys = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      const browser = await SnapshotBrowser.open(file);
      const opened = process.hrtime.bigint();
      await browser.list('/ztap/');
      opens.push(Number(opened - started) / 1e6);
      firsts.push(Number(process.hrtime.bigint() - opened) / 1e6);
      keys = browser.keyCount;
      await browser.close();
    }
    return {
      keys,
      fileMiB: statSync(file).size / 1024 / 1024,
      lsMs: median(ls.map(r => r.ms)),
      lsPeakMiB: median(ls.map(r => r.maxRssKiB)) / 1024,
      openMs: median(opens),
      firstLevelMs: median(firsts),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

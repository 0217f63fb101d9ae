import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { policyStateKeys, seedKeys } from '../test/support/seed';
import { median, timeCommand } from './timing';

const KEYS = 200_000;
const RUNS = 5;
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const PRELOAD = join(__dirname, '..', '..', 'bench', 'peakRss.js');

export interface LsBenchResult {
  keys: number;
  oursMs: number;
  etcdctlMs: number;
  ratio: number;
  peakRssMiB: number;
}

/** `ztap-etcd ls /ztap/policies/state/` against `etcdctl get --prefix --keys-only` on 200,000 keys. */
export async function lsBench(cluster: LocalEtcdCluster): Promise<LsBenchResult> {
  const endpoints = cluster.endpoints;
  const etcd = createEtcd3(resolveConnection({ endpoints }, {}));
  try {
    await seedKeys(etcd, policyStateKeys(KEYS));
  } finally {
    etcd.close();
  }
  const rssDir = mkdtempSync(join(tmpdir(), 'ztap-bench-'));
  const rssFile = join(rssDir, 'rss');
  const ours = () =>
    timeCommand(process.execPath, ['--require', PRELOAD, CLI, 'ls', '/ztap/policies/state/', '--endpoints', endpoints.join(',')], {
      ...process.env,
      ZTAP_BENCH_RSS_FILE: rssFile,
    });
  const theirs = () =>
    timeCommand('etcdctl', [`--endpoints=${endpoints.join(',')}`, 'get', '/ztap/policies/state/', '--prefix', '--keys-only'], {
      ...process.env,
      ETCDCTL_API: '3',
    });
  try {
    // One warm-up each (page cache, etcd's index), then alternate so drift hits both.
    await ours();
    await theirs();
    const oursMs: number[] = [];
    const theirsMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      oursMs.push((await ours()).ms);
      theirsMs.push((await theirs()).ms);
    }
    const rss = readFileSync(rssFile, 'utf8').trim().split('\n').map(Number);
    const o = median(oursMs);
    const t = median(theirsMs);
    return { keys: KEYS, oursMs: o, etcdctlMs: t, ratio: o / t, peakRssMiB: Math.max(...rss) / 1024 };
  } finally {
    rmSync(rssDir, { recursive: true, force: true });
  }
}

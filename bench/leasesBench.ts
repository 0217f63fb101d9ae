import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { LEASES_PAGE, leaseDetails, leaseIds } from '../src/core/leases/leaseList';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { median, timeCommand, timeShell } from './timing';
import { CLI } from '../test/support/runCli';

export const LEASES = 10_000;
const RUNS = 5;

export interface LeasesBenchResult {
  firstPageMs: number;
  etcdctlListMs: number;
  ratio: number;
}

/**
 * The Leases node on 10,000 leases: what expanding it costs (every lease ID, then the
 * TTLs and keys of the LEASES_PAGE shown), against `etcdctl lease list` (IDs only), both
 * interleaved, medians. Leases freshly granted, one key each.
 */
export async function leasesBench(cluster: LocalEtcdCluster): Promise<LeasesBenchResult> {
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  const granted = await grantWithKeys(etcd, LEASES);
  try {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = process.hrtime.bigint();
      const ids = await leaseIds(etcd);
      await leaseDetails(etcd, ids.slice(0, LEASES_PAGE));
      ours.push(Number(process.hrtime.bigint() - t) / 1e6);
      theirs.push((await timeCommand('etcdctl', [`--endpoints=${cluster.endpoints.join(',')}`, 'lease', 'list'], { ...process.env, ETCDCTL_API: '3' })).ms);
    }
    return { firstPageMs: median(ours), etcdctlListMs: median(theirs), ratio: median(ours) / median(theirs) };
  } finally {
    await revoke(etcd, granted);
    etcd.close();
  }
}

export const CLI_LEASES = 1_000;

export interface LeasesCliBenchResult {
  oursMs: number;
  /** `etcdctl lease list`, then `etcdctl lease timetolive --keys` of each lease: what it takes etcdctl to show the same. */
  etcdctlEveryLeaseMs: number;
  ratio: number;
}

/**
 * `ztap-etcd leases --keys` (every lease's TTLs and keys) on 1,000 leases with a key
 * each, against etcdctl showing the same: `lease list`, then `lease timetolive --keys`
 * of each lease in a shell loop. Ours a median of 3, etcdctl's loop once (1,001
 * processes), both to /dev/null. Leases freshly granted.
 */
export async function leasesCliBench(cluster: LocalEtcdCluster): Promise<LeasesCliBenchResult> {
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  const endpoints = cluster.endpoints.join(',');
  const granted = await grantWithKeys(etcd, CLI_LEASES);
  try {
    const ours: number[] = [];
    for (let r = 0; r < 3; r++) {
      ours.push(await timeShell(`${process.execPath} ${CLI} leases --keys --endpoints ${endpoints} > /dev/null`));
    }
    const etcdctlEveryLeaseMs = await timeShell(
      // `lease list` prints "found N leases", then one hex ID a line; the loop must have run once a lease.
      `E=${endpoints}; n=0; for id in $(etcdctl --endpoints=$E lease list | tail -n +2); do etcdctl --endpoints=$E lease timetolive --keys $id; n=$((n+1)); done > /dev/null; [ $n -eq ${CLI_LEASES} ]`,
    );
    return { oursMs: median(ours), etcdctlEveryLeaseMs, ratio: median(ours) / etcdctlEveryLeaseMs };
  } finally {
    await revoke(etcd, granted);
    etcd.close();
  }
}

/** `count` leases of 600 s, with one key each under /ztap/bench/leased/. */
async function grantWithKeys(etcd: ReturnType<typeof createEtcd3>, count: number): Promise<string[]> {
  const granted: string[] = [];
  for (let i = 0; i < count; i += 200) {
    const ids = await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, async () => String((await etcd.leaseClient.leaseGrant({ TTL: 600, ID: 0 })).ID)),
    );
    await Promise.all(ids.map((id, j) => etcd.kv.put({ key: Buffer.from(`/ztap/bench/leased/${i + j}`), value: Buffer.from('x'), lease: id })));
    granted.push(...ids);
  }
  return granted;
}

async function revoke(etcd: ReturnType<typeof createEtcd3>, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    await Promise.all(ids.slice(i, i + 200).map(id => etcd.leaseClient.leaseRevoke({ ID: id }).catch(() => undefined)));
  }
}

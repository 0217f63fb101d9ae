import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import { leaseDetails, leaseIds } from '../src/core/leases/leaseList';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { median, timeCommand } from './timing';

export const LEASES = 10_000;
const RUNS = 5;

export interface LeasesBenchResult {
  firstPageMs: number;
  etcdctlListMs: number;
  ratio: number;
}

/**
 * The Leases node on 10,000 leases: what expanding it costs (every lease ID, then the
 * TTLs and keys of the first 500 shown), against `etcdctl lease list` (IDs only), both
 * interleaved, medians. Leases freshly granted, one key each.
 */
export async function leasesBench(cluster: LocalEtcdCluster): Promise<LeasesBenchResult> {
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  const granted: string[] = [];
  try {
    for (let i = 0; i < LEASES; i += 200) {
      const ids = await Promise.all(Array.from({ length: 200 }, async () => String((await etcd.leaseClient.leaseGrant({ TTL: 600, ID: 0 })).ID)));
      await Promise.all(ids.map((id, j) => etcd.kv.put({ key: Buffer.from(`/ztap/bench/leased/${i + j}`), value: Buffer.from('x'), lease: id })));
      granted.push(...ids);
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = process.hrtime.bigint();
      const ids = await leaseIds(etcd);
      await leaseDetails(etcd, ids.slice(0, 500));
      ours.push(Number(process.hrtime.bigint() - t) / 1e6);
      theirs.push((await timeCommand('etcdctl', [`--endpoints=${cluster.endpoints.join(',')}`, 'lease', 'list'], { ...process.env, ETCDCTL_API: '3' })).ms);
    }
    return { firstPageMs: median(ours), etcdctlListMs: median(theirs), ratio: median(ours) / median(theirs) };
  } finally {
    for (let i = 0; i < granted.length; i += 200) {
      await Promise.all(granted.slice(i, i + 200).map(id => etcd.leaseClient.leaseRevoke({ ID: id }).catch(() => undefined)));
    }
    etcd.close();
  }
}

import { randomBytes } from 'crypto';
import { createEtcd3 } from '../src/core/client/etcdClient';
import { resolveConnection } from '../src/core/config/connectionConfig';
import type { LocalEtcdCluster } from '../src/core/local/etcdProcess';
import { seedKeys } from '../test/support/seed';
import { median, timeToDevNull } from './timing';
import { CLI } from '../test/support/runCli';

const RUNS = 5;

export interface ListingCase {
  name: string;
  prefix: string;
  keys: number;
  keysFor: () => Iterable<[string, string]>;
}

export interface ListingResult {
  name: string;
  keys: number;
  oursMs: number;
  etcdctlMs: number;
  ratio: number;
  oursPeakMiB: number;
  etcdctlPeakMiB: number;
}

/** ~170-byte values, as ZTAP's policy records are. */
const VALUE = JSON.stringify({ Name: 'p', Tenant: 't', Version: 3, YAML: 'a'.repeat(110) });

function* numbered(prefix: string, total: number, folders: number): Generator<[string, string]> {
  for (let i = 0; i < total; i++) {
    yield [
      `${prefix}tenant-${String(i % folders).padStart(String(folders - 1).length, '0')}/policy-${String(Math.floor(i / folders)).padStart(6, '0')}`,
      VALUE,
    ];
  }
}

function* hexNamed(prefix: string, total: number, folders: number): Generator<[string, string]> {
  const names = Array.from({ length: folders }, () => randomBytes(6).toString('hex'));
  for (let i = 0; i < total; i++) {
    yield [`${prefix}${names[i % folders]}/${randomBytes(5).toString('hex')}`, VALUE];
  }
}

function* flat(prefix: string, total: number, name = (i: number) => `k${String(i).padStart(6, '0')}`): Generator<[string, string]> {
  for (let i = 0; i < total; i++) {
    yield [`${prefix}${name(i)}`, VALUE];
  }
}

export const LISTING_CASES: ListingCase[] = [
  { name: '200,000 keys, 50 numbered folders', prefix: '/ztap/l200k/', keys: 200_000, keysFor: () => numbered('/ztap/l200k/', 200_000, 50) },
  { name: '1,000,000 keys, 1,000 numbered folders', prefix: '/ztap/l1m/', keys: 1_000_000, keysFor: () => numbered('/ztap/l1m/', 1_000_000, 1000) },
  { name: 'a flat folder of 100,000 keys', prefix: '/ztap/lflat/', keys: 100_000, keysFor: () => flat('/ztap/lflat/', 100_000) },
  { name: '200,000 keys, 500 random-hex folders', prefix: '/ztap/lhex/', keys: 200_000, keysFor: () => hexNamed('/ztap/lhex/', 200_000, 500) },
];

/** Flat folders whose names share their first bytes: every key a child, nothing to count instead of read. */
export const FLAT_CASES: ListingCase[] = [
  LISTING_CASES[2],
  {
    name: 'a flat folder of 50,000 item-NNNNN keys',
    prefix: '/ztap/litems/',
    keys: 50_000,
    keysFor: () => flat('/ztap/litems/', 50_000, i => `item-${String(i).padStart(5, '0')}`),
  },
];

/**
 * `ztap-etcd ls <prefix>` against `etcdctl get <prefix> --prefix --keys-only`, both
 * writing to /dev/null under GNU time (peak memory), one warm-up each, then
 * interleaved runs, medians. Every case is seeded first, then the etcd member is
 * restarted, so each is measured against a freshly restarted etcd (etcd 3.4 is
 * several times slower per read right after a burst of writes).
 */
export async function listingBench(cluster: LocalEtcdCluster, cases = LISTING_CASES): Promise<ListingResult[]> {
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  try {
    for (const c of cases) {
      await seedKeys(etcd, c.keysFor());
    }
  } finally {
    etcd.close();
  }
  await cluster.stopMember(0);
  await cluster.startMember(0);
  const endpoints = cluster.endpoints.join(',');
  const results: ListingResult[] = [];
  for (const c of cases) {
    const ours = () => timeToDevNull(process.execPath, [CLI, 'ls', c.prefix, '--endpoints', endpoints]);
    const theirs = () =>
      timeToDevNull('etcdctl', [`--endpoints=${endpoints}`, 'get', c.prefix, '--prefix', '--keys-only'], { ...process.env, ETCDCTL_API: '3' });
    await ours();
    await theirs();
    const o: Array<{ ms: number; maxRssKiB: number }> = [];
    const t: Array<{ ms: number; maxRssKiB: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      o.push(await ours());
      t.push(await theirs());
    }
    const oursMs = median(o.map(r => r.ms));
    const etcdctlMs = median(t.map(r => r.ms));
    results.push({
      name: c.name,
      keys: c.keys,
      oursMs,
      etcdctlMs,
      ratio: oursMs / etcdctlMs,
      oursPeakMiB: Math.max(...o.map(r => r.maxRssKiB)) / 1024,
      etcdctlPeakMiB: Math.max(...t.map(r => r.maxRssKiB)) / 1024,
    });
  }
  return results;
}

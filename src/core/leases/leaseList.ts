import type { Etcd3 } from 'etcd3';
import { idToHex } from '../cluster/ids';
import { keyToText } from '../keys/keyText';
import { readFields, varintField } from '../client/protoWire';
import { execRaw, RawRequest } from '../client/requestPolicy';
import { inParallel } from '../inParallel';

/** One lease as etcd tells it, at the moment it was read. */
export interface LeaseInfo {
  /** Decimal, as etcd's API takes it. */
  id: string;
  /** Hex, as etcdctl prints it and ZTAP's election keys carry it. */
  hex: string;
  grantedTtl: number;
  /** Seconds left when read; -1 when the lease is gone. */
  ttl: number;
  /** Attached keys (text form); only when asked for. */
  keys?: string[];
  /** How many keys are attached. */
  keyCount: number;
  /** When it was read (ms since epoch): a TTL is only true at that moment. */
  readAt: number;
}

/**
 * Leases shown at a time under the Leases node (then "Show more…"). Each shown lease
 * costs a LeaseTimeToLive call when the node opens and every few seconds after (about
 * 0.3 ms of CPU each in grpc-js and Node's http2): 100 rows fill a side bar several
 * times over and keep opening the node near etcdctl's `lease list` (docs/performance.md).
 */
export const LEASES_PAGE = 100;

/**
 * Every lease ID etcd has, in ID order. Lease.LeaseLeases and Lease.LeaseTimeToLive are
 * sent and read as bytes: 10,000 leases decoded by protobufjs (a Long per ID) and sorted
 * comparing BigInts made anew each time took longer than etcdctl's whole `lease list`.
 */
export async function leaseIds(etcd: Etcd3): Promise<string[]> {
  const bytes = await rawLeaseCall(etcd, 'leaseLeases', 'LeaseLeases', Buffer.alloc(0));
  const ids: bigint[] = [];
  // LeaseLeasesResponse: 1 header, 2 leases (LeaseStatus: 1 ID).
  readFields(bytes, (field, value) => {
    if (field === 2 && Buffer.isBuffer(value)) {
      readFields(value, (f, id) => {
        if (f === 1 && typeof id === 'bigint') {
          ids.push(BigInt.asIntN(64, id));
        }
      });
    }
  });
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}

/** The details of `ids` (TTLs and attached keys), a bounded number of requests at a time. */
export async function leaseDetails(etcd: Etcd3, ids: readonly string[], parallel = 32): Promise<LeaseInfo[]> {
  const out: LeaseInfo[] = new Array(ids.length);
  await inParallel(ids.length, parallel, async i => {
    out[i] = await leaseInfo(etcd, ids[i]);
  });
  return out;
}

/** One lease's TTLs and keys; ttl -1 when it is gone. */
export async function leaseInfo(etcd: Etcd3, id: string): Promise<LeaseInfo> {
  // LeaseTimeToLiveRequest: 1 ID, 2 keys. Response: 1 header, 2 ID, 3 TTL, 4 grantedTTL, 5 keys (all int64 but keys).
  const bytes = await rawLeaseCall(etcd, 'leaseTimeToLive', 'LeaseTimeToLive', Buffer.concat([varintField(1, BigInt(id)), varintField(2, 1n)]));
  let ttl = 0;
  let grantedTtl = 0;
  const keys: string[] = [];
  readFields(bytes, (field, value) => {
    if (field === 3 && typeof value === 'bigint') {
      ttl = Number(BigInt.asIntN(64, value));
    } else if (field === 4 && typeof value === 'bigint') {
      grantedTtl = Number(BigInt.asIntN(64, value));
    } else if (field === 5 && Buffer.isBuffer(value)) {
      keys.push(keyToText(value));
    }
  });
  return { id, hex: idToHex(id), grantedTtl, ttl, keys, keyCount: keys.length, readAt: Date.now() };
}

function rawLeaseCall(etcd: Etcd3, method: string, rpc: string, request: Buffer): Promise<Buffer> {
  return execRaw(etcd, 'Lease', method, new RawRequest(`/etcdserverpb.Lease/${rpc}`, request));
}

/** A lease's remaining seconds now, counted down from when it was read (never below 0). */
export function ttlNow(lease: Pick<LeaseInfo, 'ttl' | 'readAt'>, now = Date.now()): number {
  if (lease.ttl < 0) {
    return -1;
  }
  return Math.max(0, Math.ceil(lease.ttl - (now - lease.readAt) / 1000));
}

/** Hex lease ID (as the CLI and the tree show it) to the decimal etcd's API takes. */
export function leaseIdFromHex(hex: string): string {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) {
    throw new RangeError(`"${hex}" is not a lease ID: a hex number such as 694d7c1a3f0b2a11`);
  }
  return BigInt(`0x${hex}`).toString();
}

/** Renews a lease once (one keepalive), as a session's heartbeat does; returns the TTL it was renewed to. */
export async function keepAliveOnce(etcd: Etcd3, id: string): Promise<number> {
  const stream = await etcd.leaseClient.leaseKeepAlive();
  try {
    return await new Promise<number>((resolve, reject) => {
      stream.on('data', res => {
        const ttl = Number(res.TTL);
        if (ttl <= 0) {
          reject(new Error(`lease ${idToHex(id)} is gone (expired or revoked)`));
        } else {
          resolve(ttl);
        }
      });
      stream.on('error', reject);
      stream.write({ ID: id });
    });
  } finally {
    stream.end();
  }
}

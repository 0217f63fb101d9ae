import type { Etcd3 } from 'etcd3';
import { readFields, varintField } from '../client/protoWire';
import { execRaw, RawRequest } from '../client/requestPolicy';

export interface HashKv {
  /** The hash of every MVCC key and value up to the revision asked for. */
  hash: number;
  /** The member's compacted revision: hashes compare only between equal ones. */
  compactRevision: string;
}

/**
 * Maintenance.HashKV of the client's member at `revision`. Sent as bytes: etcd3 calls
 * the service method "hashKV", which grpc-js names "hashKv" (or "HashKV"), so etcd3's own
 * call fails with "client[method] is not a function".
 */
export async function readHashKv(etcd: Etcd3, revision: string): Promise<HashKv> {
  const bytes = await execRaw(etcd, 'Maintenance', 'hashKV', new RawRequest('/etcdserverpb.Maintenance/HashKV', varintField(1, BigInt(revision))));
  const out: HashKv = { hash: 0, compactRevision: '0' };
  // HashKVResponse: 1 header, 2 hash (uint32), 3 compact_revision (int64: -1 before any compaction).
  readFields(bytes, (field, value) => {
    if (field === 2 && typeof value === 'bigint') {
      out.hash = Number(value);
    } else if (field === 3 && typeof value === 'bigint') {
      out.compactRevision = BigInt.asIntN(64, value).toString();
    }
  });
  return out;
}

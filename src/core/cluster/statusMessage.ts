import type { Etcd3 } from 'etcd3';
import { readFields } from '../client/protoWire';
import { execRaw, RawRequest } from '../client/requestPolicy';

/** A member's StatusResponse, with the fields etcd 3.6 added (etcd3's rpc.proto stops at isLearner). */
export interface StatusMessage {
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  errors: string[];
  isLearner: boolean;
  /** etcd 3.6+: the storage schema version ("3.6.0"); undefined where not reported. */
  storageVersion?: string;
  /** etcd 3.6+: the backend quota in bytes (--quota-backend-bytes, 2 GiB by default); undefined where not reported. */
  dbSizeQuota?: number;
  memberId: string;
  clusterId: string;
}

/**
 * Decodes etcd's StatusResponse (api/etcdserverpb/rpc.proto): 1 header, 2 version,
 * 3 dbSize, 4 leader, 5 raftIndex, 6 raftTerm, 7 raftAppliedIndex, 8 errors,
 * 9 dbSizeInUse, 10 isLearner, and from 3.6 11 storageVersion, 12 dbSizeQuota.
 */
export function decodeStatus(bytes: Buffer): StatusMessage {
  const out: StatusMessage = {
    version: '',
    dbSize: 0,
    dbSizeInUse: 0,
    leader: '0',
    raftIndex: 0,
    raftTerm: 0,
    raftAppliedIndex: 0,
    errors: [],
    isLearner: false,
    memberId: '0',
    clusterId: '0',
  };
  let inUseSeen = false;
  readFields(bytes, (field, value) => {
    const n = typeof value === 'bigint' ? value : 0n;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : '';
    switch (field) {
      case 1:
        if (Buffer.isBuffer(value)) {
          readFields(value, (f, v) => {
            if (f === 1 && typeof v === 'bigint') {
              out.clusterId = v.toString();
            } else if (f === 2 && typeof v === 'bigint') {
              out.memberId = v.toString();
            }
          });
        }
        break;
      case 2:
        out.version = text;
        break;
      case 3:
        out.dbSize = Number(n);
        break;
      case 4:
        out.leader = n.toString();
        break;
      case 5:
        out.raftIndex = Number(n);
        break;
      case 6:
        out.raftTerm = Number(n);
        break;
      case 7:
        out.raftAppliedIndex = Number(n);
        break;
      case 8:
        out.errors.push(text);
        break;
      case 9:
        out.dbSizeInUse = Number(n);
        inUseSeen = true;
        break;
      case 10:
        out.isLearner = n !== 0n;
        break;
      case 11:
        out.storageVersion = text || undefined;
        break;
      case 12:
        out.dbSizeQuota = Number(n) || undefined;
        break;
    }
  });
  if (!inUseSeen) {
    // etcd before 3.4 (or a zero in use, which proto3 leaves out): the whole file.
    out.dbSizeInUse = out.dbSizeInUse || out.dbSize;
  }
  return out;
}

/** Maintenance.Status of the client's member(s), decoded by hand so that 3.6's quota and storage version are kept. */
export async function readStatusMessage(etcd: Etcd3, deadline?: number): Promise<StatusMessage> {
  const bytes = await execRaw(
    etcd,
    'Maintenance',
    'status',
    new RawRequest('/etcdserverpb.Maintenance/Status', Buffer.alloc(0)),
    deadline ? { deadline } : undefined,
  );
  return decodeStatus(bytes);
}

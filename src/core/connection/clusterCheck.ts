import type { CallOptions } from '@grpc/grpc-js';
import type { Etcd3 } from 'etcd3';
import { readFields } from '../client/protoWire';
import { execRaw, RawRequest } from '../client/requestPolicy';

/** What a connect check learns: the cluster's ID (hex) and how many members it has. */
export interface ClusterCheck {
  clusterId: string;
  memberCount: number;
}

/**
 * Cluster.MemberList, sent and read as bytes: the check every connect makes, and the
 * first call of every one-shot `ztap-etcd` command, where building protobufjs's
 * MemberList codec on first use costs more than the call (docs/performance.md).
 */
export async function checkCluster(etcd: Etcd3, options: CallOptions): Promise<ClusterCheck> {
  const bytes = await execRaw(etcd, 'Cluster', 'memberList', new RawRequest('/etcdserverpb.Cluster/MemberList', Buffer.alloc(0)), options);
  // MemberListResponse: 1 header (ResponseHeader: 1 cluster_id), 2 members (repeated).
  let clusterId = 0n;
  let memberCount = 0;
  readFields(bytes, (field, value) => {
    if (field === 1 && Buffer.isBuffer(value)) {
      readFields(value, (headerField, headerValue) => {
        if (headerField === 1 && typeof headerValue === 'bigint') {
          clusterId = headerValue;
        }
      });
    } else if (field === 2) {
      memberCount++;
    }
  });
  return { clusterId: clusterId.toString(16), memberCount };
}

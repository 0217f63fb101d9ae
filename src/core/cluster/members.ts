import type { Etcd3 } from 'etcd3';
import type { ConnectionConfig } from '../config/connectionConfig';
import { ConfigError } from '../config/configError';
import { parseEndpoint } from '../config/endpoints';
import { EndpointHealth, EndpointProbe, EndpointStatus, probeEndpoint } from './endpointProbe';
import { idToHex } from './ids';

export interface MemberInfo {
  /** Hex, as etcdctl prints it. */
  id: string;
  name: string;
  clientURLs: string[];
  peerURLs: string[];
  isLearner: boolean;
  isLeader: boolean;
  status: Pick<EndpointStatus, 'version' | 'dbSize' | 'dbSizeInUse' | 'raftTerm' | 'raftIndex' | 'storageVersion' | 'dbSizeQuota'> | null;
  health: EndpointHealth;
}

export interface ClusterMembers {
  clusterId: string;
  members: MemberInfo[];
}

/**
 * The member list, then every member probed in parallel on its own client URL; all of it
 * within the request timeout, so a member that does not answer never holds a refresh longer.
 */
export async function loadMembers(etcd: Etcd3, config: ConnectionConfig): Promise<ClusterMembers> {
  const deadline = Date.now() + config.requestTimeoutMs;
  const list = await etcd.cluster.memberList({});
  const budget = Math.max(250, deadline - Date.now());
  const probes = await Promise.all(list.members.map(m => probeMember(config, m.clientURLs, budget)));
  // Any member that answered knows who the raft leader is.
  const leader = probes.find(p => p?.status && p.status.leader !== '0')?.status?.leader;
  const members = list.members.map((m, i): MemberInfo => {
    const probe = probes[i];
    const status = probe?.status;
    return {
      id: idToHex(m.ID),
      name: m.name,
      clientURLs: m.clientURLs,
      peerURLs: m.peerURLs,
      isLearner: m.isLearner,
      isLeader: leader !== undefined && BigInt(leader) === BigInt(m.ID),
      status: status
        ? {
            version: status.version,
            dbSize: status.dbSize,
            dbSizeInUse: status.dbSizeInUse,
            raftTerm: status.raftTerm,
            raftIndex: status.raftIndex,
            storageVersion: status.storageVersion,
            dbSizeQuota: status.dbSizeQuota,
          }
        : null,
      health: probe?.health ?? { ok: false, error: 'member has not started (no client URLs)' },
    };
  });
  // Member-list order is arbitrary; names read better, and stay put between refreshes.
  members.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { clusterId: idToHex(list.header.cluster_id), members };
}

async function probeMember(config: ConnectionConfig, clientURLs: string[], budgetMs: number): Promise<EndpointProbe | undefined> {
  if (clientURLs.length === 0) {
    return undefined;
  }
  try {
    return await probeEndpoint(config, parseEndpoint(clientURLs[0]), budgetMs);
  } catch (err) {
    const error = err instanceof ConfigError ? err.message : String(err);
    return { url: clientURLs[0], status: null, health: { ok: false, error } };
  }
}

import type { ConnectionConfig } from '../config/connectionConfig';
import type { Endpoint } from '../config/endpoints';
import { createEtcd3 } from '../client/etcdClient';
import { classifyError, withTimeout } from '../client/errors';

export interface EndpointStatus {
  version: string;
  dbSize: number;
  /** Bytes of the database logically in use: dbSize minus this is what a defragmentation frees. */
  dbSizeInUse: number;
  raftTerm: number;
  raftIndex: number;
  /** Member ID (decimal) this endpoint believes is raft leader; "0" when none. */
  leader: string;
  memberId: string;
  clusterId: string;
}

export interface EndpointHealth {
  ok: boolean;
  latencyMs?: number;
  /** Why not, without the endpoint (the row or line names it). */
  error?: string;
  /** etcd has auth enabled and no user was given: nothing can be read. */
  authRequired?: boolean;
}

export interface EndpointProbe {
  url: string;
  status: EndpointStatus | null;
  health: EndpointHealth;
}

/**
 * Asks one endpoint, on a client of its own, for its status and its health.
 * Health is what `etcdctl endpoint health` measures: a linearizable read that needs
 * a quorum, timed. Both are bounded by the dial timeout, so a dead member costs
 * at most that and never blocks the others.
 */
export async function probeEndpoint(config: ConnectionConfig, endpoint: Endpoint): Promise<EndpointProbe> {
  const etcd = createEtcd3(config, [endpoint], { retries: false });
  try {
    // Status first: it also opens the channel, so the timed health read measures
    // the round trip, not the TCP/TLS handshake (as etcdctl's figure does).
    let status: EndpointStatus | null = null;
    try {
      status = await readStatus(config, endpoint, etcd);
    } catch (err) {
      const failure = classifyError(err);
      if (failure.kind !== 'permission denied') {
        return { url: endpoint.url, status: null, health: { ok: false, error: failure.message } };
      }
    }
    return { url: endpoint.url, status, health: await readHealth(config, endpoint, etcd) };
  } finally {
    etcd.close();
  }
}

async function readStatus(config: ConnectionConfig, endpoint: Endpoint, etcd: ReturnType<typeof createEtcd3>): Promise<EndpointStatus> {
  const res = await withTimeout(etcd.maintenance.status({}), config.dialTimeoutMs, 'status', endpoint.url);
  return {
    version: res.version,
    dbSize: Number(res.dbSize),
    dbSizeInUse: Number(res.dbSizeInUse ?? res.dbSize),
    raftTerm: Number(res.raftTerm),
    raftIndex: Number(res.raftIndex),
    leader: res.leader,
    memberId: res.header.member_id,
    clusterId: res.header.cluster_id,
  };
}

async function readHealth(config: ConnectionConfig, endpoint: Endpoint, etcd: ReturnType<typeof createEtcd3>): Promise<EndpointHealth> {
  const started = process.hrtime.bigint();
  try {
    await withTimeout(etcd.kv.range({ key: Buffer.from('health') }), config.dialTimeoutMs, 'health check', endpoint.url);
    return { ok: true, latencyMs: elapsedMs(started) };
  } catch (err) {
    const failure = classifyError(err);
    // As etcdctl: a user without read access to "health" still proves the member serves.
    if (failure.kind === 'permission denied') {
      return { ok: true, latencyMs: elapsedMs(started) };
    }
    if (config.username === undefined && /user name is empty/.test(failure.message)) {
      return { ok: false, authRequired: true, error: AUTH_REQUIRED };
    }
    return { ok: false, error: failure.message };
  }
}

export const AUTH_REQUIRED = 'authentication required: etcd has auth enabled and no user was given (--user, ZTAP_ETCD_USERNAME or ztap.etcd.username)';

function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100;
}

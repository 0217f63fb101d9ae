import type { ConnectionConfig } from '../config/connectionConfig';
import type { Endpoint } from '../config/endpoints';
import { createEtcd3 } from '../client/etcdClient';
import { classifyError, withTimeout } from '../client/errors';
import { readStatusMessage } from './statusMessage';

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
  /** A raft learner: it serves only serializable reads and status. */
  isLearner: boolean;
  /** etcd 3.6+: the storage schema version; undefined where not reported. */
  storageVersion?: string;
  /** etcd 3.6+: the backend quota in bytes; undefined where not reported (then 2 GiB unless --quota-backend-bytes says otherwise). */
  dbSizeQuota?: number;
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
export async function probeEndpoint(config: ConnectionConfig, endpoint: Endpoint, budgetMs = 2 * config.dialTimeoutMs): Promise<EndpointProbe> {
  const etcd = createEtcd3(config, [endpoint], { retries: false });
  // Status and health share the budget: a member that does not answer costs at most that.
  const deadline = Date.now() + budgetMs;
  const left = () => Math.max(1, Math.min(config.dialTimeoutMs, deadline - Date.now()));
  try {
    // Status first: it also opens the channel, so the timed health read measures
    // the round trip, not the TCP/TLS handshake (as etcdctl's figure does).
    let status: EndpointStatus | null = null;
    try {
      status = await readStatus(endpoint, etcd, left());
    } catch (err) {
      const failure = classifyError(err);
      if (failure.kind !== 'permission denied') {
        // etcd 3.6 checks auth on Status too: without a user that is "user name is empty".
        return { url: endpoint.url, status: null, health: authRequired(config, failure.message) ?? { ok: false, error: failure.message } };
      }
    }
    return { url: endpoint.url, status, health: await readHealth(config, endpoint, etcd, status?.isLearner === true, left()) };
  } finally {
    etcd.close();
  }
}

async function readStatus(endpoint: Endpoint, etcd: ReturnType<typeof createEtcd3>, timeoutMs: number): Promise<EndpointStatus> {
  const res = await withTimeout(readStatusMessage(etcd), timeoutMs, 'status', endpoint.url);
  return {
    version: res.version,
    dbSize: res.dbSize,
    dbSizeInUse: res.dbSizeInUse,
    raftTerm: res.raftTerm,
    raftIndex: res.raftIndex,
    leader: res.leader,
    memberId: res.memberId,
    clusterId: res.clusterId,
    isLearner: res.isLearner,
    storageVersion: res.storageVersion,
    dbSizeQuota: res.dbSizeQuota,
  };
}

/**
 * A learner refuses linearizable reads ("rpc not supported for learner"): its health is
 * a serializable read, which it serves from its own copy.
 */
async function readHealth(
  config: ConnectionConfig,
  endpoint: Endpoint,
  etcd: ReturnType<typeof createEtcd3>,
  learner: boolean,
  timeoutMs: number,
): Promise<EndpointHealth> {
  const started = process.hrtime.bigint();
  try {
    await withTimeout(etcd.kv.range({ key: Buffer.from('health'), serializable: learner }), timeoutMs, 'health check', endpoint.url);
    return { ok: true, latencyMs: elapsedMs(started) };
  } catch (err) {
    const failure = classifyError(err);
    // As etcdctl: a user without read access to "health" still proves the member serves.
    if (failure.kind === 'permission denied') {
      return { ok: true, latencyMs: elapsedMs(started) };
    }
    return authRequired(config, failure.message) ?? { ok: false, error: failure.message };
  }
}

/** etcd's answer to a request without a user on a cluster with auth on, as a health. */
function authRequired(config: ConnectionConfig, message: string): EndpointHealth | undefined {
  return isMissingUser(config, message) ? { ok: false, authRequired: true, error: AUTH_REQUIRED } : undefined;
}

/**
 * etcd's "user name is empty": auth is on and no user was given. etcd 3.4 and 3.5 still
 * answer a member list without one, 3.6 does not; either way it is AUTH_REQUIRED.
 */
export function isMissingUser(config: ConnectionConfig, message: string): boolean {
  return config.username === undefined && /user name is empty/.test(message);
}

export const AUTH_REQUIRED = 'authentication required: etcd has auth enabled and no user was given (--user, ZTAP_ETCD_USERNAME or ztap.etcd.username)';

function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100;
}

import type { CallOptions, ClientUnaryCall, Metadata } from '@grpc/grpc-js';
import { castGrpcError, Etcd3, isRecoverableError } from 'etcd3';
import { ConnectionArgs, failureKindOfError, Pool, PoolHost, poolOf } from './etcd3Adapter';
import { keyToText } from '../keys/keyText';
import { EtcdFailure } from './errors';

export interface RequestTimings {
  /** Each request's deadline unless its caller gives one. */
  requestTimeoutMs: number;
  /** A stream silent this long is asked for a sign of life (watch: a progress request)... */
  keepaliveTimeMs: number;
  /** ...and given up (and its member suspected) when that goes unanswered this long. */
  keepaliveTimeoutMs: number;
}

/** Reads that give the same answer from any member and change nothing: safe to send twice. */
const IDEMPOTENT = new Set(['KV.range', 'Cluster.memberList', 'Maintenance.status', 'Maintenance.hashKV', 'Lease.leaseTimeToLive', 'Lease.leaseLeases']);

/** How long a read waits before asking again when every member said it has no leader yet. */
const ELECTION_RETRY_MS = 250;

/** A member's answer while the cluster has no leader: "leader changed", "no leader". */
function electing(err: Error): boolean {
  return /leader changed|no leader/i.test(err.message);
}

/** A member that timed out or dropped a call is tried last for this long. */
const SUSPECT_MS = 30_000;

const policies = new WeakMap<Etcd3, RequestPolicy>();

/**
 * Deadlines and failover for every call of one etcd3 client, instead of etcd3's
 * retry policy (three attempts, each on a random member, and writes retried too):
 *
 * - every unary call has a deadline, the request timeout unless the caller gives one,
 *   and a timeout names the member and what was being done;
 * - an idempotent read not answered within a quarter of its time is sent to the next
 *   member as well (first answer wins, the other call is cancelled), and one that
 *   fails with "unavailable" moves on at once, so a frozen member of three costs a
 *   read about a second, not its deadline;
 * - a write goes to one member, once, and moves on only when it provably never left
 *   (connection refused): a write that timed out may have been applied;
 * - streams (watch, lease keepalive) open on the member that last answered, and the
 *   watch carries etcd's "require leader" flag, so a member cut off from its
 *   leader cancels it instead of serving a stale stream;
 * - a member that timed out or failed is suspect, tried last, for SUSPECT_MS.
 */
export class RequestPolicy {
  private readonly suspectUntil = new Map<PoolHost, number>();
  private readonly streamHosts = new WeakMap<object, PoolHost>();
  private preferred: PoolHost | undefined;

  private constructor(
    private readonly pool: Pool,
    readonly timings: RequestTimings,
  ) {}

  /** The member (host:port) a stream opened through this client runs on. */
  hostOf(stream: object): string | undefined {
    return this.streamHosts.get(stream)?.host;
  }

  /**
   * Whether the member a stream runs on still answers: a serializable read of `key`
   * alone, sent to that member on the stream's own channel. Any answer counts, a refusal
   * too ("alive" means the member's process and connection work); only silence until
   * `timeoutMs` or a broken connection is "silent". This, not a progress request, is
   * how a quiet stream is checked (docs/etcd-client-pitfalls.md, "Progress requests"):
   * etcd 3.4.38+, 3.5.22+ and 3.6.2+ leave a progress request unanswered while a watch
   * on the stream starts in the future (a watch "from now" on a quiet cluster), and
   * 3.5.13+ defer it while any watch on the stream is catching up. A serializable read
   * is answered by the member itself, without the raft leader, on every release, and a
   * user who may watch a range may read its first key.
   */
  async probeStreamMember(stream: object, key: Buffer, timeoutMs: number): Promise<'alive' | 'silent'> {
    const host = this.streamHosts.get(stream);
    if (!host) {
      return 'alive';
    }
    const attempt = this.attempt(host, 'KV', 'range', { key, limit: 1, keys_only: true, serializable: true }, Date.now() + timeoutMs);
    try {
      await attempt.result;
      return 'alive';
    } catch (err) {
      const kind = failureKindOfError(err);
      return kind === 'timed out' || kind === 'unavailable' || /DEADLINE_EXCEEDED|deadline exceeded|UNAVAILABLE/i.test(String(err)) ? 'silent' : 'alive';
    }
  }

  static install(etcd: Etcd3, timings: RequestTimings): RequestPolicy {
    const pool = poolOf(etcd);
    const policy = new RequestPolicy(pool, timings);
    pool.exec = (service, method, payload, options) => policy.exec(service, method, payload, options);
    pool.withConnection = (service, fn) => policy.withConnection(service, fn);
    pool.markFailed = (host, err) => policy.streamFailed(host, err);
    policies.set(etcd, policy);
    return policy;
  }

  /** The members in the order a call tries them: last good first, suspects last. */
  order(): PoolHost[] {
    const now = Date.now();
    const hosts = this.pool.hosts;
    const start = this.preferred ? hosts.indexOf(this.preferred) : 0;
    const rotated = [...hosts.slice(Math.max(start, 0)), ...hosts.slice(0, Math.max(start, 0))];
    const suspect = (h: PoolHost) => (this.suspectUntil.get(h) ?? 0) > now;
    return [...rotated.filter(h => !suspect(h)), ...rotated.filter(suspect)];
  }

  /** Steers later calls and streams away from `address` (host:port), e.g. a watch's stalled member. */
  suspect(address: string): void {
    const host = this.pool.hosts.find(h => h.host === address || address.endsWith(h.host));
    if (host) {
      this.markSuspect(host);
    }
  }

  private markSuspect(host: PoolHost): void {
    this.suspectUntil.set(host, Date.now() + SUSPECT_MS);
    if (this.preferred === host) {
      this.preferred = undefined;
    }
  }

  private markGood(host: PoolHost): void {
    this.suspectUntil.delete(host);
    this.preferred = host;
  }

  private exec(service: string, method: string, payload: unknown, options?: CallOptions): Promise<unknown> {
    const given = options?.deadline;
    const deadline = given instanceof Date ? given.getTime() : typeof given === 'number' ? given : Date.now() + this.timings.requestTimeoutMs;
    const budget = Math.max(deadline - Date.now(), 1);
    const idempotent = IDEMPOTENT.has(`${service}.${method}`) || isReadOnlyTxn(service, method, payload);
    const what = describeCall(service, method, payload);
    const hosts = this.order();
    return new Promise((resolve, reject) => {
      const running = new Set<Attempt>();
      const failures: Array<{ host: PoolHost; err: Error }> = [];
      let next = 0;
      let settled = false;
      let hedge: NodeJS.Timeout | undefined;
      const finish = (outcome: () => void) => {
        settled = true;
        clearInterval(hedge);
        running.forEach(a => a.cancel());
        outcome();
      };
      const launch = (): boolean => {
        if (next >= hosts.length || Date.now() >= deadline) {
          return false;
        }
        const host = hosts[next++];
        const attempt = this.attempt(host, service, method, payload, deadline);
        running.add(attempt);
        attempt.result.then(
          res => {
            running.delete(attempt);
            if (!settled) {
              this.markGood(host);
              // The members that were slower than this one are probably frozen.
              running.forEach(a => this.markSuspect(a.host));
              finish(() => resolve(res));
            }
          },
          (err: Error) => {
            running.delete(attempt);
            if (settled) {
              return;
            }
            if (!movesOn(err)) {
              finish(() => reject(err));
              return;
            }
            this.markSuspect(host);
            host.resetAllServices();
            failures.push({ host, err });
            const mayMoveOn = idempotent || neverSent(err);
            if ((mayMoveOn && launch()) || running.size > 0) {
              return;
            }
            if (
              idempotent &&
              failures.some(f => electing(f.err)) &&
              failures.every(f => electing(f.err) || neverSent(f.err)) &&
              deadline - Date.now() > ELECTION_RETRY_MS
            ) {
              // The members that answered said the cluster is choosing a leader (the leader
              // stopped, say; a stopped member refuses the connection): a read is asked again
              // when one is likely chosen, as etcd's own client retries a read on
              // "unavailable" until its deadline.
              setTimeout(() => {
                if (!settled) {
                  next = 0;
                  failures.length = 0;
                  if (!launch()) {
                    finish(() => reject(describeFailures([{ host, err }], what, budget)));
                  }
                }
              }, ELECTION_RETRY_MS);
              return;
            }
            finish(() => reject(describeFailures(failures, what, budget)));
          },
        );
        return true;
      };
      if (!launch()) {
        // Nothing was sent: the caller's deadline had passed already (or no member is known).
        const where = hosts[0]?.host;
        reject(new EtcdFailure('timed out', `${where ?? 'etcd'}: the deadline passed before ${what} was sent`, where));
        return;
      }
      if (idempotent && hosts.length > 1) {
        hedge = setInterval(() => settled || launch() || clearInterval(hedge), Math.max(budget / 4, 50));
      }
    });
  }

  private attempt(host: PoolHost, service: string, method: string, payload: unknown, deadline: number): Attempt {
    let call: ClientUnaryCall | undefined;
    let cancelled = false;
    const once = async (retryAuth: boolean): Promise<unknown> => {
      const metadata = await this.pool.authenticator.getMetadata();
      if (cancelled) {
        throw castGrpcError(new Error('1 CANCELLED: superseded'));
      }
      const client = host.getServiceClient(service);
      try {
        return await new Promise((resolve, reject) => {
          const done = (err: Error | null, res?: unknown) => (err ? reject(castGrpcError(err)) : resolve(res));
          call =
            payload instanceof RawRequest
              ? // Bytes in, bytes out on the same channel: the caller encodes and decodes (hot paths).
                client.makeUnaryRequest(
                  payload.path,
                  (b: Buffer) => b,
                  (b: Buffer) => b,
                  payload.bytes,
                  metadata,
                  { deadline },
                  done,
                )
              : client[method](payload, metadata, { deadline }, done);
        });
      } catch (err) {
        if (failureKindOfError(err) === 'invalid token' && retryAuth) {
          this.pool.authenticator.invalidateMetadata();
          return once(false);
        }
        throw err;
      }
    };
    return {
      host,
      result: once(true),
      cancel: () => {
        cancelled = true;
        call?.cancel();
      },
    };
  }

  /**
   * A unary call whose request and response the caller encodes and decodes itself, with
   * the same deadline, failover and hedging as every other call of `service.method`.
   */
  execRaw(service: string, method: string, request: RawRequest, options?: CallOptions): Promise<Buffer> {
    return this.exec(service, method, request, options) as Promise<Buffer>;
  }

  private async withConnection(service: string, fn: (args: ConnectionArgs) => unknown): Promise<unknown> {
    const metadata = await this.pool.authenticator.getMetadata();
    let lastError: unknown;
    for (const host of this.order()) {
      try {
        const client = host.getServiceClient(service);
        const stream = await fn({ resource: host, client, metadata: service === 'Watch' ? requireLeader(metadata) : metadata });
        if (typeof stream === 'object' && stream !== null) {
          this.streamHosts.set(stream, host);
        }
        return stream;
      } catch (err) {
        if (!movesOn(err as Error)) {
          throw err;
        }
        this.markSuspect(host);
        host.resetAllServices();
        lastError = err;
      }
    }
    throw castGrpcError(lastError as Error);
  }

  private streamFailed(host: PoolHost, err: Error): void {
    const cast = castGrpcError(err);
    if (movesOn(cast)) {
      this.markSuspect(host);
      host.resetAllServices();
    }
  }
}

interface Attempt {
  host: PoolHost;
  result: Promise<unknown>;
  cancel(): void;
}

/** Installs the policy on a new client (see RequestPolicy). */
export function applyRequestPolicy(etcd: Etcd3, timings: RequestTimings): Etcd3 {
  RequestPolicy.install(etcd, timings);
  return etcd;
}

/** The policy of a client built by createEtcd3, to steer it away from a stalled member. */
export function requestPolicyOf(etcd: Etcd3): RequestPolicy | undefined {
  return policies.get(etcd);
}

/**
 * A call encoded and decoded by the caller (RequestPolicy.execRaw) on a client built
 * by createEtcd3: the hand-coded messages of hot paths and of what etcd3 gets wrong.
 */
export function execRaw(etcd: Etcd3, service: string, method: string, request: RawRequest, options?: CallOptions): Promise<Buffer> {
  const policy = policies.get(etcd);
  if (!policy) {
    throw new Error(`${service}.${method} sent as bytes needs a client built by createEtcd3`);
  }
  return policy.execRaw(service, method, request, options);
}

/** A request already encoded, for RequestPolicy.execRaw; `key` names it in messages. */
export class RawRequest {
  constructor(
    readonly path: string,
    readonly bytes: Buffer,
    readonly key?: Buffer,
    readonly range_end?: Buffer,
    /** A transaction of reads only: as safe to send again as a range. */
    readonly readOnly = false,
  ) {}
}

/** etcd's WithRequireLeader: the member cancels the stream when it has no raft leader. */
function requireLeader(metadata: Metadata): Metadata {
  const copy = metadata.clone();
  copy.set('hasleader', 'true');
  return copy;
}

/**
 * A learner refuses every request but serializable reads and status: "rpc not supported
 * for learner", UNAVAILABLE up to etcd 3.5 and FAILED_PRECONDITION from 3.6, which etcd3
 * does not count as recoverable. Either way another member can answer, and nothing was done.
 */
function isLearnerRefusal(err: Error): boolean {
  return /rpc not supported for learner/i.test(err.message);
}

/** A failure another member may not have: try the next one. */
function movesOn(err: Error): boolean {
  return isRecoverableError(err) || isLearnerRefusal(err);
}

/** Errors that prove the request never reached etcd (or was refused unread), so a write may go elsewhere. */
function neverSent(err: Error): boolean {
  return /ECONNREFUSED|connection refused|No connection established|Waiting for LB pick/i.test(err.message) || isLearnerRefusal(err);
}

function isReadOnlyTxn(service: string, method: string, payload: unknown): boolean {
  if (service !== 'KV' || method !== 'txn') {
    return false;
  }
  if (payload instanceof RawRequest) {
    return payload.readOnly;
  }
  const txn = payload as { compare?: unknown[]; success?: Array<Record<string, unknown>>; failure?: Array<Record<string, unknown>> };
  const ops = [...(txn.success ?? []), ...(txn.failure ?? [])];
  return ops.every(op => op.request_range !== undefined && op.request_range !== null);
}

/** What a call was doing, in the words a timeout message needs. */
export function describeCall(service: string, method: string, payload: unknown): string {
  const key = (payload as { key?: Buffer } | undefined)?.key;
  const keyText = Buffer.isBuffer(key) ? keyToText(key) : undefined;
  switch (`${service}.${method}`) {
    case 'KV.range':
      return (payload as { range_end?: Buffer }).range_end ? `reading keys from ${keyText}` : `reading ${keyText}`;
    case 'KV.put':
      return `writing ${keyText}`;
    case 'KV.deleteRange':
      return `deleting ${keyText}`;
    case 'KV.txn':
      return 'a transaction';
    case 'Cluster.memberList':
      return 'listing members';
    case 'Maintenance.status':
      return 'reading member status';
    case 'Lease.leaseGrant':
      return 'granting a lease';
    case 'Lease.leaseRevoke':
      return 'revoking a lease';
    case 'Lease.leaseTimeToLive':
      return 'reading a lease';
    default:
      return `${service}.${method}`;
  }
}

function describeFailures(failures: Array<{ host: PoolHost; err: Error }>, what: string, budgetMs: number): Error {
  const timedOut = failures.filter(f => failureKindOfError(f.err) === 'timed out' || /DEADLINE_EXCEEDED|deadline exceeded/i.test(f.err.message));
  if (timedOut.length > 0 && timedOut.length === failures.length) {
    const where = timedOut.map(f => f.host.host).join(', ');
    return new EtcdFailure('timed out', `${where}: timed out after ${formatSeconds(budgetMs)} ${what}`, timedOut[0].host.host);
  }
  // Otherwise the last member's own error, classified (and placed) by the caller.
  return failures[failures.length - 1].err;
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

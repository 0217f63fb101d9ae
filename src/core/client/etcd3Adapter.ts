import type { CallOptions, ClientReadableStream, ClientUnaryCall, Metadata } from '@grpc/grpc-js';
import type { Etcd3 } from 'etcd3';

/**
 * Everything that reaches past etcd3's public API lives here, written for etcd3 1.1.2
 * (pinned exactly in package.json); test/unit/etcd3Adapter.test.ts fails when the
 * installed etcd3 no longer has these shapes. The one other dependency on its
 * internals is build-time: scripts/build.js rewrites how connection-pool.js loads
 * rpc.proto, and stops the build when that line changes.
 */
export const ETCD3_VERSION_WRITTEN_FOR = '1.1.2';

/** One member in etcd3's ConnectionPool (etcd3's Host). */
export interface PoolHost {
  readonly host: string;
  getServiceClient(service: string): ServiceClient;
  resetAllServices(): void;
}

type UnaryMethod = (payload: unknown, metadata: Metadata, options: CallOptions, callback: (err: Error | null, res: unknown) => void) => ClientUnaryCall;

/** grpc-js's Client.makeUnaryRequest, for requests encoded by the caller. */
type RawUnary = (
  path: string,
  serialize: (b: Buffer) => Buffer,
  deserialize: (b: Buffer) => Buffer,
  request: Buffer,
  metadata: Metadata,
  options: CallOptions,
  callback: (err: Error | null, res?: unknown) => void,
) => ClientUnaryCall;

/** grpc-js's Client.makeServerStreamRequest, for requests encoded and responses decoded by the caller. */
type RawServerStream = <T>(
  path: string,
  serialize: (b: Buffer) => Buffer,
  deserialize: (b: Buffer) => T,
  request: Buffer,
  metadata: Metadata,
  options: CallOptions,
) => ClientReadableStream<T>;

/** A grpc-js client for one etcd service on one member, with etcd3's generated methods. */
export type ServiceClient = Record<string, UnaryMethod> & { makeUnaryRequest: RawUnary; makeServerStreamRequest: RawServerStream };

export interface ConnectionArgs {
  resource: PoolHost;
  client: ServiceClient;
  metadata: Metadata;
}

/**
 * etcd3's ConnectionPool: every namespace of an Etcd3 client (kv, cluster, lease,
 * watch, maintenance) calls `exec` or `withConnection`, so replacing those on the one
 * pool object changes how every request is sent (client/requestPolicy.ts).
 */
export interface Pool {
  hosts: PoolHost[];
  authenticator: { getMetadata(): Promise<Metadata>; invalidateMetadata(): void };
  exec(service: string, method: string, payload: unknown, options?: CallOptions): Promise<unknown>;
  withConnection(service: string, fn: (args: ConnectionArgs) => unknown): Promise<unknown>;
  markFailed(resource: PoolHost, error: Error): void;
}

/** A changed etcd3: said at once, naming what is missing, rather than misbehaving later. */
export class Etcd3ShapeError extends Error {
  constructor(missing: string) {
    super(
      `The installed etcd3 has no ${missing}: ZTAP etcd Explorer drives etcd3 ${ETCD3_VERSION_WRITTEN_FOR}'s connection pool ` +
        '(src/core/client/etcd3Adapter.ts); install that version (npm ci) or update the adapter.',
    );
    this.name = 'Etcd3ShapeError';
  }
}

/** The client's connection pool, after checking it has every part this project drives. */
export function poolOf(etcd: Etcd3): Pool {
  const pool = (etcd as unknown as { pool?: Partial<Pool> }).pool;
  if (!pool || typeof pool !== 'object') {
    throw new Etcd3ShapeError('Etcd3.pool');
  }
  for (const method of ['exec', 'withConnection', 'markFailed'] as const) {
    if (typeof pool[method] !== 'function') {
      throw new Etcd3ShapeError(`ConnectionPool.${method}()`);
    }
  }
  if (!Array.isArray(pool.hosts) || pool.hosts.length === 0) {
    throw new Etcd3ShapeError('ConnectionPool.hosts');
  }
  for (const method of ['getServiceClient', 'resetAllServices'] as const) {
    if (typeof pool.hosts[0][method] !== 'function') {
      throw new Etcd3ShapeError(`Host.${method}()`);
    }
  }
  if (typeof pool.authenticator?.getMetadata !== 'function' || typeof pool.authenticator.invalidateMetadata !== 'function') {
    throw new Etcd3ShapeError('ConnectionPool.authenticator (getMetadata, invalidateMetadata)');
  }
  return pool as Pool;
}

/** Drops the client's auth token so the next call logs in again (streams keep theirs: docs/etcd-client-pitfalls.md). */
export function invalidateAuthToken(etcd: Etcd3): void {
  poolOf(etcd).authenticator.invalidateMetadata();
}

/**
 * etcd3's error classes, for an error that is of some class other than Error. Loaded
 * on that first need, not with this module: errors.ts imports this, every CLI command
 * imports errors.ts, and loading etcd3 is a large part of a start-up (and an error of its
 * classes exists only once etcd3 is loaded anyway).
 */
function etcd3Classes(err: unknown): typeof import('etcd3') | undefined {
  if (!(err instanceof Error) || err.constructor === Error) {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first need, as said above
  return require('etcd3') as typeof import('etcd3');
}

/** gRPC status codes this project tells apart (grpc-js's Status enum). */
const GRPC = { deadlineExceeded: 4, permissionDenied: 7, unavailable: 14, unauthenticated: 16 } as const;

/**
 * What kind of failure an error from etcd3 or grpc-js is, from its class or gRPC status
 * code; undefined when neither says (the caller then reads the message).
 */
export function failureKindOfError(err: unknown): 'authentication failed' | 'permission denied' | 'timed out' | 'unavailable' | 'invalid token' | undefined {
  const e = etcd3Classes(err);
  if (e) {
    if (err instanceof e.EtcdInvalidAuthTokenError) {
      return 'invalid token';
    }
    if (err instanceof e.EtcdAuthenticationFailedError || err instanceof e.GRPCUnauthenticatedError) {
      return 'authentication failed';
    }
    if (err instanceof e.EtcdPermissionDeniedError) {
      return 'permission denied';
    }
    if (err instanceof e.GRPCDeadlineExceededError) {
      return 'timed out';
    }
    if (err instanceof e.GRPCUnavailableError) {
      return 'unavailable';
    }
  }
  switch ((err as { code?: unknown } | null)?.code) {
    case GRPC.deadlineExceeded:
      return 'timed out';
    case GRPC.permissionDenied:
      return 'permission denied';
    case GRPC.unavailable:
      return 'unavailable';
    case GRPC.unauthenticated:
      return 'authentication failed';
    default:
      return undefined;
  }
}

const OUT_OF_RANGE = 11;

/**
 * etcd's "required revision has been compacted" (ErrGRPCCompacted): OUT_OF_RANGE, which
 * etcd also uses for a future revision, so the words tell the two apart.
 */
export function isCompactedError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // etcd3's castGrpcError keeps the class but drops the code; an error with neither is judged by its words.
  const e = etcd3Classes(err);
  const outOfRange = (e && err instanceof e.GRPCOutOfRangeError) || code === OUT_OF_RANGE || (code === undefined && !(e && err instanceof e.GRPCGenericError));
  return outOfRange && /required revision has been compacted/i.test(err instanceof Error ? err.message : String(err));
}

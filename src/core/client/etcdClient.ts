import { noop } from 'cockatiel';
import { Etcd3, IOptions } from 'etcd3';
import type { ConnectionConfig } from '../config/connectionConfig';
import { CHANNEL_OPTIONS } from './channelOptions';
import type { Endpoint } from '../config/endpoints';
import { applyRequestPolicy } from './requestPolicy';
import { readTlsCredentials } from './tlsCredentials';

/** grpc-go's floor for a client's keepalive time (etcdctl's --keepalive-time 2s becomes 10 s). */
const GRPC_MIN_KEEPALIVE_MS = 10_000;

/**
 * The one place that builds an etcd3 client from our config (the snapshot stream
 * has its own node:http2 channel with the same flow-control window: client/grpcChannel.ts).
 * Deadlines, failover between members and retries are the request policy's
 * (requestPolicy.ts), not etcd3's; gRPC keepalive pings drop a connection to a member
 * that stopped answering (a frozen process or a partition looks like that), as
 * etcdctl's --keepalive-time/--keepalive-timeout do.
 */
export function createEtcd3(
  config: ConnectionConfig,
  endpoints: readonly Endpoint[] = config.endpoints,
  { retries = true }: { retries?: boolean } = {},
): Etcd3 {
  const options: IOptions = {
    hosts: endpoints.map(e => e.url),
    grpcOptions: {
      ...CHANNEL_OPTIONS,
      // etcd refuses pings more often than every 5 s (--grpc-keepalive-min-time) with a
      // GOAWAY "too_many_pings" that drops every stream on the connection, and grpc-go
      // (so etcdctl) raises any keepalive time under 10 s to 10 s: so do we. Watches
      // check their member every keepaliveTimeMs themselves (prefixWatcher.ts), and
      // every request has its own deadline.
      'grpc.keepalive_time_ms': Math.max(config.keepaliveTimeMs, GRPC_MIN_KEEPALIVE_MS),
      'grpc.keepalive_timeout_ms': config.keepaliveTimeoutMs,
    },
    // The request policy retries (only what is safe to retry) and fails over itself.
    faultHandling: { global: noop, host: () => noop },
  };
  const credentials = readTlsCredentials(config.tls);
  if (credentials) {
    options.credentials = credentials;
  }
  if (config.username !== undefined) {
    options.auth = {
      username: config.username,
      password: config.password ?? '',
      // A function, so each token exchange gets a fresh dial deadline.
      callOptions: () => ({ deadline: Date.now() + config.dialTimeoutMs }),
    };
  }
  return applyRequestPolicy(new Etcd3(options), {
    requestTimeoutMs: retries ? config.requestTimeoutMs : Math.min(config.requestTimeoutMs, config.dialTimeoutMs),
    keepaliveTimeMs: config.keepaliveTimeMs,
    keepaliveTimeoutMs: config.keepaliveTimeoutMs,
  });
}

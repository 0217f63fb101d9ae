import { noop } from 'cockatiel';
import { Etcd3, IOptions } from 'etcd3';
import type { ConnectionConfig } from '../config/connectionConfig';
import { channelOptions } from './channelOptions';
import type { Endpoint } from '../config/endpoints';
import { applyRequestPolicy } from './requestPolicy';
import { readTlsCredentials } from './tlsCredentials';

/**
 * The one place that builds an etcd3 client from our config. One transport (grpc-js)
 * for every call, with one set of channel options (channelOptions.ts): the snapshot
 * stream has a bare grpc-js client of its own (snapshot/snapshotRpc.ts).
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
    grpcOptions: channelOptions(config),
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

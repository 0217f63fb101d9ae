import { noop } from 'cockatiel';
import { Etcd3, IOptions } from 'etcd3';
import type { ConnectionConfig } from '../config/connectionConfig';
import { CHANNEL_OPTIONS } from './channelOptions';
import type { Endpoint } from '../config/endpoints';
import { readTlsCredentials } from './tlsCredentials';

/** Unary calls that are not the dial check get this long; big ranges are paged, so it is ample. */
const REQUEST_TIMEOUT_FLOOR_MS = 30_000;

/**
 * The one place that builds an etcd3 client from our config (the snapshot stream
 * has its own node:http2 channel with the same flow-control window: client/grpcChannel.ts).
 */
export function createEtcd3(
  config: ConnectionConfig,
  endpoints: readonly Endpoint[] = config.endpoints,
  { retries = true }: { retries?: boolean } = {},
): Etcd3 {
  const requestTimeoutMs = Math.max(REQUEST_TIMEOUT_FLOOR_MS, config.dialTimeoutMs * 6);
  const options: IOptions = {
    hosts: endpoints.map(e => e.url),
    grpcOptions: { ...CHANNEL_OPTIONS } as IOptions['grpcOptions'],
    // Streams (watch, keepalive) must not get a deadline; unary calls must.
    defaultCallOptions: ctx => (ctx.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
  };
  if (!retries) {
    // A probe of one endpoint wants that endpoint's first answer: etcd3's retry and
    // circuit breaker would replace "connection refused" with a vaguer later error.
    options.faultHandling = { global: noop, host: () => noop };
  }
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
  return new Etcd3(options);
}

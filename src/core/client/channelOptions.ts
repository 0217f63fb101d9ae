import type { ChannelOptions } from '@grpc/grpc-js';
import type { ConnectionConfig } from '../config/connectionConfig';

/**
 * HTTP/2's default 64 KiB window makes big streams (snapshots, 200,000-key listings,
 * watch bursts) wait a round trip every 64 KiB; etcdctl's Go client uses far larger
 * windows.
 */
export const FLOW_CONTROL_WINDOW = 8 * 1024 * 1024;

/** grpc-go's floor for a client's keepalive time (etcdctl's --keepalive-time 2s becomes 10 s). */
const GRPC_MIN_KEEPALIVE_MS = 10_000;

/** The grpc-js channel options of every channel to etcd: the etcd3 clients' and the snapshot stream's. */
export function channelOptions(config: ConnectionConfig): ChannelOptions {
  return {
    // grpc-js refuses responses over 4 MiB by default, which a 200,000-key listing
    // exceeds (docs/etcd-client-pitfalls.md): the receive limit is lifted and ranges are paged.
    'grpc.max_receive_message_length': -1,
    'grpc.max_send_message_length': 16 * 1024 * 1024,
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
    // etcd refuses pings more often than every 5 s (--grpc-keepalive-min-time) with a
    // GOAWAY "too_many_pings" that drops every stream on the connection, and grpc-go
    // (so etcdctl) raises any keepalive time under 10 s to 10 s: so do we. Watches
    // check their member every keepaliveTimeMs themselves (prefixWatcher.ts), and
    // every request has its own deadline.
    'grpc.keepalive_time_ms': Math.max(config.keepaliveTimeMs, GRPC_MIN_KEEPALIVE_MS),
    'grpc.keepalive_timeout_ms': config.keepaliveTimeoutMs,
  };
}

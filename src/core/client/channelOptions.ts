/**
 * HTTP/2's default 64 KiB window makes big streams (snapshots, 200,000-key listings,
 * watch bursts) wait a round trip every 64 KiB; etcdctl's Go client uses far larger
 * windows. Shared by the etcd3 clients (grpc-js) and the snapshot channel (node:http2).
 */
export const FLOW_CONTROL_WINDOW = 8 * 1024 * 1024;

/** The grpc-js channel options every etcd3 client uses. */
export const CHANNEL_OPTIONS = {
  // grpc-js refuses responses over 4 MiB by default, which a 200,000-key listing
  // exceeds (pitfalls doc): the receive limit is lifted and ranges are paged.
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': 16 * 1024 * 1024,
  'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
} as const;

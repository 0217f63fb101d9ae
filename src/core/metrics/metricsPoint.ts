import { leaderChangesIn } from './counters';
import { windowQuantile } from './histogram';
import type { Scrape } from './metricsWarnings';
import { Sample, total } from './prometheusText';

/**
 * What the dashboard charts of one member at one scrape: gauges as read, counters as a
 * rate since the scrape before, histograms as the p99 of that interval (from the
 * buckets' deltas). `null` where the member does not report it (or, for a rate, where
 * there is no scrape before, or the member restarted in between).
 */
export interface MetricsPoint {
  at: number;
  hasLeader: number | null;
  /** Leader changes in the last 15 minutes, as the warning counts them. */
  leaderChanges: number | null;
  walFsyncP99: number | null;
  backendCommitP99: number | null;
  committedPerSecond: number | null;
  appliedPerSecond: number | null;
  pending: number | null;
  failedPerSecond: number | null;
  peerRoundTripP99: number | null;
  grpcFailedPerSecond: number | null;
  watchStreams: number | null;
  watchers: number | null;
  dbTotal: number | null;
  dbInUse: number | null;
  /** etcd 3.5+ reports its quota; otherwise null. */
  quota: number | null;
  /** The cluster's leases alive (the same for every member: no metric counts them). */
  leases: number | null;
}

/** gRPC codes etcd's monitoring mixin counts as failed requests (not Canceled, NotFound...: those are normal). */
const FAILED_CODES = new Set(['Unknown', 'FailedPrecondition', 'ResourceExhausted', 'Internal', 'Unavailable', 'DataLoss', 'DeadlineExceeded']);
const GRPC_HANDLED = 'grpc_server_handled_total';
/** The failed requests, summed into one sample per scrape (etcd serves hundreds of grpc_server_handled_total lines). */
const GRPC_FAILED = 'ztap_grpc_failed_total';

const KEPT = new Set([
  'etcd_server_id',
  'process_start_time_seconds',
  'etcd_server_has_leader',
  'etcd_server_leader_changes_seen_total',
  'etcd_disk_wal_fsync_duration_seconds_bucket',
  'etcd_disk_backend_commit_duration_seconds_bucket',
  'etcd_server_proposals_committed_total',
  'etcd_server_proposals_applied_total',
  'etcd_server_proposals_pending',
  'etcd_server_proposals_failed_total',
  'etcd_network_peer_round_trip_time_seconds_bucket',
  'etcd_debugging_mvcc_watch_stream_total',
  'etcd_debugging_mvcc_watcher_total',
  'etcd_mvcc_db_total_size_in_bytes',
  'etcd_debugging_mvcc_db_total_size_in_bytes',
  'etcd_mvcc_db_total_size_in_use_in_bytes',
  'etcd_server_quota_backend_bytes',
]);

/**
 * The samples the charts and warnings use, out of the ~1,700 etcd serves: a poll keeps
 * 15 minutes of scrapes per member, so it keeps only these (the failed gRPC requests
 * summed into one).
 */
export function keepCharted(samples: readonly Sample[]): Sample[] {
  let failed = 0;
  const kept: Sample[] = [];
  for (const s of samples) {
    if (KEPT.has(s.name)) {
      kept.push(s);
    } else if (s.name === GRPC_HANDLED && FAILED_CODES.has(s.labels.grpc_code ?? '')) {
      failed += s.value;
    }
  }
  kept.push({ name: GRPC_FAILED, labels: {}, value: failed });
  return kept;
}

/** The member a scrape came from, by the hex ID etcd labels `etcd_server_id` with. */
export function serverIdOf(samples: readonly Sample[]): string | undefined {
  return samples.find(s => s.name === 'etcd_server_id')?.labels.server_id;
}

/** The point of `current`, given the scrapes of the window before it (oldest first). */
export function metricsPoint(window: readonly Scrape[], current: Scrape, windowMs: number): MetricsPoint {
  const previous = window[window.length - 1];
  const now = (name: string) => total(current.samples, name) ?? null;
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const rate = (name: string) => {
    const before = previous && total(previous.samples, name);
    const after = total(current.samples, name);
    return before === undefined || after === undefined || after < before || seconds <= 0 ? null : (after - before) / seconds;
  };
  const p99 = (name: string) => (previous ? (windowQuantile(0.99, name, previous.samples, current.samples) ?? null) : null);
  return {
    at: current.at,
    hasLeader: now('etcd_server_has_leader'),
    leaderChanges: leaderChangesIn([...window, current], windowMs) ?? null,
    walFsyncP99: p99('etcd_disk_wal_fsync_duration_seconds'),
    backendCommitP99: p99('etcd_disk_backend_commit_duration_seconds'),
    committedPerSecond: rate('etcd_server_proposals_committed_total'),
    appliedPerSecond: rate('etcd_server_proposals_applied_total'),
    pending: now('etcd_server_proposals_pending'),
    failedPerSecond: rate('etcd_server_proposals_failed_total'),
    peerRoundTripP99: p99('etcd_network_peer_round_trip_time_seconds'),
    grpcFailedPerSecond: rate(GRPC_FAILED),
    watchStreams: now('etcd_debugging_mvcc_watch_stream_total'),
    watchers: now('etcd_debugging_mvcc_watcher_total'),
    dbTotal: now('etcd_mvcc_db_total_size_in_bytes') ?? now('etcd_debugging_mvcc_db_total_size_in_bytes'),
    dbInUse: now('etcd_mvcc_db_total_size_in_use_in_bytes'),
    quota: now('etcd_server_quota_backend_bytes'),
    leases: null,
  };
}

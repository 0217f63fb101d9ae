import { increase, leaderChangesIn } from './counters';
import { windowQuantile } from './histogram';
import { Sample, total } from './prometheusText';

/** One member's scrape: when, and what it said. */
export interface Scrape {
  at: number;
  samples: readonly Sample[];
}

export interface MetricsWarning {
  severity: 'warning' | 'critical';
  /** Stable names for scripts and tests. */
  code: 'no-leader' | 'leader-churn' | 'failed-proposals' | 'wal-fsync' | 'backend-commit' | 'db-quota' | 'fragmented';
  message: string;
}

/** The window etcd's monitoring mixin judges over. */
export const WINDOW_MS = 15 * 60_000;
const MB = 1024 * 1024;
/** etcd's default --quota-backend-bytes. */
export const DEFAULT_QUOTA = 2 * 1024 * MB;

const mib = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MiB`;
const seconds = (s: number) => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`);

/**
 * The warnings of one member over its scrapes of the last 15 minutes (oldest first),
 * with the thresholds of etcd's monitoring mixin: no leader; 4 or more leader changes;
 * failed proposals above 5 a second; WAL fsync p99 above 0.5 s (critical above 1 s);
 * backend commit p99 above 0.25 s; the database above 80% of its quota (critical 95%);
 * and, beyond the mixin, more than half the file unused with over 100 MB in use (a
 * defragmentation would give space back). `quota` is etcd's when the metrics do not say
 * it (status on 3.6+, or the configured one); without either, 2 GiB, said to be assumed.
 */
export function metricsWarnings(scrapes: readonly Scrape[], quota?: number): MetricsWarning[] {
  if (scrapes.length === 0) {
    return [];
  }
  const latest = scrapes[scrapes.length - 1];
  const first = scrapes.find(s => s.at >= latest.at - WINDOW_MS) ?? latest;
  const warnings: MetricsWarning[] = [];
  const now = (name: string) => total(latest.samples, name);
  if (now('etcd_server_has_leader') === 0) {
    warnings.push({
      severity: 'critical',
      code: 'no-leader',
      message: 'no leader: this member sees no raft leader, so it serves no writes and no linearizable reads',
    });
  }
  const changes = leaderChangesIn(scrapes.slice(scrapes.indexOf(first)), WINDOW_MS);
  if (changes !== undefined && changes >= 4) {
    warnings.push({
      severity: 'warning',
      code: 'leader-churn',
      message: `${changes} leader changes in the last 15 minutes: look for slow disks, a busy CPU or network trouble between members`,
    });
  }
  const failed = increase(scrapes.slice(scrapes.indexOf(first)), 'etcd_server_proposals_failed_total');
  const span = (latest.at - first.at) / 1000;
  if (failed !== undefined && span > 0 && failed / span > 5) {
    warnings.push({
      severity: 'warning',
      code: 'failed-proposals',
      message: `${(failed / span).toFixed(1)} failed proposals a second: leader elections or lost quorum`,
    });
  }
  const fsync = windowQuantile(0.99, 'etcd_disk_wal_fsync_duration_seconds', first.samples, latest.samples);
  if (fsync !== undefined && fsync > 0.5) {
    warnings.push({
      severity: fsync > 1 ? 'critical' : 'warning',
      code: 'wal-fsync',
      message: `WAL fsync p99 ${seconds(fsync)} (over 0.5 s): the disk is too slow for etcd`,
    });
  }
  const commit = windowQuantile(0.99, 'etcd_disk_backend_commit_duration_seconds', first.samples, latest.samples);
  if (commit !== undefined && commit > 0.25) {
    warnings.push({
      severity: 'warning',
      code: 'backend-commit',
      message: `backend commit p99 ${seconds(commit)} (over 0.25 s): the disk is too slow for etcd`,
    });
  }
  const size = now('etcd_mvcc_db_total_size_in_bytes') ?? now('etcd_debugging_mvcc_db_total_size_in_bytes');
  const reported = now('etcd_server_quota_backend_bytes');
  const limit = reported ?? quota ?? DEFAULT_QUOTA;
  if (size !== undefined && size / limit > 0.8) {
    const assumed = reported === undefined && quota === undefined ? ' (assumed: etcd did not say its quota)' : '';
    warnings.push({
      severity: size / limit > 0.95 ? 'critical' : 'warning',
      code: 'db-quota',
      message: `the database is ${Math.round((100 * size) / limit)}% of its quota: ${mib(size)} of ${mib(limit)}${assumed}; at 100% etcd refuses writes (NOSPACE): compact and defragment`,
    });
  }
  const inUse = now('etcd_mvcc_db_total_size_in_use_in_bytes');
  if (size !== undefined && inUse !== undefined && inUse > 100 * MB && inUse < size / 2) {
    warnings.push({
      severity: 'warning',
      code: 'fragmented',
      message: `only ${mib(inUse)} of the ${mib(size)} file is in use: defragmenting gives back ${mib(size - inUse)}`,
    });
  }
  return warnings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
}

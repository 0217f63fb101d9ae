import * as assert from 'assert';
import { metricsWarnings, Scrape } from '../../src/core/metrics/metricsWarnings';
import { parsePrometheusText } from '../../src/core/metrics/prometheusText';

const MB = 1024 * 1024;

/** A scrape at minute `minute` with the gauges and counters given, and the two disk histograms' buckets. */
function scrape(minute: number, values: Record<string, number>, fsync: number[] = [0, 0, 0, 0, 0], commit: number[] = [0, 0, 0, 0, 0]): Scrape {
  const hist = (name: string, counts: number[]) => ['0.1', '0.5', '1', '2', '+Inf'].map((le, i) => `${name}_bucket{le="${le}"} ${counts[i]}`);
  const text = [
    ...Object.entries(values).map(([k, v]) => `${k} ${v}`),
    ...hist('etcd_disk_wal_fsync_duration_seconds', fsync),
    ...hist('etcd_disk_backend_commit_duration_seconds', commit),
  ].join('\n');
  return { at: minute * 60_000, samples: parsePrometheusText(text) };
}

const codes = (scrapes: Scrape[], quota?: number) => metricsWarnings(scrapes, quota).map(w => `${w.severity} ${w.code}`);
const healthy = {
  etcd_server_has_leader: 1,
  etcd_server_leader_changes_seen_total: 1,
  etcd_server_proposals_failed_total: 0,
  etcd_mvcc_db_total_size_in_bytes: 20 * MB,
  etcd_mvcc_db_total_size_in_use_in_bytes: 15 * MB,
};

describe("metrics warnings with etcd's monitoring thresholds", () => {
  it('a healthy member has none', () => {
    assert.deepStrictEqual(codes([scrape(0, healthy), scrape(5, healthy)]), []);
  });

  it('no leader is critical; 4 leader changes within 15 minutes warn, 4 spread over longer do not', () => {
    assert.deepStrictEqual(codes([scrape(0, { ...healthy, etcd_server_has_leader: 0 })]), ['critical no-leader']);
    assert.deepStrictEqual(codes([scrape(0, healthy), scrape(10, { ...healthy, etcd_server_leader_changes_seen_total: 5 })]), ['warning leader-churn']);
    assert.deepStrictEqual(
      codes([
        scrape(0, healthy),
        scrape(10, { ...healthy, etcd_server_leader_changes_seen_total: 3 }),
        scrape(26, { ...healthy, etcd_server_leader_changes_seen_total: 5 }),
      ]),
      [],
    );
  });

  it('a member restarted in the window counts its changes before and after (a counter that drops starts again from 0)', () => {
    const churn = [1, 3, 1, 2].map((n, i) => scrape(i, { ...healthy, etcd_server_leader_changes_seen_total: n }));
    // 1→3: 2 changes; restart, 1 seen since; 1→2: 1 more.
    assert.deepStrictEqual(codes(churn), ['warning leader-churn']);
    assert.deepStrictEqual(codes(churn.slice(0, 3)), []);
  });

  it('one scrape of a member started within 15 minutes counts every change since it started, the first leader it found excepted', () => {
    const startedAt = (minute: number) => ({ process_start_time_seconds: (minute * 60_000) / 1000 });
    const single = (changes: number, started: number) => [scrape(20, { ...healthy, ...startedAt(started), etcd_server_leader_changes_seen_total: changes })];
    assert.deepStrictEqual(codes(single(5, 10)), ['warning leader-churn']);
    assert.deepStrictEqual(codes(single(4, 10)), []);
    // Started 20 minutes before: its total may hold changes from before the window.
    assert.deepStrictEqual(codes(single(9, 0)), []);
    assert.match(metricsWarnings(single(5, 10))[0].message, /^4 leader changes in the last 15 minutes/);
  });

  it('failed proposals above 5 a second over the window warn', () => {
    assert.deepStrictEqual(codes([scrape(0, healthy), scrape(1, { ...healthy, etcd_server_proposals_failed_total: 400 })]), ['warning failed-proposals']);
    assert.deepStrictEqual(codes([scrape(0, healthy), scrape(1, { ...healthy, etcd_server_proposals_failed_total: 200 })]), []);
  });

  it("disk latency from the window's buckets: WAL fsync p99 above 0.5 s warns, above 1 s is critical; commit above 0.25 s warns", () => {
    const before = scrape(0, healthy, [1000, 1000, 1000, 1000, 1000], [1000, 1000, 1000, 1000, 1000]);
    const after = (fsync: number[], commit: number[]) => codes([before, scrape(1, healthy, fsync, commit)]);
    assert.deepStrictEqual(after([1000, 1000, 1100, 1100, 1100], [1000, 1000, 1000, 1000, 1000]), ['warning wal-fsync']);
    assert.deepStrictEqual(after([1000, 1000, 1000, 1100, 1100], [1000, 1000, 1000, 1000, 1000]), ['critical wal-fsync']);
    assert.deepStrictEqual(after([1000, 1000, 1000, 1000, 1000], [1000, 1100, 1100, 1100, 1100]), ['warning backend-commit']);
    // Slow once long ago, fast in the window: nothing.
    assert.deepStrictEqual(after([1100, 1100, 1100, 1100, 1100], [1100, 1100, 1100, 1100, 1100]), []);
  });

  it("the database against its quota: etcd's when reported, the one given, else 2 GiB said to be assumed", () => {
    const full = { ...healthy, etcd_mvcc_db_total_size_in_bytes: 85 * MB, etcd_mvcc_db_total_size_in_use_in_bytes: 80 * MB };
    assert.deepStrictEqual(codes([scrape(0, { ...full, etcd_server_quota_backend_bytes: 100 * MB })]), ['warning db-quota']);
    assert.deepStrictEqual(codes([scrape(0, { ...full, etcd_server_quota_backend_bytes: 88 * MB })]), ['critical db-quota']);
    assert.deepStrictEqual(codes([scrape(0, full)], 100 * MB), ['warning db-quota']);
    assert.deepStrictEqual(codes([scrape(0, full)]), []);
    const big = { ...healthy, etcd_mvcc_db_total_size_in_bytes: 1800 * MB, etcd_mvcc_db_total_size_in_use_in_bytes: 1700 * MB };
    assert.match(metricsWarnings([scrape(0, big)])[0].message, /88% of its quota: 1800 MiB of 2048 MiB \(assumed: etcd did not say its quota\)/);
  });

  it('more than half the file unused, over 100 MB in use: a defragmentation would give back the difference', () => {
    const warnings = metricsWarnings([
      scrape(0, { ...healthy, etcd_mvcc_db_total_size_in_bytes: 500 * MB, etcd_mvcc_db_total_size_in_use_in_bytes: 200 * MB }),
    ]);
    assert.deepStrictEqual(
      warnings.map(w => w.message),
      ['only 200 MiB of the 500 MiB file is in use: defragmenting gives back 300 MiB'],
    );
  });
});

import * as assert from 'assert';
import { keepCharted, metricsPoint } from '../../src/core/metrics/metricsPoint';
import { parsePrometheusText } from '../../src/core/metrics/prometheusText';

const at = (seconds: number, lines: string[]) => ({ at: seconds * 1000, samples: keepCharted(parsePrometheusText(lines.join('\n'))) });
const grpc = (code: string, n: number) =>
  `grpc_server_handled_total{grpc_code="${code}",grpc_method="Range",grpc_service="etcdserverpb.KV",grpc_type="unary"} ${n}`;

describe('metrics points: what the dashboard charts of a scrape', () => {
  it("keeps only the charted samples, the mixin's failed gRPC codes summed into one", () => {
    const kept = keepCharted(
      parsePrometheusText([grpc('OK', 100), grpc('Unavailable', 3), grpc('Canceled', 7), grpc('DeadlineExceeded', 2), 'go_goroutines 50'].join('\n')),
    );
    assert.deepStrictEqual(
      kept.map(s => `${s.name} ${s.value}`),
      ['ztap_grpc_failed_total 5'],
    );
  });

  it('counters become rates since the scrape before; none for the first scrape or across a restart', () => {
    const first = at(0, ['etcd_server_proposals_committed_total 100', grpc('Internal', 0), 'etcd_server_has_leader 1']);
    const second = at(5, ['etcd_server_proposals_committed_total 150', grpc('Internal', 10), 'etcd_server_has_leader 1']);
    const restarted = at(10, ['etcd_server_proposals_committed_total 3', grpc('Internal', 0), 'etcd_server_has_leader 0']);
    assert.strictEqual(metricsPoint([], first, 900_000).committedPerSecond, null);
    const p = metricsPoint([first], second, 900_000);
    assert.strictEqual(p.committedPerSecond, 10);
    assert.strictEqual(p.grpcFailedPerSecond, 2);
    assert.strictEqual(p.hasLeader, 1);
    assert.strictEqual(p.quota, null);
    const r = metricsPoint([first, second], restarted, 900_000);
    assert.strictEqual(r.committedPerSecond, null);
    assert.strictEqual(r.hasLeader, 0);
  });

  it("histograms become the interval's p99 from the buckets' deltas, not the totals since start", () => {
    const hist = (counts: number[]) =>
      ['0.001', '0.01', '0.1', '+Inf'].map((le, i) => `etcd_disk_backend_commit_duration_seconds_bucket{le="${le}"} ${counts[i]}`);
    // Since start: 1,000 slow commits. In the interval: 100 fast ones only.
    const before = at(0, hist([0, 0, 1000, 1000]));
    const after = at(5, hist([100, 100, 1100, 1100]));
    const p99 = metricsPoint([before], after, 900_000).backendCommitP99!;
    assert.ok(p99 <= 0.001, String(p99));
  });
});

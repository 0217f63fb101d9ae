import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { windowQuantile } from '../../src/core/metrics/histogram';
import { readMetrics } from '../../src/core/metrics/metricsReader';
import { samplesOf, total } from '../../src/core/metrics/prometheusText';
import { useEtcd } from '../support/etcdFixture';

describe("etcd's /metrics, read and parsed (real etcd)", function () {
  this.timeout(60_000);
  const cluster = useEtcd({ members: 1 });

  it("parses every line of the release's real output: the guide's three metrics, and a write window's WAL fsync p99", async () => {
    const url = cluster().endpoints[0];
    const before = await readMetrics(url, 5000);
    assert.ok(before.length > 500, `${before.length} samples`);
    assert.strictEqual(total(before, 'etcd_server_has_leader'), 1);
    assert.ok(total(before, 'etcd_server_leader_changes_seen_total')! >= 1);
    assert.ok(samplesOf(before, 'etcd_disk_backend_commit_duration_seconds_bucket').some(s => s.labels.le === '+Inf'));
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    try {
      for (let i = 0; i < 50; i++) {
        await etcd.put(`/metrics/${i}`).value('x');
      }
    } finally {
      etcd.close();
    }
    const after = await readMetrics(`${url}/metrics`, 5000);
    const p99 = windowQuantile(0.99, 'etcd_disk_wal_fsync_duration_seconds', before, after);
    assert.ok(p99 !== undefined && p99 > 0 && p99 < 10, `WAL fsync p99 ${p99}`);
    assert.ok(total(after, 'etcd_server_proposals_committed_total')! >= total(before, 'etcd_server_proposals_committed_total')! + 50);
  });

  it('a member that does not answer is one line saying why', async () => {
    await assert.rejects(readMetrics('http://127.0.0.1:1', 2000), /^Error: http:\/\/127\.0\.0\.1:1\/metrics: connect ECONNREFUSED/);
  });
});

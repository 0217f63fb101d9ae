import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { windowQuantile } from '../../src/core/metrics/histogram';
import { readMetrics } from '../../src/core/metrics/metricsReader';
import { samplesOf, total } from '../../src/core/metrics/prometheusText';
import { metricsWarnings, MetricsWarning } from '../../src/core/metrics/metricsWarnings';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { SMALL_QUOTA_ARGS } from '../support/fillQuota';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';
import { parseJson, runCli } from '../support/runCli';

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

  it('a database filled past 80% of a small quota raises the quota warning from the real metrics', async function () {
    const small = await LocalEtcdCluster.start({ members: 1, extraArgs: SMALL_QUOTA_ARGS });
    const etcd = createEtcd3(resolveConnection({ endpoints: small.endpoints }, {}));
    try {
      const url = small.endpoints[0];
      assert.deepStrictEqual(
        metricsWarnings([{ at: Date.now(), samples: await readMetrics(url, 5000) }]).map(w => w.code),
        [],
      );
      // bbolt grows its file in steps and etcd reports the size after a commit: written in
      // small values until the warning shows or etcd refuses a write (then read once more).
      const value = Buffer.alloc(30 * 1024, 7);
      const warningsNow = async () => metricsWarnings([{ at: Date.now(), samples: await readMetrics(url, 5000) }]);
      let warnings: MetricsWarning[] = [];
      for (let i = 0; i < 200 && !warnings.some(w => w.code === 'db-quota'); i++) {
        const refused = await etcd
          .put(`/fill/${i}`)
          .value(value)
          .exec()
          .then(
            () => false,
            () => true,
          );
        warnings = await warningsNow();
        if (refused) {
          break;
        }
      }
      const quota = await eventually(async () => (await warningsNow()).find(w => w.code === 'db-quota'), 10_000, 'the quota warning');
      const [, percent] = /the database is (\d+)% of its quota: .* of 2\.0 MiB; at 100% etcd refuses writes/.exec(quota.message) ?? [];
      // The message rounds: just past 80% reads "80%".
      assert.ok(Number(percent) >= 80, quota.message);
      if (Number(percent) !== 95) {
        assert.strictEqual(quota.severity, Number(percent) > 95 ? 'critical' : 'warning', quota.message);
      }
      const run = await runCli(['diagnose', '--json', '--endpoints', small.endpoints[0]]);
      assert.strictEqual(run.code, 1, run.stdout + run.stderr);
      const findings = parseJson<{ findings: Array<{ title: string; severity: string }> }>(run).findings;
      assert.ok(
        findings.some(f => /: the database is \d+% of its quota$/.test(f.title) && f.severity !== 'info'),
        findings.map(f => f.title).join('\n'),
      );
    } finally {
      etcd.close();
      await small.stop();
    }
  });
});

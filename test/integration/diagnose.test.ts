import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { idToHex } from '../../src/core/cluster/ids';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { compareMembers } from '../../src/core/diagnose/findings';
import { viewMember } from '../../src/core/diagnose/memberView';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { useEtcd } from '../support/etcdFixture';
import { fillUntilNoSpace, SMALL_QUOTA_ARGS } from '../support/fillQuota';
import { whileFrozen } from '../support/freeze';
import { parseJson, runCli } from '../support/runCli';

interface Report {
  healthy: boolean;
  findings: Array<{ severity: string; title: string; detail: string }>;
}

describe('diagnose: one report of findings, worst first (real etcd)', function () {
  this.timeout(120_000);
  const cluster = useEtcd({ members: 3 });
  const diagnose = (endpoints: string[], extra: string[] = []) => runCli(['diagnose', '--json', '--endpoints', endpoints.join(','), ...extra]);

  it('a healthy 3-member cluster: exit 0, the members agree, HashKV equal on all three, no alarms', async () => {
    const run = await diagnose(cluster().endpoints);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    const report = parseJson<Report>(run);
    assert.strictEqual(report.healthy, true);
    const titles = report.findings.map(f => f.title);
    assert.ok(titles.includes('every member that answers lists the same members'), titles.join('\n'));
    assert.ok(
      titles.some(t => /^the members hold the same data \(HashKV equal at revision \d+\)$/.test(t)),
      titles.join('\n'),
    );
    assert.ok(titles.includes('no alarms'));
    // HashKV's compact_revision is -1 before any compaction (an int64, not a uint64).
    assert.ok(
      titles.some(t => /^never compacted: [1-9]\d* revisions of history kept$/.test(t)),
      titles.join('\n'),
    );
    assert.ok(!report.findings.some(f => f.severity === 'critical' || f.severity === 'warning'));
  });

  it("HashKV: the check's own answers from the three members agree; one changed, the mismatch is the critical finding (a real mismatch needs a damaged member)", async () => {
    const config = resolveConnection({ endpoints: cluster().endpoints }, {});
    const etcd = createEtcd3(config);
    try {
      const revision = (await etcd.kv.range({ key: Buffer.from('x'), count_only: true })).header.revision;
      const list = (await etcd.cluster.memberList({})).members;
      const views = await Promise.all(
        list.map(m => viewMember(config, { id: idToHex(m.ID), name: m.name, clientURLs: m.clientURLs, isLearner: m.isLearner }, revision, 5000)),
      );
      assert.strictEqual(new Set(views.map(v => v.hash?.hash)).size, 1);
      const ids = views.map(v => v.id);
      assert.ok(!compareMembers(views, ids).some(f => f.severity === 'critical'));
      const damaged = views.map((v, i) => (i === 1 ? { ...v, hash: { ...v.hash!, hash: v.hash!.hash + 1 } } : v));
      const [first] = compareMembers(damaged, ids).filter(f => f.severity === 'critical');
      assert.strictEqual(first.title, 'the members hold different data (HashKV differs at one revision)');
    } finally {
      etcd.close();
    }
  });

  it('a frozen member is a finding (exit 1), and the report still ends within the request timeout', async () => {
    await whileFrozen(cluster(), 2, async () => {
      const started = Date.now();
      const run = await diagnose(cluster().endpoints.slice(0, 2), ['--command-timeout', '3s']);
      const took = Date.now() - started;
      assert.strictEqual(run.code, 1, run.stderr);
      const report = parseJson<Report>(run);
      const frozen = report.findings.find(f => f.title === `${cluster().members[2].name} does not answer`);
      assert.ok(frozen, report.findings.map(f => f.title).join('\n'));
      assert.strictEqual(frozen.severity, 'critical');
      assert.strictEqual(report.findings[0].severity, 'critical'); // worst first
      assert.ok(took < 3000 * 3 + 3000, `took ${took} ms`);
    });
  });

  it('a NOSPACE alarm is a critical finding, exit 1', async () => {
    const small = await LocalEtcdCluster.start({ members: 1, extraArgs: SMALL_QUOTA_ARGS });
    const etcd = createEtcd3(resolveConnection({ endpoints: small.endpoints }, {}));
    try {
      await fillUntilNoSpace(etcd);
      const run = await diagnose(small.endpoints);
      assert.strictEqual(run.code, 1);
      const report = parseJson<Report>(run);
      assert.strictEqual(report.findings[0].severity, 'critical');
      assert.ok(
        report.findings.some(f => /^NOSPACE alarm on member [0-9a-f]+$/.test(f.title)),
        report.findings.map(f => f.title).join('\n'),
      );
    } finally {
      etcd.close();
      await small.stop();
    }
  });
});

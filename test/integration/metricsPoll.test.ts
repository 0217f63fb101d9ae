import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { loadMembers, MemberInfo } from '../../src/core/cluster/members';
import { moveLeader } from '../../src/core/cluster/memberChanges';
import { ConnectionConfig, resolveConnection } from '../../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { MemberMetrics, MetricsPoll, metricsTargets } from '../../src/core/metrics/metricsPoll';
import { eventually } from '../support/eventually';
import { freePort } from '../../src/core/local/freePort';
import { parseJson, runCli } from '../support/runCli';

interface Report {
  healthy: boolean;
  findings: Array<{ severity: string; title: string; detail: string }>;
}

const MiB = 1024 * 1024;

/** A poll of every member (as listed when it starts), every `everyMs`. */
async function pollOf(config: ConnectionConfig, everyMs: number, metricsUrls: string[] = []): Promise<{ poll: MetricsPoll; members: MemberInfo[] }> {
  const etcd = createEtcd3(config);
  try {
    const { members } = await loadMembers(etcd, config);
    return { poll: new MetricsPoll(async () => metricsTargets(metricsUrls, members), { everyMs, timeoutMs: 2000 }), members };
  } finally {
    etcd.close();
  }
}

const diagnose = (endpoints: string[]) => runCli(['diagnose', '--json', '--endpoints', endpoints.join(',')]);
const codes = (members: readonly MemberMetrics[]) => members.map(m => `${m.name}: ${m.warnings.map(w => w.code).join(',')}`).join('; ');

describe('the metrics poll and its warnings, made for real (real etcd)', function () {
  this.timeout(240_000);

  it('reads every member of a 3-member cluster each round: a point each with the charted figures, named by member', async () => {
    const cluster = await LocalEtcdCluster.start({ members: 3 });
    const config = resolveConnection({ endpoints: cluster.endpoints }, {});
    const { poll, members } = await pollOf(config, 300);
    try {
      await poll.refresh();
      const after = await poll.refresh();
      assert.deepStrictEqual(after.map(m => m.name).sort(), members.map(m => m.name).sort());
      for (const m of after) {
        assert.strictEqual(m.error, undefined);
        assert.strictEqual(m.memberId, members.find(x => x.name === m.name)?.id);
        assert.strictEqual(m.points.length, 2);
        const p = m.points[1];
        assert.strictEqual(p.hasLeader, 1);
        assert.ok(p.dbTotal! > 0 && p.dbInUse! > 0 && p.dbInUse! <= p.dbTotal!, JSON.stringify(p));
        assert.ok(p.committedPerSecond! >= 0 && p.watchStreams! >= 0 && p.pending === 0, JSON.stringify(p));
        assert.deepStrictEqual(m.warnings, []);
      }
    } finally {
      poll.dispose();
      await cluster.stop();
    }
  });

  it('a member serving metrics on --listen-metrics-urls is read there and named by the ID it reports', async () => {
    const port = await freePort();
    const metricsUrl = `http://127.0.0.1:${port}`;
    const cluster = await LocalEtcdCluster.start({ members: 1, extraArgs: ['--listen-metrics-urls', metricsUrl] });
    const config = resolveConnection({ endpoints: cluster.endpoints, metricsUrls: [metricsUrl] }, {});
    const { poll, members } = await pollOf(config, 300, config.metricsUrls as string[]);
    try {
      const [m] = await poll.refresh();
      assert.strictEqual(m.url, metricsUrl);
      assert.strictEqual(m.name, members[0].name);
      assert.strictEqual(m.points[0].hasLeader, 1);
    } finally {
      poll.dispose();
      await cluster.stop();
    }
  });

  it('restarting the leader 4 times raises the leader-change warning in the poll; diagnose then exits 1 with it', async () => {
    const cluster = await LocalEtcdCluster.start({ members: 3 });
    const config = resolveConnection({ endpoints: cluster.endpoints, requestTimeoutMs: 3000 }, {});
    const { poll } = await pollOf(config, 500);
    const subscription = poll.subscribe(() => undefined);
    const etcd = createEtcd3(config);
    try {
      const healthy = await diagnose(cluster.endpoints);
      assert.strictEqual(healthy.code, 0, healthy.stdout + healthy.stderr);
      const leaderNow = () =>
        eventually(
          async () => {
            const { members } = await loadMembers(etcd, config);
            const leader = members.find(m => m.isLeader && m.health.ok);
            return leader && { leader, members, index: cluster.members.findIndex(c => c.clientUrl === leader.clientURLs[0]) };
          },
          20_000,
          'a leader',
        );
      for (let restart = 1; restart <= 4; restart++) {
        const first = await leaderNow();
        let { leader, index } = first;
        if (index === 0) {
          // n1 is never restarted: it sees every change, and one read of it (diagnose's) tells them all.
          await moveLeader(
            config,
            first.members.find(m => m !== leader && m.health.ok)!,
            first.members,
          );
          ({ leader, index } = await leaderNow());
          assert.notStrictEqual(index, 0);
        }
        await cluster.stopMember(index);
        await eventually(async () => (await loadMembers(etcd, config)).members.some(m => m.isLeader && m.id !== leader.id), 20_000, 'a new leader');
        await cluster.startMember(index);
      }
      const warned = await eventually(
        async () => {
          const members = await poll.refresh();
          return members.find(m => m.name === 'n1' && m.warnings.some(w => w.code === 'leader-churn'));
        },
        20_000,
        'the leader-change warning',
        () => codes(poll.members),
      );
      assert.match(warned.warnings.find(w => w.code === 'leader-churn')!.message, /^\d+ leader changes in the last 15 minutes/);
      const run = await diagnose(cluster.endpoints);
      assert.strictEqual(run.code, 1, run.stdout + run.stderr);
      const finding = parseJson<Report>(run).findings.find(f => /^n1: \d+ leader changes in the last 15 minutes$/.test(f.title));
      assert.ok(finding, run.stdout);
      assert.strictEqual(finding.severity, 'warning');
    } finally {
      subscription.dispose();
      poll.dispose();
      etcd.close();
      await cluster.stop();
    }
  });

  it('a mass delete of large values raises the fragmentation warning (diagnose exit 1); a defrag clears it (exit 0)', async () => {
    const cluster = await LocalEtcdCluster.start({ members: 1 });
    const config = resolveConnection({ endpoints: cluster.endpoints }, {});
    const { poll } = await pollOf(config, 1000);
    const etcd = createEtcd3(config);
    try {
      // 360 values of 1 MiB, 240 of them deleted and compacted away: ~120 MiB in use of a ~360 MiB file.
      const value = Buffer.alloc(MiB, 1);
      for (let i = 0; i < 360; i++) {
        value.writeUInt32BE(i);
        await etcd.put(`/big/${String(i).padStart(3, '0')}`).value(value);
      }
      await etcd.kv.deleteRange({ key: Buffer.from('/big/000'), range_end: Buffer.from('/big/240') });
      const revision = (await etcd.kv.range({ key: Buffer.from('x'), count_only: true })).header.revision;
      await etcd.kv.compact({ revision, physical: true });
      const warned = await eventually(
        async () => {
          // bbolt counts freed pages as free at a later write's commit (3.4 reports nothing before one).
          await etcd.put('/tick').value(String(Date.now()));
          return (await poll.refresh()).find(m => m.warnings.some(w => w.code === 'fragmented'));
        },
        30_000,
        'the fragmentation warning',
        () => JSON.stringify(poll.members.map(m => m.points[m.points.length - 1])),
      );
      const [, inUse, total, back] = /^only ([\d.]+) MiB of the ([\d.]+) MiB file is in use: defragmenting gives back ([\d.]+) MiB$/.exec(
        warned.warnings.find(w => w.code === 'fragmented')!.message,
      )!;
      assert.ok(Number(inUse) > 100 && Number(total) > 2 * Number(inUse) && Number(back) > 150, warned.warnings[0].message);
      const sick = await diagnose(cluster.endpoints);
      assert.strictEqual(sick.code, 1, sick.stdout + sick.stderr);
      assert.ok(
        parseJson<Report>(sick).findings.some(f => f.severity === 'warning' && /defragmenting gives back/.test(f.detail)),
        sick.stdout,
      );
      const defrag = await runCli(['defrag', '--endpoints', cluster.endpoints[0]]);
      assert.strictEqual(defrag.code, 0, defrag.stdout + defrag.stderr);
      const [after] = await poll.refresh();
      assert.ok(!after.warnings.some(w => w.code === 'fragmented'), after.warnings.map(w => w.message).join('\n'));
      const well = await diagnose(cluster.endpoints);
      assert.strictEqual(well.code, 0, well.stdout + well.stderr);
    } finally {
      poll.dispose();
      etcd.close();
      await cluster.stop();
    }
  });
});

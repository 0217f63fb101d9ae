import * as assert from 'assert';
import { compareVersions } from '../../src/core/local/etcdReleases';
import { loadMembers, MemberInfo } from '../../src/core/cluster/members';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ConnectionManager } from '../../src/core/connection/connectionManager';
import { idToHex } from '../../src/core/cluster/ids';
import { useEtcd } from '../support/etcdFixture';
import { etcdctl, parseEtcdctlJson } from '../support/etcdctl';
import { parseJson, runCli } from '../support/runCli';

/** The CLI's JSON is the core's MemberInfo as is. */
type CliMember = MemberInfo;

describe('members of a 3-member cluster (real etcd)', function () {
  this.timeout(90_000);
  const cluster = useEtcd({ members: 3 });
  const manager = new ConnectionManager();
  after(() => manager.dispose());

  async function etcdctlView(endpoints: string[]) {
    const list = parseEtcdctlJson(await etcdctl(endpoints, ['member', 'list', '-w', 'json']));
    const status = parseEtcdctlJson(await etcdctl(endpoints, ['endpoint', 'status', '-w', 'json']));
    return {
      ids: (list.members as Array<{ ID: number | string; name: string }>).map(m => ({ id: idToHex(String(BigInt(m.ID))), name: m.name })),
      leader: idToHex(String(BigInt(status[0].Status.leader))),
    };
  }

  it('lists every member with hex ID, URLs, status, health and the raft leader, as etcdctl sees them', async () => {
    const config = resolveConnection({ endpoints: cluster().endpoints }, {});
    await manager.connect(config);
    const { members } = await loadMembers(manager.requireSession().client, config);
    const expected = await etcdctlView(cluster().endpoints);
    assert.deepStrictEqual(
      members.map(m => ({ id: m.id, name: m.name })).sort((a, b) => a.name.localeCompare(b.name)),
      expected.ids.sort((a, b) => a.name.localeCompare(b.name)),
    );
    assert.deepStrictEqual(
      members.filter(m => m.isLeader).map(m => m.id),
      [expected.leader],
    );
    for (const m of members) {
      const local = cluster().members.find(x => x.name === m.name)!;
      assert.deepStrictEqual(m.clientURLs, [local.clientUrl]);
      assert.deepStrictEqual(m.peerURLs, [local.peerUrl]);
      assert.strictEqual(m.isLearner, false);
      assert.ok(m.health.ok, `${m.name} unhealthy: ${m.health.error}`);
      assert.ok(m.status && /^3\.\d+\.\d+/.test(m.status.version));
      assert.ok(m.status.dbSize > 0 && m.status.raftTerm >= 1 && m.status.raftIndex > 0);
      assert.ok(m.status.dbSizeInUse > 0 && m.status.dbSizeInUse <= m.status.dbSize, 'the size in use is part of the size');
    }
  });

  it('the CLI prints the same members as JSON and as a table', async () => {
    const run = await runCli(['members', '--json', '--endpoints', cluster().endpoints.join(',')]);
    assert.strictEqual(run.code, 0, run.stderr);
    const { members } = parseJson<{ members: CliMember[] }>(run);
    assert.strictEqual(members.length, 3);
    assert.strictEqual(members.filter(m => m.isLeader).length, 1);
    assert.ok(members.every(m => m.health.ok && typeof m.health.latencyMs === 'number' && m.status !== null));
    assert.deepStrictEqual(Object.keys(members[0]).sort(), ['clientURLs', 'health', 'id', 'isLeader', 'isLearner', 'name', 'peerURLs', 'status']);
    assert.deepStrictEqual(Object.keys(members[0].status!).sort(), [
      'dbSize',
      'dbSizeInUse',
      'dbSizeQuota',
      'raftIndex',
      'raftTerm',
      'storageVersion',
      'version',
    ]);
    // etcd 3.6 reports its quota (2 GiB unless --quota-backend-bytes) and storage version; earlier releases neither.
    const status = members[0].status as unknown as { version: string; storageVersion: string | null; dbSizeQuota: number | null };
    if (compareVersions(status.version, '3.6.0') >= 0) {
      assert.strictEqual(status.dbSizeQuota, 2 * 1024 ** 3);
      assert.match(status.storageVersion ?? '', /^3\.\d+\.0$/);
    } else {
      assert.strictEqual(status.dbSizeQuota, null);
      assert.strictEqual(status.storageVersion, null);
    }
    const table = await runCli(['members', '--endpoints', cluster().endpoints.join(',')]);
    assert.strictEqual(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ID\s+NAME\s+LEADER/);
    assert.strictEqual(table.stdout.trim().split('\n').length, 4);
  });

  it('shows a stopped member as unhealthy and still loads the others', async () => {
    await cluster().stopMember(2);
    try {
      const run = await runCli(['members', '--json', '--dial-timeout', '2s', '--endpoints', cluster().endpoints.join(',')]);
      assert.strictEqual(run.code, 0, run.stderr);
      const { members } = parseJson<{ members: CliMember[] }>(run);
      const stopped = members.find(m => m.name === 'n3')!;
      assert.strictEqual(stopped.health.ok, false);
      assert.match(stopped.health.error ?? '', /connection refused/);
      assert.strictEqual(stopped.status, null);
      const alive = members.filter(m => m.name !== 'n3');
      assert.strictEqual(alive.length, 2);
      assert.ok(alive.every(m => m.health.ok && m.status !== null));
      assert.strictEqual(members.filter(m => m.isLeader && m.name !== 'n3').length, 1);
    } finally {
      await cluster().startMember(2);
    }
  });
});

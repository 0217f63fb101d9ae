import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { keepAliveOnce, leaseDetails, leaseIds, leaseInfo, ttlNow } from '../../src/core/leases/leaseList';
import { leaseKind } from '../../src/core/leases/leaseKinds';
import { readNodesReport } from '../../src/core/ztap/nodesReport';
import { encodeNode, newNode } from '../../src/core/ztap/nodeJson';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';
import { ElectionParticipant } from '../../src/core/election/participant';
import { resolveParticipant } from '../../src/core/election/participantConfig';
import { runCli } from '../support/runCli';

describe('leases and ZTAP nodes (real etcd)', function () {
  this.timeout(60_000);
  const cluster = useEtcd();
  let etcd: ReturnType<typeof createEtcd3>;
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(() => etcd.close());
  afterEach(async () => {
    await etcd.delete().prefix('/ztap/');
    for (const id of await leaseIds(etcd)) {
      await etcd.leaseClient.leaseRevoke({ ID: id });
    }
  });
  const cli = (...args: string[]) => runCli([...args, '--endpoints', cluster().endpoints[0]]);
  const grant = async (ttl: number) => String((await etcd.leaseClient.leaseGrant({ TTL: ttl, ID: 0 })).ID);
  const putOn = (key: string, value: string, lease: string) => etcd.kv.put({ key: Buffer.from(key), value: Buffer.from(value), lease });

  it('lists every lease with its TTLs and keys, and tells a ZTAP node from an etcdctl elect participant', async () => {
    const node = await grant(60);
    await putOn('/ztap/nodes/n1', encodeNode(newNode('n1', '10.0.0.1:8443')), node);
    await putOn(`/ztap/election/${BigInt(node).toString(16)}`, encodeNode(newNode('n1', '10.0.0.1:8443')), node);
    const plain = await grant(30);
    await putOn(`/ztap/election/${BigInt(plain).toString(16)}`, 'go-proposal', plain);
    const bare = await grant(90);
    const leases = await leaseDetails(etcd, await leaseIds(etcd));
    assert.deepStrictEqual(leases.map(l => [l.grantedTtl, l.keyCount]).sort(), [
      [30, 1],
      [60, 2],
      [90, 0],
    ]);
    const values = new Map([[`/ztap/election/${BigInt(plain).toString(16)}`, Buffer.from('go-proposal')]]);
    const byId = new Map(leases.map(l => [l.id, leaseKind(l.keys ?? [], values, '/ztap', '/ztap/election')?.label]));
    assert.deepStrictEqual(
      [byId.get(node), byId.get(plain), byId.get(bare)],
      ['ZTAP node n1 (registration and election key)', 'etcdctl elect participant (election key, not Node JSON)', undefined],
    );
    const run = await cli('leases', '--json', '--keys');
    assert.strictEqual(run.code, 0, run.stderr);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    const n1 = rows.find(r => r.id === BigInt(node).toString(16));
    assert.deepStrictEqual([n1.grantedTtl, n1.keyCount, n1.kind, n1.keys.length], [60, 2, 'ZTAP node n1 (registration and election key)', 2]);
  });

  it('a TTL counts down between two reads and jumps back up after a keepalive', async () => {
    const id = await grant(30);
    const first = await leaseInfo(etcd, id);
    assert.ok(ttlNow(first, first.readAt + 2500) <= first.ttl - 2, 'counted down from the clock');
    await new Promise(resolve => setTimeout(resolve, 2200));
    const second = await leaseInfo(etcd, id);
    assert.ok(second.ttl < first.ttl, `etcd's TTL went down: ${first.ttl} then ${second.ttl}`);
    assert.strictEqual(await keepAliveOnce(etcd, id), 30);
    const third = await leaseInfo(etcd, id);
    assert.ok(third.ttl > second.ttl, `a keepalive resets the TTL: ${second.ttl} then ${third.ttl}`);
  });

  it("flags every kind of trouble with ZTAP's nodes, each built for real; nodes --strict exits 1 on a warning", async () => {
    const old = new Date(Date.now() - 60_000).toISOString();
    const leaderLease = await grant(60);
    const n = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ...newNode(id, `10.0.0.${id.length}:8443`), ...extra });
    // leader: registered and leading, healthy
    await putOn('/ztap/nodes/leader', n('leader'), leaderLease);
    await putOn(`/ztap/election/${BigInt(leaderLease).toString(16)}`, n('leader'), leaderLease);
    // follower: registered, in line, claims role leader
    const followerLease = await grant(60);
    await putOn('/ztap/nodes/follower', n('follower', { role: 'leader' }), followerLease);
    await putOn(`/ztap/election/${BigInt(followerLease).toString(16)}`, n('follower'), followerLease);
    // idle: registered, not in the election, last seen a minute ago
    await putOn('/ztap/nodes/idle', n('idle', { last_seen: old }), await grant(60));
    // ghost: in the election, not registered
    const ghostLease = await grant(60);
    await putOn(`/ztap/election/${BigInt(ghostLease).toString(16)}`, n('ghost'), ghostLease);
    // forever: registered without a lease (and not in the election)
    await etcd.put('/ztap/nodes/forever').value(n('forever'));
    // junk: not Node JSON
    await putOn('/ztap/nodes/junk', 'not json', await grant(60));
    const report = await readNodesReport(etcd, '/ztap', '/ztap/election', 5000);
    const warnings = Object.fromEntries(report.nodes.map(x => [x.id, x.warnings]));
    assert.deepStrictEqual(warnings.leader, []);
    assert.deepStrictEqual(warnings.follower, ["its role says leader, but the election's leader is leader"]);
    assert.deepStrictEqual(warnings.idle, ['registered but not in the election', 'last seen 60 s ago (more than three heartbeats of 5 s)']);
    assert.deepStrictEqual(warnings.ghost, ['in the election but not registered under nodes/']);
    assert.deepStrictEqual(warnings.forever, ['registered but not in the election', 'the registration has no lease: it will never expire']);
    assert.deepStrictEqual(warnings.junk, ['the registration is not Node JSON (a JSON object with a string "id")', 'registered but not in the election']);
    assert.deepStrictEqual(
      report.nodes.filter(x => x.election.kind !== 'none').map(x => [x.id, x.election.kind === 'candidate' ? x.election.position : x.election.kind]),
      [
        ['follower', 2],
        ['ghost', 3],
        ['leader', 'leader'],
      ],
    );
    // Two nodes claiming the role.
    await putOn('/ztap/nodes/leader', n('leader', { role: 'leader' }), leaderLease);
    const twice = await readNodesReport(etcd, '/ztap', '/ztap/election', 5000);
    assert.deepStrictEqual(twice.nodes.find(x => x.id === 'leader')!.warnings, ['2 nodes claim the role leader: follower, leader']);
    const strict = await cli('nodes', '--strict');
    assert.strictEqual(strict.code, 1);
    assert.match(strict.stdout, /6 nodes, 6 with warnings/);
    assert.match(strict.stdout, /warning: ghost: in the election but not registered/);
    const json = await cli('nodes', '--json');
    assert.strictEqual(json.code, 0);
    assert.strictEqual(
      json.stdout
        .trim()
        .split('\n')
        .map(l => JSON.parse(l))
        .find(r => r.id === 'follower').election,
      'candidate 2',
    );
  });

  it("our election node keeps its registration's last_seen fresh: a running node has no warning, a stopped one leaves nothing", async () => {
    const node = new ElectionParticipant(etcd, resolveParticipant({ nodeId: 'fresh', address: '10.0.0.9:8443', ttlSeconds: 3, heartbeatMs: 500 }, {}), {
      electionKey: '/ztap/election',
      keyPrefix: '/ztap',
    });
    node.start();
    try {
      const first = await eventually(async () => (await etcd.get('/ztap/nodes/fresh').string()) ?? undefined, 10_000, 'the registration');
      await new Promise(resolve => setTimeout(resolve, 1700));
      const later = (await etcd.get('/ztap/nodes/fresh').string())!;
      assert.ok(JSON.parse(later).last_seen > JSON.parse(first).last_seen, `last_seen moved: ${JSON.parse(first).last_seen} -> ${JSON.parse(later).last_seen}`);
      const report = await readNodesReport(etcd, '/ztap', '/ztap/election', 500);
      assert.deepStrictEqual(
        report.nodes.map(n => [n.id, n.election.kind, n.warnings]),
        [['fresh', 'leader', []]],
      );
    } finally {
      await node.stop();
    }
    assert.strictEqual(await etcd.get('/ztap/nodes/fresh').string(), null);
  });
});

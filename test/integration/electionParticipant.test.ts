import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ElectionEvent, ElectionParticipant } from '../../src/core/election/participant';
import { resolveParticipant } from '../../src/core/election/participantConfig';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';

describe('election participant (core API, real etcd)', function () {
  this.timeout(30_000);
  const cluster = useEtcd();
  let etcd: ReturnType<typeof createEtcd3>;
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(() => etcd.close());

  const make = (nodeId: string) =>
    new ElectionParticipant(etcd, resolveParticipant({ nodeId, ttlSeconds: 5, heartbeatMs: 500 }, {}), {
      electionKey: '/ztap/election',
      keyPrefix: '/ztap',
    });
  const keysLeft = async () => (await etcd.getAll().prefix('/ztap/').keys()).sort();
  const leases = async () => (await etcd.leaseClient.leaseLeases({})).leases.length;

  it('leaves no key, registration or lease behind when stopped at any moment of its start', async () => {
    const before = await leases();
    for (const delay of [0, 1, 5, 20, 100]) {
      const p = make(`quick-${delay}`);
      p.start();
      await new Promise(r => setTimeout(r, delay));
      await p.stop();
      assert.deepStrictEqual(await keysLeft(), [], `after a stop ${delay} ms in`);
    }
    assert.strictEqual(await leases(), before);
  });

  it('a second stop() resolves only once the first has deregistered and revoked', async () => {
    const before = await leases();
    const p = make('twice-stopped');
    p.start();
    await eventually(() => p.isLeader, 5000, 'the node to lead');
    const first = p.stop();
    await p.stop();
    assert.deepStrictEqual(await keysLeft(), [], 'keys left when the second stop resolved');
    assert.strictEqual(await leases(), before, 'leases when the second stop resolved');
    await first;
  });

  it('reports campaigning, leader, then resigned on resign, joins the line again, and resigned on stop', async () => {
    const a = make('core-a');
    const b = make('core-b');
    const seen: ElectionEvent[] = [];
    a.onEvent(e => seen.push(e));
    a.start();
    await eventually(() => a.isLeader, 5000, 'a to lead');
    b.start();
    await eventually(() => b.snapshot.role === 'follower', 5000, 'b to follow');
    a.resign();
    await eventually(() => b.isLeader, 5000, 'b to lead after a resigns');
    await eventually(() => a.snapshot.role === 'follower', 5000, 'a to follow b');
    assert.strictEqual(a.snapshot.leader, 'core-b');
    await Promise.all([a.stop(), b.stop()]);
    assert.deepStrictEqual(
      seen.map(e => e.event),
      ['campaigning', 'leader', 'resigned', 'campaigning', 'follower', 'resigned'],
    );
    assert.strictEqual(seen[1].leader, 'core-a');
    assert.strictEqual(seen[4].leader, 'core-b');
    assert.deepStrictEqual(
      seen.filter(e => e.event === 'resigned').map(e => e.cause),
      ['resign-leader', 'stop'],
    );
    assert.deepStrictEqual(await keysLeft(), []);
  });

  it('a follower that resigns says it gave up its place in line, not the leadership', async () => {
    const a = make('core-lead');
    const b = make('core-follow');
    const seen: ElectionEvent[] = [];
    b.onEvent(e => seen.push(e));
    try {
      a.start();
      await eventually(() => a.isLeader, 5000, 'a to lead');
      b.start();
      await eventually(() => b.snapshot.role === 'follower', 5000, 'b to follow');
      b.resign();
      await eventually(() => seen.some(e => e.event === 'resigned'), 5000, 'b to resign');
      await eventually(() => b.snapshot.role === 'follower', 5000, 'b back in line');
      const resigned = seen.find(e => e.event === 'resigned')!;
      assert.strictEqual(resigned.cause, 'resign-follower');
      assert.match(resigned.reason ?? '', /gave up its place in line/);
      assert.ok(a.isLeader, 'a still leads');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

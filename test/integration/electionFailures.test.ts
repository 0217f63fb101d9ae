import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { readElection } from '../../src/core/election/leaderReader';
import { CliParticipant } from '../support/cliParticipant';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';
import { freeze } from '../support/freeze';

describe('election node: crash and pause', function () {
  this.timeout(90_000);
  const cluster = useEtcd();
  const running: CliParticipant[] = [];
  let etcd: ReturnType<typeof createEtcd3>;
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(() => etcd.close());
  afterEach(async () => {
    for (const p of running.splice(0)) {
      p.process.kill('SIGCONT');
      await p.stop('SIGKILL');
    }
    await etcd.delete().prefix('/ztap/');
  });

  const TTL = 3;
  const start = (id: string) => {
    const p = CliParticipant.start(cluster().endpoints, id, ['--ttl', String(TTL), '--heartbeat', '0.5']);
    running.push(p);
    return p;
  };

  it('replaces a SIGKILLed leader once its TTL runs out', async () => {
    const a = start('crash-a');
    await a.waitFor('leader', 10_000);
    const b = start('crash-b');
    await b.waitFor('follower', 10_000);
    const killed = Date.now();
    await a.stop('SIGKILL');
    const took = (await b.waitFor('leader', (TTL + 5) * 1000)).at - killed;
    assert.ok(took >= (TTL - 1) * 1000 && took < (TTL + 2) * 1000, `takeover after ${took} ms with a ${TTL} s TTL`);
  });

  it('a leader frozen past its TTL reports lost within a second of resuming, never leader while the other leads', async () => {
    const a = start('pause-a');
    await a.waitFor('leader', 10_000);
    const b = start('pause-b');
    await b.waitFor('follower', 10_000);
    a.process.kill('SIGSTOP');
    const bLeads = await b.waitFor('leader', (TTL + 5) * 1000);
    await new Promise(r => setTimeout(r, 500));
    const resumed = Date.now();
    const seenBefore = a.events.length;
    a.process.kill('SIGCONT');
    const stepDown = await eventually(() => a.events.slice(seenBefore).find(e => e.event === 'lost' || e.event === 'follower'), 5000, 'a step-down');
    assert.ok(stepDown.at - resumed < 1000, `reported ${stepDown.event} ${stepDown.at - resumed} ms after resuming`);
    // It campaigns again with a new lease and follows B; it never claims leadership meanwhile.
    const follows = await a.waitFor('follower', 10_000, seenBefore);
    assert.strictEqual(follows.leader, 'pause-b');
    assert.notStrictEqual(follows.leaseId, a.events[0].leaseId);
    await new Promise(r => setTimeout(r, 1000));
    assert.ok(!a.events.slice(seenBefore).some(e => e.event === 'leader'), a.events.map(e => e.event).join(','));
    assert.strictEqual(b.last?.event, 'leader');
    const state = await readElection(etcd, '/ztap/election');
    assert.strictEqual(state.leader?.key, bLeads.key);
  });

  it('a leader on a frozen etcd (SIGSTOP) steps down within its TTL', async () => {
    const a = start('frozen-etcd');
    await a.waitFor('leader', 15_000);
    const resume = freeze(cluster(), 0);
    try {
      const frozenAt = Date.now();
      const lost = await a.waitFor('lost', (TTL + 3) * 1000);
      assert.ok(lost.at - frozenAt <= TTL * 1000 + 500, `stepped down ${lost.at - frozenAt} ms after the freeze (TTL ${TTL} s)`);
    } finally {
      resume();
    }
  });

  it("a second node with the same id is refused (exit 2, naming the holder) and leaves the first one's registration; --force takes it over", async () => {
    const first = CliParticipant.start(cluster().endpoints, 'twin', ['--ttl', String(TTL), '--heartbeat', '0.5', '--address', '10.0.0.1:8443']);
    running.push(first);
    await first.waitFor('leader', 15_000);
    const before = (await etcd.get('/ztap/nodes/twin').exec()).kvs[0];
    const second = CliParticipant.start(cluster().endpoints, 'twin', ['--ttl', String(TTL), '--address', '10.0.0.2:8443']);
    running.push(second);
    const code = await new Promise<number | null>(resolve => second.process.on('exit', c => resolve(c)));
    assert.strictEqual(code, 2);
    assert.match(second.stderr, /Node id "twin" is already registered by a live session at 10\.0\.0\.1:8443 \(\/ztap\/nodes\/twin, lease [0-9a-f]+\)/);
    const after = (await etcd.get('/ztap/nodes/twin').exec()).kvs[0];
    assert.deepStrictEqual([after.lease, after.mod_revision], [before.lease, before.mod_revision]);
    assert.ok(first.alive && first.last?.event === 'leader');

    const forced = CliParticipant.start(cluster().endpoints, 'twin', ['--ttl', String(TTL), '--force']);
    running.push(forced);
    await forced.waitFor('campaigning', 15_000);
    const taken = (await etcd.get('/ztap/nodes/twin').exec()).kvs[0];
    assert.notStrictEqual(taken.lease, before.lease);
  });
});

import * as assert from 'assert';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ConnectionManager } from '../../src/core/connection/connectionManager';
import { ElectionParticipant } from '../../src/core/election/participant';
import { resolveParticipant } from '../../src/core/election/participantConfig';
import { PrefixWatcher } from '../../src/core/watch/prefixWatcher';
import { DashboardFeed } from '../../src/extension/dashboard/dashboardFeed';
import type { HostMessage } from '../../src/extension/dashboard/dashboardState';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';

describe('Cluster Dashboard feed (real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();

  it('sends the members, the leader with its line, node tiles and terms, then batched activity by folder and a new term live', async () => {
    const manager = new ConnectionManager();
    const participants: ElectionParticipant[] = [];
    const watcher = { current: undefined as PrefixWatcher | undefined };
    let feed: DashboardFeed | undefined;
    try {
      await manager.connect(resolveConnection({ endpoints: etcd().endpoints, sessionTtlSeconds: 10 }, {}));
      const session = manager.requireSession();
      const join = async (nodeId: string) => {
        const p = new ElectionParticipant(session.client, resolveParticipant({ nodeId, address: `127.0.0.1:${9100 + participants.length}`, ttlSeconds: 10 }), {
          electionKey: '/ztap/election',
          keyPrefix: '/ztap',
        });
        participants.push(p);
        const campaigning = new Promise<void>(resolve => p.onEvent(e => (e.event === 'leader' || e.event === 'follower') && resolve()));
        p.start();
        await campaigning;
      };
      await join('dash-1');
      await join('dash-2');
      const messages: HostMessage[] = [];
      feed = new DashboardFeed(session, m => messages.push(m), 5000);
      // What the tree's watch hands the extension, handed to the feed.
      watcher.current = new PrefixWatcher(session.client, { prefix: '/ztap/' });
      const f = feed;
      watcher.current.onEvents(batch => f.onEvents(batch));
      await watcher.current.start();
      const state = await feed.start();
      assert.strictEqual(messages[0].type, 'snapshot');
      assert.strictEqual(state.members.length, 1);
      assert.ok(state.members[0].healthy && state.members[0].isLeader);
      assert.strictEqual(state.leader?.nodeId, 'dash-1');
      assert.deepStrictEqual(
        state.candidates.map(c => c.nodeId),
        ['dash-2'],
      );
      assert.deepStrictEqual(state.nodes.map(n => [n.id, n.election]).sort(), [
        ['dash-1', 'leader'],
        ['dash-2', 'candidate'],
      ]);
      assert.strictEqual(state.terms[state.terms.length - 1].leader, 'dash-1');
      // Activity: 30 writes under policies/, counted per second and folder, in batches.
      for (let i = 0; i < 30; i++) {
        await session.client.put(`/ztap/policies/state/t/${i}`).value('x');
      }
      const policies = () => messages.flatMap(m => (m.type === 'update' && m.activity ? m.activity : [])).reduce((sum, a) => sum + a.policies, 0);
      await eventually(() => policies() >= 30 || undefined, 10_000, '30 policy writes in the activity samples');
      assert.ok(messages.length < 30, `${messages.length} messages for 30 events: batched`);
      // The leader resigns: a new term, seen live, with its wall-clock start.
      participants[0].resign();
      const update = await eventually(
        () => messages.find(m => m.type === 'update' && m.leader?.nodeId === 'dash-2' && m.terms) as Extract<HostMessage, { type: 'update' }> | undefined,
        15_000,
        'an update with dash-2 leading and the terms read again',
      );
      const last = update.terms![update.terms!.length - 1];
      assert.strictEqual(last.leader, 'dash-2');
      assert.ok(last.beganAt && Math.abs(last.beganAt - Date.now()) < 15_000);
    } finally {
      feed?.dispose();
      watcher.current?.dispose();
      await Promise.all(participants.map(p => p.stop()));
      manager.dispose();
    }
  });
});

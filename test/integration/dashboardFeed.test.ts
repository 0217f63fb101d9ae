import * as assert from 'assert';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ConnectionManager } from '../../src/core/connection/connectionManager';
import { ElectionParticipant } from '../../src/core/election/participant';
import { resolveParticipant } from '../../src/core/election/participantConfig';
import { PrefixWatcher } from '../../src/core/watch/prefixWatcher';
import { MemberHealthPoll } from '../../src/core/cluster/memberHealthPoll';
import { loadMembers } from '../../src/core/cluster/members';
import type { EtcdSession } from '../../src/core/connection/etcdSession';
import { DashboardFeed } from '../../src/extension/dashboard/dashboardFeed';
import type { FeedMessage } from '../../src/extension/dashboard/dashboardState';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';

describe('Cluster Dashboard feed (real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();
  /** Each test's members' polls, as the connection service makes one per session. */
  const polls = {
    made: [] as MemberHealthPoll[],
    add(session: EtcdSession): MemberHealthPoll {
      const poll = new MemberHealthPoll(() => loadMembers(session.client, session.config));
      this.made.push(poll);
      return poll;
    },
  };
  afterEach(() => polls.made.splice(0).forEach(p => p.dispose()));

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
      const messages: FeedMessage[] = [];
      feed = new DashboardFeed(session, polls.add(session), m => messages.push(m), { heartbeatMs: 5000 });
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
        () => messages.find(m => m.type === 'update' && m.leader?.nodeId === 'dash-2' && m.terms) as Extract<FeedMessage, { type: 'update' }> | undefined,
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

  it("shows the leader's lease as its keepalives renew it: the ring counts down from the last read, not to 0 while the lease lives", async () => {
    const manager = new ConnectionManager();
    let participant: ElectionParticipant | undefined;
    let feed: DashboardFeed | undefined;
    try {
      await manager.connect(resolveConnection({ endpoints: etcd().endpoints, sessionTtlSeconds: 4 }, {}));
      const session = manager.requireSession();
      const p = (participant = new ElectionParticipant(session.client, resolveParticipant({ nodeId: 'ring-1', address: '127.0.0.1:9200', ttlSeconds: 4 }), {
        electionKey: '/ztap/election',
        keyPrefix: '/ztap',
      }));
      const leading = new Promise<void>(resolve => p.onEvent(e => e.event === 'leader' && resolve()));
      p.start();
      await leading;
      const messages: FeedMessage[] = [];
      feed = new DashboardFeed(session, polls.add(session), m => messages.push(m), { heartbeatMs: 5000 });
      await feed.start();
      const leaderNow = () => {
        const last = [...messages].reverse().find(m => (m.type === 'snapshot' ? m.state.leader : m.leader));
        const leader = last?.type === 'snapshot' ? last.state.leader : last?.leader;
        return leader ? (leader.ttl ?? 0) - (Date.now() - leader.readAt) / 1000 : undefined;
      };
      // Three times the lease's TTL without a key written: a ring that never took up keepalives is at 0.
      for (let waited = 0; waited < 12_000; waited += 1000) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        if (waited >= 6000) {
          const left = leaderNow();
          assert.ok(left !== undefined && left > 0, `the ring shows ${left} s left ${waited / 1000 + 1} s in, while the lease lives`);
        }
      }
      // Its lease revoked: the ring is gone with the leader.
      await p.stop();
      await eventually(() => messages.some(m => m.type === 'update' && m.leader === null) || undefined, 15_000, 'an update without a leader');
    } finally {
      feed?.dispose();
      await participant?.stop();
      manager.dispose();
    }
  });
});

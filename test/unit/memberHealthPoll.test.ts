import * as assert from 'assert';
import { MemberHealthPoll, unhealthyCount } from '../../src/core/cluster/memberHealthPoll';
import type { ClusterMembers } from '../../src/core/cluster/members';

/** A cluster answer with `down` of three members not answering. */
function answer(down: number): ClusterMembers {
  return {
    clusterId: 'c1',
    members: ['n1', 'n2', 'n3'].map((name, i) => ({
      id: `${i + 1}`,
      name,
      clientURLs: [],
      peerURLs: [],
      isLearner: false,
      isLeader: i === 0,
      status: null,
      health: i < down ? { ok: false, error: 'timed out' } : { ok: true, latencyMs: 1 },
    })),
  };
}

describe('members: one poll per connection, for every view', () => {
  it('one read per interval whoever listens; a refresh joins the read in flight; nothing after the last listener or dispose', async () => {
    let loads = 0;
    let release: (() => void) | undefined;
    const poll = new MemberHealthPoll(async () => {
      loads++;
      await new Promise<void>(resolve => (release = resolve));
      return answer(1);
    }, 40);
    const heard: number[] = [];
    const a = poll.subscribe(m => heard.push(unhealthyCount(m)));
    const b = poll.subscribe(m => heard.push(unhealthyCount(m)));
    const first = poll.refresh();
    const second = poll.refresh();
    assert.strictEqual(loads, 1, 'the second refresh joined the first');
    release!();
    assert.deepStrictEqual((await first).members.length, 3);
    assert.strictEqual(await second, await first);
    assert.deepStrictEqual(heard, [1, 1], 'both listeners heard the one answer');
    assert.strictEqual(await poll.current(), poll.latest, 'a fresh answer is reused');
    await new Promise(resolve => setTimeout(resolve, 100));
    release?.();
    assert.ok(loads >= 2, 'polled while listened to');
    a.dispose();
    b.dispose();
    await new Promise(resolve => setTimeout(resolve, 20));
    const after = loads;
    await new Promise(resolve => setTimeout(resolve, 120));
    assert.strictEqual(loads, after, 'no polling without listeners');
    poll.dispose();
    await assert.rejects(poll.refresh(), /has ended/);
  });
});

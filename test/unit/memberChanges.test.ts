import * as assert from 'assert';
import { parsePeerUrls, removalRefusal } from '../../src/core/cluster/memberChanges';
import type { MemberInfo } from '../../src/core/cluster/members';

const member = (name: string, ok: boolean, isLearner = false): MemberInfo => ({
  id: `${name}id`,
  name,
  clientURLs: [],
  peerURLs: [],
  isLearner,
  isLeader: false,
  status: null,
  health: ok ? { ok: true } : { ok: false, error: 'down' },
});

describe('member changes and their guards', () => {
  it('never removes the last member', () => {
    assert.match(removalRefusal(member('a', true), [member('a', true)])!, /last member/);
  });

  it('refuses a removal that leaves fewer healthy voters than a quorum, naming the ones down; learners do not count', () => {
    const three = [member('a', true), member('b', false), member('c', false), member('l', true, true)];
    assert.match(removalRefusal(three[0], three)!, /without a, 2 voting members are left and only 0 answer now \(b, c do not\): 2 are needed/);
    const oneDown = [member('a', true), member('b', true), member('c', false)];
    assert.strictEqual(removalRefusal(oneDown[2], oneDown), undefined); // a and b: a quorum of 2
    assert.match(removalRefusal(oneDown[0], oneDown)!, /only 1 answer now \(c does not\)/);
    assert.strictEqual(removalRefusal(three[3], three), undefined); // a learner is never in the quorum
  });

  it('takes peer URLs as http(s)://host:port, naming a bad one', () => {
    assert.deepStrictEqual(parsePeerUrls('http://127.0.0.1:2380, https://10.0.0.2:2380'), ['http://127.0.0.1:2380', 'https://10.0.0.2:2380']);
    assert.throws(() => parsePeerUrls('127.0.0.1:2380'), /"127.0.0.1:2380" is not a peer URL/);
    assert.throws(() => parsePeerUrls('http://host'), /is not a peer URL/);
    assert.throws(() => parsePeerUrls(' '), /at least one peer URL/);
  });
});

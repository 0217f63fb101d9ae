import * as assert from 'assert';
import { hostname } from 'os';
import { resolveParticipant } from '../../src/core/election/participantConfig';

describe('election node configuration', () => {
  it('uses the guide defaults: host name, 127.0.0.1:9090, 60 s TTL, 5 s heartbeat, 15 s election timeout', () => {
    assert.deepStrictEqual(resolveParticipant({}, {}), {
      nodeId: hostname(),
      address: '127.0.0.1:9090',
      ttlSeconds: 60,
      heartbeatMs: 5000,
      electionTimeoutMs: 15_000,
    });
  });

  it('takes ZTAP_NODE_ID and ZTAP_NODE_ADDRESS when not given', () => {
    const c = resolveParticipant({}, { ZTAP_NODE_ID: 'node-7', ZTAP_NODE_ADDRESS: '10.0.1.7:9090' });
    assert.strictEqual(c.nodeId, 'node-7');
    assert.strictEqual(c.address, '10.0.1.7:9090');
    assert.strictEqual(resolveParticipant({ nodeId: 'x' }, { ZTAP_NODE_ID: 'node-7' }).nodeId, 'x');
  });

  it('keeps the default heartbeat under a third of a short TTL', () => {
    assert.strictEqual(resolveParticipant({ nodeId: 'a', ttlSeconds: 6 }, {}).heartbeatMs, 1500);
  });

  const invalid: Array<[string, object, RegExp]> = [
    ['an id with a space', { nodeId: 'node 1' }, /Invalid node id/],
    ['an id with a slash', { nodeId: 'a/b' }, /Invalid node id/],
    ['an address without a port', { nodeId: 'a', address: 'localhost' }, /Invalid node address/],
    ['a port out of range', { nodeId: 'a', address: 'h:70000' }, /Invalid node address/],
    ['a TTL under 2 s', { nodeId: 'a', ttlSeconds: 1 }, /Invalid session TTL/],
    ['a fractional TTL', { nodeId: 'a', ttlSeconds: 2.5 }, /Invalid session TTL/],
    ['a heartbeat of a third of the TTL', { nodeId: 'a', ttlSeconds: 9, heartbeatMs: 3000 }, /under a third of the session TTL/],
    ['a zero election timeout', { nodeId: 'a', electionTimeoutMs: 0 }, /Invalid election timeout/],
  ];
  for (const [name, input, message] of invalid) {
    it(`refuses ${name}`, () => {
      assert.throws(() => resolveParticipant(input, {}), message);
    });
  }
});

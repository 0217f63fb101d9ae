import * as assert from 'assert';
import { classifyError, EtcdFailure, withTimeout } from '../../src/core/client/errors';

describe('error classification', () => {
  const cases: Array<[string, string]> = [
    ['14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ', 'connection refused'],
    ['4 DEADLINE_EXCEEDED: Deadline exceeded after 5.001s', 'timed out'],
    ['14 UNAVAILABLE: Name resolution failed for target dns:nowhere.invalid:2379', 'name not resolved'],
    ['getaddrinfo ENOTFOUND nowhere.invalid', 'name not resolved'],
    ['14 UNAVAILABLE: No connection established. Last error: Error: certificate signed by unknown authority', 'TLS failure'],
    ['etcdserver: authentication failed, invalid user ID or password', 'authentication failed'],
    ['etcdserver: permission denied', 'permission denied'],
  ];
  for (const [raw, kind] of cases) {
    it(`classifies "${raw.slice(0, 50)}…" as ${kind}`, () => {
      const f = classifyError(new Error(raw), 'http://127.0.0.1:2379');
      assert.strictEqual(f.kind, kind);
      assert.ok(f.message.startsWith('http://127.0.0.1:2379: '), f.message);
      assert.ok(!f.message.includes('Resolution note'), f.message);
    });
  }

  it('times out slow work with a "timed out" failure and leaves no unhandled rejection', async () => {
    const slow = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 50));
    await assert.rejects(withTimeout(slow, 10, 'test'), (e: unknown) => e instanceof EtcdFailure && e.kind === 'timed out');
    await new Promise(r => setTimeout(r, 80));
  });

  it('gives the "TLS endpoint given as http://?" hint only for a connection closed while it was being set up', () => {
    const setup = classifyError(new Error('14 UNAVAILABLE: No connection established. Last error: Failed to connect (Connection closed)'));
    assert.match(setup.message, /is it a TLS endpoint given as http:\/\/\?/);
    // An established connection that dropped (a member killed or frozen during a session) is not a TLS question.
    const dropped = classifyError(new Error('14 UNAVAILABLE: Connection dropped'), '127.0.0.1:2379');
    assert.strictEqual(dropped.message, '127.0.0.1:2379: the connection was dropped (the member stopped, or stopped answering)');
    assert.ok(!/TLS/.test(dropped.message));
  });
});

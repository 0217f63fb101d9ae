import * as assert from 'assert';
import { Shutdown } from '../../src/extension/shutdown';

/** A step that records when it starts and ends, taking `ms`, failing when `fail` says so. */
function step(name: string, seen: string[], ms: number, fail = false) {
  return {
    name,
    run: async () => {
      seen.push(`${name} starts`);
      await new Promise(resolve => setTimeout(resolve, ms));
      seen.push(`${name} ends`);
      if (fail) {
        throw new Error(`${name} broke`);
      }
    },
  };
}

describe('the extension shutdown', () => {
  it('runs each step after the one before it has ended, a slow one included', async () => {
    const seen: string[] = [];
    await new Shutdown([step('saves', seen, 30), step('nodes', seen, 1), step('etcd', seen, 10)], { error: () => undefined }).run();
    assert.deepStrictEqual(seen, ['saves starts', 'saves ends', 'nodes starts', 'nodes ends', 'etcd starts', 'etcd ends']);
  });

  it('logs a failed step by name and still runs the ones after it', async () => {
    const seen: string[] = [];
    const errors: string[] = [];
    await new Shutdown([step('nodes', seen, 1, true), step('etcd', seen, 1)], { error: (line: string) => void errors.push(line) }).run();
    assert.deepStrictEqual(seen, ['nodes starts', 'nodes ends', 'etcd starts', 'etcd ends']);
    assert.deepStrictEqual(errors, ['Stopping the extension: nodes failed: nodes broke']);
  });

  it('runs its steps once: deactivate and the subscription that follows it share one stop', async () => {
    const seen: string[] = [];
    const shutdown = new Shutdown([step('nodes', seen, 5)], { error: () => undefined });
    const first = shutdown.run();
    const second = shutdown.run();
    assert.strictEqual(first, second);
    await second;
    assert.deepStrictEqual(seen, ['nodes starts', 'nodes ends']);
  });
});

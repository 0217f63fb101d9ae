import * as assert from 'assert';
import { inParallel } from '../../src/core/inParallel';

describe('inParallel', () => {
  it('runs every index once, never more than the limit at a time', async () => {
    const seen: number[] = [];
    let running = 0;
    let most = 0;
    await inParallel(25, 4, async i => {
      running++;
      most = Math.max(most, running);
      await new Promise(resolve => setTimeout(resolve, (i * 7) % 5));
      seen.push(i);
      running--;
    });
    assert.deepStrictEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.strictEqual(most, 4);
  });

  it('rejects with the first failure, and runs nothing for no items', async () => {
    await assert.rejects(
      inParallel(10, 3, async i => {
        if (i === 5) {
          throw new Error('job 5 failed');
        }
      }),
      /job 5 failed/,
    );
    let ran = 0;
    await inParallel(0, 3, async () => {
      ran++;
    });
    assert.strictEqual(ran, 0);
  });
});

import * as assert from 'assert';
import { formatSeenAge } from '../../src/core/text/seenAge';

describe('a node row\'s "seen … ago"', () => {
  it('counts seconds for the first minute, then minutes, then hours', () => {
    assert.deepStrictEqual([0, 1400, 59_400, 60_000, 119_000, 3_599_000, 3_600_000, 7_300_000, -5].map(formatSeenAge), [
      'seen 0 s ago',
      'seen 1 s ago',
      'seen 59 s ago',
      'seen 1 min ago',
      'seen 1 min ago',
      'seen 59 min ago',
      'seen 1 h ago',
      'seen 2 h ago',
      'seen 0 s ago',
    ]);
  });
});

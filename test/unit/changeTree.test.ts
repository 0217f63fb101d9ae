import * as assert from 'assert';
import { changeTree } from '../../src/cli/changeTree';

describe("diff --from-rev's tree of changes", () => {
  it('draws each folder with its counts, then its keys, a level deeper each', () => {
    assert.deepStrictEqual(
      changeTree('/ztap/', [
        { key: '/ztap/nodes/n1', kind: 'changed' },
        { key: '/ztap/policies/state/t1/p1', kind: 'added' },
        { key: '/ztap/policies/state/t1/p2', kind: 'deleted' },
        { key: '/ztap/top', kind: 'added' },
      ]),
      [
        '/ztap/  (2 added, 1 changed, 1 deleted)',
        '  nodes/  (1 changed)',
        '    ~ n1',
        '  policies/  (1 added, 1 deleted)',
        '    state/  (1 added, 1 deleted)',
        '      t1/  (1 added, 1 deleted)',
        '        + p1',
        '        - p2',
        '  + top',
      ],
    );
    assert.deepStrictEqual(changeTree('/x/', []), ['/x/  (no changes)']);
  });
});

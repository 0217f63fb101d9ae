import * as assert from 'assert';
import { ChildList } from '../../src/core/keys/childList';
import { seededRandom } from '../support/seededRandom';

/** Children of sorted keys, as ChildList gathers them (the way countChildrenRaw feeds it: a lookup at each run's start). */
function viaChildList(keys: string[]): Array<[string, number, boolean]> {
  const list = new ChildList(0);
  let lastName: string | undefined;
  let last: ReturnType<ChildList['childFor']> | undefined;
  for (const key of keys) {
    const slash = key.indexOf('/');
    const name = slash < 0 ? key : key.slice(0, slash);
    const child = last && name === lastName ? last : list.childFor(name, slash < 0, name);
    lastName = name;
    last = child;
    child.keys++;
    child.isKey ||= slash < 0;
  }
  return list.sorted().map(c => [c.name, c.keys, c.isKey]);
}

/** The same by brute force: a map of every name, sorted. */
function viaMap(keys: string[]): Array<[string, number, boolean]> {
  const byName = new Map<string, [string, number, boolean]>();
  for (const key of keys) {
    const slash = key.indexOf('/');
    const name = slash < 0 ? key : key.slice(0, slash);
    const entry = byName.get(name) ?? [name, 0, false];
    entry[1]++;
    entry[2] ||= slash < 0;
    byName.set(name, entry);
  }
  return [...byName.values()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('ChildList: children of sorted keys without a map', () => {
  it('merges a name whose own key comes before names that extend it below "/" (a, a-b, a.c, a\\x01, a/x)', () => {
    const keys = ['a', 'a\x01', 'a-b', 'a-b/k', 'a.c', 'a/x', 'a/y', 'a0', 'b/1'];
    assert.deepStrictEqual(viaChildList(keys), viaMap(keys));
    assert.deepStrictEqual(viaChildList(keys)[0], ['a', 3, true]);
  });

  it('sorts a folder without an own key after names that extend it (a-1 before a/x)', () => {
    const keys = ['a-1', 'a/x', 'a0'];
    assert.deepStrictEqual(
      viaChildList(keys).map(([n]) => n),
      ['a', 'a-1', 'a0'],
    );
  });

  it('matches a brute-force count over 2,000 random sorted keyspaces of awkward bytes', () => {
    const rand = seededRandom(7);
    // Few letters and short keys, so a name, names extending it below "/" and its subtree often meet.
    const alphabet = ['a', '-', '/', '0', '\x01', '\xff'];
    for (let round = 0; round < 2000; round++) {
      const keys = new Set<string>();
      for (let k = rand(30); k > 0; k--) {
        let key = '';
        for (let len = 1 + rand(4); len > 0; len--) {
          key += alphabet[rand(alphabet.length)];
        }
        keys.add(key);
      }
      // Key order is byte order; these strings hold one char per byte, so string order is byte order.
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      assert.deepStrictEqual(viaChildList(sorted), viaMap(sorted), JSON.stringify(sorted));
    }
  });
});

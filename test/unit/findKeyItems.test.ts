import * as assert from 'assert';
import { findKeyItems } from '../../src/extension/keys/findKeyItems';
import type { KeyChild } from '../../src/core/keys/keyChild';

const folder = (name: string, keys: number, isKey = false): KeyChild => ({ name, isKey, isFolder: true, keys });
const key = (name: string): KeyChild => ({ name, isKey: true, isFolder: false, keys: 1 });

describe("Find Key's rows", () => {
  it('count a folder\'s keys as a person writes them: "1 key", "2 keys", "0 keys"', () => {
    const items = findKeyItems('/ztap/', '', [folder('deep', 1), folder('two', 2), folder('gone', 0), key('plain')], false);
    assert.deepStrictEqual(
      items.map(i => [i.label, i.description]),
      [
        ['$(folder) /ztap/deep/', '1 key'],
        ['$(folder) /ztap/two/', '2 keys'],
        ['$(folder) /ztap/gone/', '0 keys'],
        ['$(key) /ztap/plain', undefined],
      ],
    );
  });

  it('count a folder that is also a key without that key, and list the key beside it', () => {
    const items = findKeyItems('/ztap/', 'a', [folder('a', 2, true)], false);
    assert.deepStrictEqual(
      items.map(i => [i.target, i.description]),
      [
        ['/ztap/a/', '1 key'],
        ['/ztap/a', undefined],
      ],
    );
  });

  it('put the folder typed first when a folder is asked for and nothing follows the last "/"', () => {
    assert.strictEqual(findKeyItems('/ztap/x/', '', [key('k')], true)[0].target, '/ztap/x/');
    assert.strictEqual(findKeyItems('/ztap/x/', 'k', [key('k')], true)[0].target, '/ztap/x/k');
  });
});

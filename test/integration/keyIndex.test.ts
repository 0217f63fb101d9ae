import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { KeyIndex } from '../../src/core/keys/keyIndex';
import { listChildren } from '../../src/core/keys/listChildren';
import { PrefixWatcher } from '../../src/core/watch/prefixWatcher';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';

describe('key index kept current from the watch (real etcd)', function () {
  this.timeout(60_000);
  const cluster = useEtcd();

  it('matches a fresh listing of every cached folder after random puts and deletes', async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    const watcher = new PrefixWatcher(etcd, { prefix: '/ztap/' });
    try {
      await etcd.put('/ztap/a/x').value('1');
      await etcd.put('/ztap/b').value('1');
      await watcher.start();
      const index = new KeyIndex(etcd);
      const folders = ['/ztap/', '/ztap/a/', '/ztap/a/deep/', '/ztap/b/'];
      for (const f of folders) {
        await index.list(f);
      }
      let lastRev = '0';
      watcher.onEvents(batch => {
        index.apply(batch);
        lastRev = batch[batch.length - 1].modRevision;
      });
      // A deterministic "random" mix: new keys, updates, deletes, a key that is also a folder.
      const names = ['/ztap/a/x', '/ztap/a/y', '/ztap/a/deep/1', '/ztap/a/deep/2', '/ztap/b', '/ztap/b/c', '/ztap/c', '/ztap/a'];
      let seed = 7;
      let rev = '0';
      for (let i = 0; i < 300; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const key = names[seed % names.length];
        rev = seed % 3 === 0 ? (await etcd.delete().key(key).exec()).header.revision : (await etcd.put(key).value(String(i)).exec()).header.revision;
      }
      await eventually(() => BigInt(lastRev) >= BigInt(rev) || undefined, 10_000, 'the watcher to catch up');
      for (const f of folders) {
        const expected = (await listChildren(etcd, f)).children.map(({ name, isKey, isFolder, keys }) => ({ name, isKey, isFolder, keys }));
        const actual = (await index.list(f)).children.map(({ name, isKey, isFolder, keys }) => ({ name, isKey, isFolder, keys }));
        assert.deepStrictEqual(actual, expected, f);
      }
      const fresh = (await listChildren(etcd, '/ztap/')).children.find(c => c.name === 'c')?.meta;
      const cached = (await index.list('/ztap/')).children.find(c => c.name === 'c')?.meta;
      assert.deepStrictEqual(cached, fresh);
    } finally {
      watcher.dispose();
      etcd.close();
    }
  });
});

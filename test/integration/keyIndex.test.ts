import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { KeyIndex } from '../../src/core/keys/keyIndex';
import { listChildren } from '../../src/core/keys/listChildren';
import { PrefixWatcher } from '../../src/core/watch/prefixWatcher';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';
import { seedKeys } from '../support/seed';
import { seededRandom } from '../support/seededRandom';

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
      const rand = seededRandom(7);
      let rev = '0';
      for (let i = 0; i < 300; i++) {
        const key = names[rand(names.length)];
        rev = rand(3) === 0 ? (await etcd.delete().key(key).exec()).header.revision : (await etcd.put(key).value(String(i)).exec()).header.revision;
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

  it('a child that comes or goes shows in the next listing, in key order, each time', async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    const watcher = new PrefixWatcher(etcd, { prefix: '/ztap/order/' });
    try {
      await seedKeys(etcd, [
        ['/ztap/order/b', '1'],
        ['/ztap/order/d/x', '1'],
      ]);
      await watcher.start();
      const index = new KeyIndex(etcd);
      const names = async () => (await index.list('/ztap/order/')).children.map(c => `${c.name}:${c.keys}`);
      assert.deepStrictEqual(await names(), ['b:1', 'd:1']);
      let lastRev = 0n;
      watcher.onEvents(batch => {
        index.apply(batch);
        lastRev = BigInt(batch[batch.length - 1].modRevision);
      });
      const step = async (write: Promise<{ header: { revision: string } }>, expected: string[]) => {
        const rev = BigInt((await write).header.revision);
        await eventually(() => lastRev >= rev || undefined, 10_000, 'the watcher to catch up');
        assert.deepStrictEqual(await names(), expected);
      };
      await step(etcd.put('/ztap/order/a').value('1').exec(), ['a:1', 'b:1', 'd:1']);
      await step(etcd.put('/ztap/order/c/y').value('1').exec(), ['a:1', 'b:1', 'c:1', 'd:1']);
      await step(etcd.put('/ztap/order/d/z').value('1').exec(), ['a:1', 'b:1', 'c:1', 'd:2']);
      await step(etcd.delete().key('/ztap/order/b').exec(), ['a:1', 'c:1', 'd:2']);
      await step(etcd.put('/ztap/order/e').value('1').exec(), ['a:1', 'c:1', 'd:2', 'e:1']);
    } finally {
      watcher.dispose();
      await etcd.delete().prefix('/ztap/order/');
      etcd.close();
    }
  });

  it('lists a folder once for concurrent callers, shows its first page early, and the small folders below come with it', async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    try {
      await seedKeys(
        etcd,
        Array.from({ length: 6000 }, (_, i): [string, string] => [`/ztap/idx/t${String(i % 3)}/k${String(i).padStart(5, '0')}`, 'v']),
      );
      const index = new KeyIndex(etcd);
      const partials: number[] = [];
      const [a, b] = await Promise.all([index.list('/ztap/idx/', children => partials.push(children.length)), index.list('/ztap/idx/')]);
      assert.deepStrictEqual(a, b);
      assert.deepStrictEqual(
        a.children.map(c => [c.name, c.keys]),
        [
          ['t0', 2000],
          ['t1', 2000],
          ['t2', 2000],
        ],
      );
      // The first page (1,000 keys, sorted) holds t0 only: shown before the read ends.
      assert.ok(partials.length >= 2, `partials: ${partials.join(', ')}`);
      assert.strictEqual(partials[0], 1);
      // t1/ came from the same read: with the client closed, its listing still equals a fresh one.
      const fresh = await listChildren(etcd, '/ztap/idx/t1/');
      etcd.close();
      assert.deepStrictEqual(
        (await index.list('/ztap/idx/t1/')).children.map(c => c.name),
        fresh.children.map(c => c.name),
      );
    } finally {
      etcd.close();
      const cleanup = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
      await cleanup.delete().prefix('/ztap/idx/');
      cleanup.close();
    }
  });

  it("shows a folder's first part at once: ZTAP's election/ and nodes/ before a big policies/ is walked", async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    try {
      await seedKeys(etcd, [
        ['/ztap/parts/election/694d9a', 'node-1'],
        ['/ztap/parts/election/694d9b', 'node-2'],
        ['/ztap/parts/nodes/node-1', '{}'],
        ...Array.from({ length: 3000 }, (_, i): [string, string] => [`/ztap/parts/policies/state/t/p${String(i).padStart(4, '0')}`, 'v']),
      ]);
      const partials: string[][] = [];
      const listing = await new KeyIndex(etcd).list('/ztap/parts/', children => partials.push(children.map(c => `${c.name}:${c.keys}`)));
      // The first page is the part holding election/ and nodes/ (etcd walks only those keys), not the folder's first 1,000 keys.
      assert.deepStrictEqual(partials[0], ['election:2', 'nodes:1']);
      assert.deepStrictEqual(
        listing.children.map(c => `${c.name}:${c.keys}`),
        ['election:2', 'nodes:1', 'policies:3000'],
      );
    } finally {
      await etcd.delete().prefix('/ztap/parts/');
      etcd.close();
    }
  });

  it('a folder asked for while a read of the folder above is inside it is answered from that read, at once and then whole, not read again', async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    try {
      await seedKeys(
        etcd,
        Array.from({ length: 150_000 }, (_, i): [string, string] => [`/ztap/big/t${String(i % 30).padStart(2, '0')}/k${String(i).padStart(6, '0')}`, 'v']),
      );
      const index = new KeyIndex(etcd);
      // Count the reads that start at a folder: a second read of /ztap/big/ would be one.
      const starts: string[] = [];
      const range = etcd.kv.range.bind(etcd.kv);
      etcd.kv.range = (req, options) => {
        starts.push(Buffer.from(req.key as Buffer).toString());
        return range(req, options);
      };
      let firstPage: Array<{ name: string }> | undefined;
      let rootShown = false;
      const root = index.list('/ztap/', () => (rootShown = true));
      // As a user does: the folder above shows its first results, then the next level is typed.
      await eventually(() => rootShown || undefined, 10_000, 'the first page of /ztap/');
      const started = Date.now();
      const big = await index.list('/ztap/big/', children => (firstPage ??= children));
      assert.ok(firstPage && firstPage.length > 0, 'something shown before the folder was read whole');
      assert.ok(Date.now() - started < 60_000);
      const readsOfBig = starts.filter(k => k === '/ztap/big/');
      const fresh = await listChildren(etcd, '/ztap/big/');
      assert.deepStrictEqual(
        big.children.map(c => [c.name, c.keys]),
        fresh.children.map(c => [c.name, c.keys]),
      );
      await root;
      assert.deepStrictEqual(readsOfBig, [], `no read started at /ztap/big/ (reads started at: ${[...new Set(starts)].join(', ')})`);
    } finally {
      await etcd.delete().prefix('/ztap/big/');
      etcd.close();
    }
  });
});

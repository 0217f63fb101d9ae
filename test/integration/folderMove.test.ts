import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { moveFolder, planFolderMove } from '../../src/core/writes/folderMove';
import { useEtcd } from '../support/etcdFixture';

describe('Rename / Move Folder: every key moved in guarded transactions (real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();
  let client: ReturnType<typeof createEtcd3>;
  beforeEach(() => (client = createEtcd3(resolveConnection({ endpoints: etcd().endpoints }, {}))));
  afterEach(async () => {
    await client.delete().prefix('/ztap/mv/');
    client.close();
  });

  const under = async (prefix: string) =>
    Object.fromEntries(
      (await client.getAll().prefix(prefix).exec()).kvs.map(kv => [kv.key.toString().slice(prefix.length), { value: kv.value.toString(), lease: kv.lease }]),
    );

  it('moves 70 keys (values and leases, subfolders too) in batches, and back with the plan of exactly those keys', async () => {
    const lease = (await client.leaseClient.leaseGrant({ TTL: 120, ID: 0 })).ID;
    for (let i = 0; i < 70; i++) {
      await client.kv.put({ key: Buffer.from(`/ztap/mv/a/${i % 3 ? '' : 'sub/'}k${i}`), value: Buffer.from(`v${i}`), lease: i === 5 ? lease : '0' });
    }
    await client.put('/ztap/mv/ab').value('neighbour');
    const before = await under('/ztap/mv/a/');
    const plan = await planFolderMove(client, '/ztap/mv/a/', '/ztap/mv/b/');
    assert.strictEqual(plan.kvs.length, 70, 'the neighbour /ztap/mv/ab is not under /ztap/mv/a/');
    const seen: number[] = [];
    const result = await moveFolder(client, plan, done => seen.push(done));
    assert.strictEqual(result.moved.length, 70);
    assert.deepStrictEqual(result.left, []);
    assert.deepStrictEqual(seen, [32, 64, 70]);
    assert.deepStrictEqual(await under('/ztap/mv/b/'), before);
    assert.deepStrictEqual(await under('/ztap/mv/a/'), {});
    assert.strictEqual((await client.get('/ztap/mv/ab').string()) ?? null, 'neighbour');
    // Undo: exactly the keys moved go back, a key added under b/ since stays.
    await client.put('/ztap/mv/b/later').value('x');
    const back = await moveFolder(client, await planFolderMove(client, '/ztap/mv/b/', '/ztap/mv/a/', new Set(result.moved.map(m => m.to))));
    assert.strictEqual(back.moved.length, 70);
    assert.deepStrictEqual(await under('/ztap/mv/a/'), before);
    assert.deepStrictEqual(Object.keys(await under('/ztap/mv/b/')), ['later']);
  });

  it('leaves a key changed after it was read where it is, and moves the others; refuses taken names and a move into itself', async () => {
    for (let i = 0; i < 5; i++) {
      await client.put(`/ztap/mv/c/k${i}`).value(`v${i}`);
    }
    const plan = await planFolderMove(client, '/ztap/mv/c/', '/ztap/mv/d/');
    await client.put('/ztap/mv/c/k2').value('changed meanwhile');
    const result = await moveFolder(client, plan);
    assert.deepStrictEqual(result.left, ['/ztap/mv/c/k2']);
    assert.strictEqual(result.moved.length, 4);
    assert.deepStrictEqual(await under('/ztap/mv/c/'), { k2: { value: 'changed meanwhile', lease: '0' } });
    // A name taken under d/: the whole move is refused before anything moves.
    await client.put('/ztap/mv/d/k2').value('taken');
    const clash = await planFolderMove(client, '/ztap/mv/c/', '/ztap/mv/d/');
    assert.deepStrictEqual(clash.taken, ['/ztap/mv/d/k2']);
    await assert.rejects(moveFolder(client, clash), /1 of the new keys exist already \(\/ztap\/mv\/d\/k2\): nothing was moved/);
    assert.strictEqual(await client.get('/ztap/mv/c/k2').string(), 'changed meanwhile');
    await assert.rejects(planFolderMove(client, '/ztap/mv/c/', '/ztap/mv/c/inner/'), /cannot move into itself/);
  });
});

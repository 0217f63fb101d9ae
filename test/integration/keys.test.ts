import * as assert from 'assert';
import type { Etcd3 } from 'etcd3';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ConnectionManager } from '../../src/core/connection/connectionManager';
import { listChildren } from '../../src/core/keys/listChildren';
import { listFolder } from '../../src/core/keys/listFolder';
import { readPages, readRangePaged } from '../../src/core/keys/pagedRange';
import { prefixRangeEnd } from '../../src/core/keys/keyRange';
import { useEtcd } from '../support/etcdFixture';
import { etcdctl } from '../support/etcdctl';
import { parseJson, runCli } from '../support/runCli';
import { policyStateKeys, seedKeys } from '../support/seed';

describe('keys under /ztap/ (real etcd)', function () {
  this.timeout(180_000);
  const etcd = useEtcd();
  const manager = new ConnectionManager();
  let client: Etcd3;
  before(async () => {
    await manager.connect(resolveConnection({ endpoints: etcd().endpoints }, {}));
    client = manager.requireSession().client;
  });
  after(() => manager.dispose());

  it('listFolder, the one front: counting and deep reading give the same children as a full read, deep also the folders below', async () => {
    const keys: Array<[string, string]> = [];
    for (let t = 0; t < 40; t++) {
      for (let k = 0; k < 3 + (t % 4); k++) {
        keys.push([`/ztap/front/tenant-${String(t).padStart(2, '0')}/p${k}`, 'v']);
      }
    }
    keys.push(['/ztap/front/tenant-07', 'also a key'], ['/ztap/front/zz', 'flat'], ['/ztap/front/a/b/c', 'deep']);
    await seedKeys(client, keys);
    try {
      const shape = (children: Array<{ name: string; isKey: boolean; isFolder: boolean; keys: number }>) =>
        children.map(({ name, isKey, isFolder, keys: n }) => [name, isKey, isFolder, n]);
      const whole = await listChildren(client, '/ztap/front/');
      const counted = await listFolder(client, '/ztap/front/', { meta: false });
      const deep = await listFolder(client, '/ztap/front/', { deep: {} });
      assert.deepStrictEqual(shape(counted.listing.children), shape(whole.children));
      assert.deepStrictEqual(shape(deep.listing.children), shape(whole.children));
      assert.strictEqual(counted.listing.prefix, '/ztap/front/');
      assert.deepStrictEqual(counted.below, []);
      const tenant = deep.below.find(l => l.prefix === '/ztap/front/tenant-07/');
      assert.ok(tenant, `tenant-07 among ${deep.below.map(l => l.prefix).join(', ')}`);
      assert.deepStrictEqual(
        tenant.children.map(c => c.name),
        ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'],
      );
    } finally {
      await client.delete().prefix('/ztap/front/');
    }
  });

  it('a paged read hands over the same key-values as etcd3 decodes them: values, revisions, leases', async () => {
    const lease = client.lease(30, { autoKeepAlive: false });
    const id = await lease.grant();
    await client.put('/ztap/kv/plain').value('text');
    await client.put('/ztap/kv/binary').value(Buffer.from([0, 255, 1, 254]));
    await lease.put('/ztap/kv/leased').value('held');
    await client.put('/ztap/kv/plain').value('text again');
    const key = Buffer.from('/ztap/kv/');
    const ours: unknown[] = [];
    await readRangePaged(client, { key, rangeEnd: prefixRangeEnd(key), keysOnly: false }, kvs => void ours.push(...kvs));
    const theirs = (await client.kv.range({ key, range_end: prefixRangeEnd(key) })).kvs;
    const plain = (kv: { key: Buffer; value: Buffer; create_revision: string; mod_revision: string; version: string; lease: string }) => ({
      key: kv.key.toString('hex'),
      value: kv.value.toString('hex'),
      create_revision: kv.create_revision,
      mod_revision: kv.mod_revision,
      version: kv.version,
      lease: kv.lease,
    });
    assert.deepStrictEqual((ours as typeof theirs).map(plain), theirs.map(plain));
    assert.ok(
      theirs.some(kv => kv.lease === BigInt(`0x${id}`).toString() || kv.lease === id),
      'one key on the lease',
    );
    await lease.revoke();
    await client.delete().prefix('/ztap/kv/');
  });

  it('lists one level with counts, a key that is also a folder, and nested folders', async () => {
    await seedKeys(client, [
      ['/ztap/nodes/node-1', '{"id":"node-1"}'],
      ['/ztap/nodes/node-2', '{"id":"node-2"}'],
      ['/ztap/config', 'x'],
      ['/ztap/config/a/b', 'y'],
      ['/ztap/config/c', 'z'],
      ['/ztap-other/x', 'outside'],
    ]);
    const listing = await listChildren(client, '/ztap');
    assert.strictEqual(listing.prefix, '/ztap/');
    assert.deepStrictEqual(
      listing.children.map(({ name, isKey, isFolder, keys }) => ({ name, isKey, isFolder, keys })),
      [
        { name: 'config', isKey: true, isFolder: true, keys: 3 },
        { name: 'nodes', isKey: false, isFolder: true, keys: 2 },
      ],
    );
    const config = listing.children[0].meta!;
    assert.strictEqual(config.version, '1');
    assert.strictEqual(config.lease, '0');
    const nested = await listChildren(client, '/ztap/config/');
    assert.deepStrictEqual(
      nested.children.map(c => [c.name, c.isKey, c.isFolder, c.keys]),
      [
        ['a', false, true, 1],
        ['c', true, false, 1],
      ],
    );
  });

  it('reads pages at one pinned revision: a key written between pages is not seen', async () => {
    await seedKeys(
      client,
      Array.from({ length: 300 }, (_, i): [string, string] => [`/ztap/paged/k${String(i).padStart(4, '0')}`, 'v']),
    );
    const key = Buffer.from('/ztap/paged/');
    const seen: string[] = [];
    let wrote = false;
    const result = await readRangePaged(client, { key, rangeEnd: prefixRangeEnd(key), keysOnly: true, pageSize: 100 }, kvs => {
      seen.push(...kvs.map(kv => kv.key.toString()));
      if (!wrote) {
        wrote = true;
        void client.put('/ztap/paged/k9999').value('late');
      }
    });
    assert.strictEqual(result.pages, 3);
    assert.strictEqual(seen.length, 300);
    assert.ok(!seen.includes('/ztap/paged/k9999'));
    assert.strictEqual(new Set(seen).size, 300);
  });

  it('a big page of values is handed over in key order with pauses that let the next page in', async () => {
    const total = 40_000;
    await seedKeys(
      client,
      Array.from({ length: total }, (_, i): [string, string] => [`/ztap/turns/k${String(i).padStart(6, '0')}`, '']),
    );
    const key = Buffer.from('/ztap/turns/');
    const seen: string[] = [];
    // Set from a callback queued at the first record: how far the page had got when the loop let go.
    let firstPause: number | undefined;
    const result = await readPages(client, { key, rangeEnd: prefixRangeEnd(key), keysOnly: false, pageSize: total / 2 }, (buf, ks, ke) => {
      if (seen.length === 0) {
        setImmediate(() => (firstPause = seen.length));
      }
      seen.push(buf.toString('latin1', ks, ke));
    });
    assert.strictEqual(result.pages, 2);
    assert.strictEqual(seen.length, total);
    assert.ok(
      seen.every((k, i) => k === `/ztap/turns/k${String(i).padStart(6, '0')}`),
      'every key once, in key order',
    );
    assert.ok(firstPause !== undefined && firstPause > 0 && firstPause < total / 2, `the first page paused inside itself (at ${firstPause})`);
    await client.delete().prefix('/ztap/turns/');
  });

  it('gets a JSON value, a binary value as base64, and raw bytes on stdout', async () => {
    const binary = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f]);
    await client.put('/ztap/bin').value(binary);
    await client.put('/ztap/json').value('{"a":1}');
    const ep = etcd().endpoints.join(',');
    const bin = parseJson(await runCli(['get', '/ztap/bin', '--json', '--endpoints', ep]));
    assert.strictEqual(bin.encoding, 'base64');
    assert.deepStrictEqual(Buffer.from(bin.value, 'base64'), binary);
    assert.deepStrictEqual(Object.keys(bin).sort(), ['createRevision', 'encoding', 'key', 'lease', 'modRevision', 'value', 'version']);
    const raw = await runCli(['--endpoints', ep, 'get', '/ztap/bin']);
    assert.deepStrictEqual(raw.stdoutBytes, binary);
    const json = parseJson(await runCli(['get', '/ztap/json', '--json', '--endpoints', ep]));
    assert.deepStrictEqual([json.value, json.encoding], ['{"a":1}', 'utf8']);
    const missing = await runCli(['get', '/ztap/none', '--endpoints', ep]);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stderr, /does not exist/);
  });

  it('lists 200,000 keys with the built CLI, counts matching etcdctl', async () => {
    const total = await seedKeys(client, policyStateKeys(200_000));
    assert.strictEqual(total, 200_000);
    const ep = etcd().endpoints.join(',');
    const run = await runCli(['ls', '/ztap/policies/state/', '--json', '--endpoints', ep]);
    assert.strictEqual(run.code, 0, run.stderr);
    const listing = parseJson<{ prefix: string; revision: string; children: Array<{ name: string; keys: number; isFolder: boolean; isKey: boolean }> }>(run);
    assert.strictEqual(listing.children.length, 50);
    assert.ok(listing.children.every(c => c.keys === 4000 && c.isFolder && !c.isKey));
    assert.strictEqual(
      listing.children.reduce((n, c) => n + c.keys, 0),
      200_000,
    );
    const count = await etcdctl(etcd().endpoints, ['get', '/ztap/policies/state/', '--prefix', '--limit', '1', '-w', 'json']);
    assert.strictEqual(JSON.parse(count).count, 200_000);
    // Default prefix: {prefix}/ = /ztap/
    const top = parseJson(await runCli(['ls', '--json', '--endpoints', ep]));
    assert.strictEqual(top.prefix, '/ztap/');
    assert.ok(top.children.some((c: { name: string; keys: number }) => c.name === 'policies' && c.keys === 200_000));
  });

  it('a compaction during a paged listing restarts it once at the current revision: complete and consistent', async () => {
    await seedKeys(
      client,
      Array.from({ length: 3000 }, (_, i): [string, string] => [`/ztap/compacted/${String(i).padStart(5, '0')}`, 'v']),
    );
    let compactedAt: string | undefined;
    let restartedWith: string | undefined;
    const seen: string[] = [];
    const result = await readRangePaged(
      client,
      {
        key: Buffer.from('/ztap/compacted/'),
        rangeEnd: prefixRangeEnd(Buffer.from('/ztap/compacted/')),
        keysOnly: true,
        pageSize: 500,
        onRestart: rev => {
          restartedWith = rev;
          seen.length = 0;
        },
      },
      async page => {
        seen.push(...page.map(kv => kv.key.toString()));
        if (!compactedAt) {
          // After the first page: a new key, then etcd compacted up to now (as an operator's auto-compaction would).
          const put = await client.put('/ztap/compacted/zz-new').value('w').exec();
          compactedAt = put.header.revision;
          await client.kv.compact({ revision: compactedAt, physical: true });
        }
      },
    ).catch(err => err as Error);
    assert.ok(!(result instanceof Error), `the listing failed: ${(result as Error).message}`);
    assert.ok(restartedWith, 'the read did not restart (did the compaction land after it?)');
    assert.strictEqual(result.restartedFrom, restartedWith);
    assert.ok(BigInt(result.revision) >= BigInt(compactedAt!));
    assert.strictEqual(seen.length, 3001);
    assert.strictEqual(new Set(seen).size, 3001);

    // listChildren (ls and the tree): one-key pages, so a compaction 100 ms in lands mid-listing.
    const listing = listChildren(client, '/ztap/compacted/', { pageSize: 1 });
    await new Promise(r => setTimeout(r, 100));
    const put = await client.put('/ztap/compacted/zz-newer').value('w').exec();
    await client.kv.compact({ revision: put.header.revision, physical: true });
    const listed = await listing;
    assert.ok(listed.restartedFrom, 'the listing finished before the compaction: nothing tested');
    assert.ok(BigInt(listed.revision) >= BigInt(put.header.revision));
    assert.strictEqual(listed.children.length, 3002);
    assert.ok(listed.children.every(c => c.keys === 1));
  });
});

import * as assert from 'assert';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { idToHex } from '../../src/core/cluster/ids';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { listChildren } from '../../src/core/keys/listChildren';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { BboltError } from '../../src/core/snapshot/bboltReader';
import { SnapshotIndex } from '../../src/core/snapshot/snapshotIndex';
import { etcdctl, parseEtcdctlJson, snapshotTool } from '../support/etcdctl';
import { startRestoredMember } from '../support/restoredMember';
import { releaseAtLeast } from '../support/release';
import { parseJson, runCli } from '../support/runCli';

interface EtcdctlKv {
  key: string;
  value?: string;
  create_revision: number | string;
  mod_revision: number | string;
  version: number | string;
  lease?: number | string;
}

describe('snapshot index: a snapshot file read as etcd serves it (real etcd)', function () {
  this.timeout(240_000);
  let dir: string;
  let cluster: LocalEtcdCluster;
  let file: string;
  let index: SnapshotIndex;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ztap-snapindex-'));
    cluster = await LocalEtcdCluster.start({ members: 1 });
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    try {
      // 20,000 keys in 40 folders, written 500 to a transaction.
      for (let t = 0; t < 40; t++) {
        const ops = Array.from({ length: 500 }, (_, i) =>
          etcd.put(`/ztap/bulk/tenant-${String(t).padStart(2, '0')}/key-${String(i).padStart(4, '0')}`).value(`v${t}.${i}`),
        );
        for (let i = 0; i < ops.length; i += 100) {
          await etcd
            .if('/ztap/none', 'Version', '==', 0)
            .then(...ops.slice(i, i + 100))
            .commit();
        }
      }
      // Overwritten many times (many revisions of one key), then compacted in the middle.
      for (let i = 0; i < 50; i++) {
        await etcd.put('/ztap/hot').value(`hot ${i}`);
      }
      const mid = (await etcd.get('/ztap/hot').exec()).header.revision;
      // Deleted, deleted and re-created, deleted folder-wide.
      await etcd.delete().key('/ztap/bulk/tenant-00/key-0000');
      await etcd.put('/ztap/again').value('first life');
      await etcd.delete().key('/ztap/again');
      await etcd.put('/ztap/again').value('second life');
      await etcd.delete().prefix('/ztap/bulk/tenant-39/');
      await etcd.delete().key('/ztap/gone-before-compaction');
      await etcdctl(cluster.endpoints, ['compact', mid]);
      for (let i = 50; i < 60; i++) {
        await etcd.put('/ztap/hot').value(`hot ${i}`);
      }
      // Values on overflow pages, binary keys and values, an empty value.
      await etcd.put('/ztap/big/8k').value(Buffer.alloc(8 * 1024, 'b'));
      await etcd.put('/ztap/big/300k').value(Buffer.alloc(300 * 1024, 'c'));
      await etcd.put(Buffer.from([0x2f, 0x7a, 0x74, 0x61, 0x70, 0x2f, 0xff, 0x00, 0x41])).value(Buffer.from([0, 1, 2, 255]));
      await etcd.put('/ztap/empty').value('');
      // Keys on a lease, and a lease with no keys.
      const lease = etcd.lease(600, { autoKeepAlive: false });
      for (let i = 0; i < 10; i++) {
        await lease.put(`/ztap/nodes/node-${i}`).value(`{"id":"node-${i}"}`);
      }
      const empty = etcd.lease(300, { autoKeepAlive: false });
      await empty.grant();
      lease.release();
      empty.release();
    } finally {
      etcd.close();
    }
    file = join(dir, 'snap.db');
    await etcdctl(cluster.endpoints, ['snapshot', 'save', file]);
    index = SnapshotIndex.open(file);
  });

  after(async () => {
    index?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds, key by key, what a member restored from the file (etcdctl 3.4, etcdutl 3.5+) serves: values, revisions, versions, leases', async () => {
    const member = await startRestoredMember(file, dir);
    try {
      const served = parseEtcdctlJson(await etcdctl([member.endpoint], ['get', '', '--from-key', '-w', 'json'])).kvs as EtcdctlKv[];
      const ours = [...index.entries()];
      assert.strictEqual(ours.length, served.length);
      assert.ok(ours.length > 19_000, `${ours.length} keys`);
      for (let i = 0; i < served.length; i++) {
        const theirs = served[i];
        const mine = ours[i];
        const where = `key ${i}: ${Buffer.from(theirs.key, 'base64').toString('latin1')}`;
        assert.ok(mine.keyBytes.equals(Buffer.from(theirs.key, 'base64')), where);
        assert.ok(mine.value.equals(Buffer.from(theirs.value ?? '', 'base64')), where);
        assert.strictEqual(mine.createRevision, String(theirs.create_revision), where);
        assert.strictEqual(mine.modRevision, String(theirs.mod_revision), where);
        assert.strictEqual(mine.version, String(theirs.version), where);
        assert.strictEqual(mine.lease, theirs.lease === undefined || String(theirs.lease) === '0' ? '0' : idToHex(String(theirs.lease)), where);
      }
      const status = JSON.parse(await snapshotTool(['status', file, '-w', 'json'])) as { revision: number };
      assert.strictEqual(index.revision, status.revision);
      assert.ok(index.compactRevision > 0, 'the compaction is seen');
    } finally {
      await member.stop();
    }
  });

  it('lists folders as a live listing of the same keys does', async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    try {
      for (const prefix of ['/ztap/', '/ztap/bulk/', '/ztap/bulk/tenant-00/', '/ztap/nodes/', '/ztap/missing/']) {
        const live = await listChildren(etcd, prefix);
        if (releaseAtLeast('3.7.0') && prefix === '/ztap/nodes/') {
          // etcd 3.7 serves keys-only ranges from its index, without leases: the live
          // listing says lease 0 where the file (and a full read) have the node's lease.
          const full = await etcd.getAll().prefix(prefix).exec();
          assert.ok(full.kvs.length === 10 && full.kvs.every(kv => kv.lease !== '0'), 'a full read has the leases');
          assert.ok(
            live.children.every(c => c.meta?.lease === '0'),
            'etcd 3.7 sends no lease in a keys-only read',
          );
          assert.deepStrictEqual(
            index.list(prefix).children.map(c => c.meta?.lease),
            full.kvs.map(kv => BigInt(kv.lease).toString(16)),
          );
          const withoutLease = (children: typeof live.children) => children.map(c => ({ ...c, meta: c.meta && { ...c.meta, lease: '0' } }));
          assert.deepStrictEqual(withoutLease(index.list(prefix).children), live.children, prefix);
          continue;
        }
        assert.deepStrictEqual(index.list(prefix).children, live.children, prefix);
      }
    } finally {
      etcd.close();
    }
    assert.strictEqual(index.count('/ztap/bulk/tenant-39/'), 0);
    assert.strictEqual(index.get('/ztap/again')?.value.toString(), 'second life');
    assert.strictEqual(index.get('/ztap/again')?.version, '1');
    assert.strictEqual(index.get('/ztap/hot')?.value.toString(), 'hot 59');
    assert.strictEqual(index.get('/ztap/bulk/tenant-00/key-0000'), null);
    assert.strictEqual(index.get('/ztap/big/300k')?.value.length, 300 * 1024);
  });

  it('lists the leases with their TTLs and how many keys each holds', () => {
    const leases = index.leases().sort((a, b) => a.keys - b.keys);
    assert.deepStrictEqual(
      leases.map(l => [l.ttl, l.keys]),
      [
        [300, 0],
        [600, 10],
      ],
    );
    assert.strictEqual(index.get('/ztap/nodes/node-3')?.lease, leases[1].id);
  });

  it('ztap-etcd snapshot ls / get / diff (--live and --against) read the file as the index does', async () => {
    const ep = cluster.endpoints[0];
    const ls = await runCli(['snapshot', 'ls', file, '/ztap/bulk/', '--json']);
    assert.strictEqual(ls.code, 0, ls.stderr);
    assert.strictEqual(parseJson(ls).children.length, 39);
    assert.strictEqual(parseJson(ls).children[0].keys, 499);
    const get = await runCli(['snapshot', 'get', file, '/ztap/again']);
    assert.strictEqual(get.stdout, 'second life');
    const missing = await runCli(['snapshot', 'get', file, '/ztap/bulk/tenant-00/key-0000']);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stderr, /is not in .*snap\.db \(revision \d+\)/);
    // The live cluster moves on: one key added, one changed, one deleted under /ztap/.
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    try {
      await etcd.put('/ztap/after-snapshot').value('new');
      await etcd.put('/ztap/hot').value('hotter');
      await etcd.delete().key('/ztap/empty');
    } finally {
      etcd.close();
    }
    const live = await runCli(['snapshot', 'diff', file, '/ztap/', '--json', '--endpoints', ep]);
    assert.strictEqual(live.code, 0, live.stderr);
    const diff = parseJson(live);
    assert.deepStrictEqual(
      diff.changes.map((c: { key: string; kind: string }) => [c.kind, c.key]),
      [
        ['added', '/ztap/after-snapshot'],
        ['deleted', '/ztap/empty'],
        ['changed', '/ztap/hot'],
      ],
    );
    assert.strictEqual(diff.counts.same, index.count('/ztap/') - 2);
    const later = join(dir, 'later.db');
    await etcdctl(cluster.endpoints, ['snapshot', 'save', later]);
    const text = await runCli(['snapshot', 'diff', file, '--against', later]);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.match(text.stdout, /^\+ \/ztap\/after-snapshot {2}\(added\)$/m);
    assert.match(text.stdout, /^~ \/ztap\/hot {2}\(changed: 6 B -> 6 B\)$/m);
    assert.match(text.stdout, /^3 changes: 1 added, 1 changed, 1 deleted; \d+ the same$/m);
    const both = await runCli(['snapshot', 'diff', file, '--live', '--against', later]);
    assert.strictEqual(both.code, 2);
    const nowhere = await runCli(['snapshot', 'ls', join(dir, 'nowhere.db')]);
    assert.strictEqual(nowhere.code, 2);
    assert.match(nowhere.stderr, /nowhere\.db does not exist/);
  });

  it('says what is wrong with a file that is not an etcd database, or is cut short', () => {
    const notDb = join(dir, 'text.db');
    writeFileSync(notDb, 'hello, this is not a database');
    assert.throws(
      () => SnapshotIndex.open(notDb),
      (e: Error) => e instanceof BboltError && /not a bbolt database/.test(e.message),
    );
    const cut = join(dir, 'cut.db');
    copyFileSync(file, cut);
    truncateSync(cut, 64 * 1024);
    assert.throws(
      () => SnapshotIndex.open(cut),
      (e: Error) => e instanceof BboltError && /truncated|beyond the end|past the end/.test(e.message),
    );
  });
});

import * as assert from 'assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { BboltError } from '../../src/core/snapshot/bboltReader';
import { snapshotStatus } from '../../src/core/snapshot/snapshotStatus';
import { snapshotStatusOffThread } from '../../src/core/snapshot/snapshotWorkers';
import { useEtcd } from '../support/etcdFixture';
import { etcdctl, snapshotTool } from '../support/etcdctl';
import { etcdRelease, releaseAtLeast } from '../support/release';
import { parseJson, runCli } from '../support/runCli';
import { policyStateKeys, seedKeys } from '../support/seed';

describe("snapshot status, read without etcd, agrees with the release's own tool (etcdctl 3.4, etcdutl 3.5+) (real etcd)", function () {
  this.timeout(120_000);
  const cluster = useEtcd();
  let dir: string;
  let file: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ztap-snap-'));
    file = join(dir, 'backup.db');
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    try {
      // Enough keys for branch pages, a value past one page (overflow), deletes and updates, a lease.
      await seedKeys(etcd, policyStateKeys(20_000));
      await etcd.put('/ztap/big').value(Buffer.alloc(200_000, 'b'));
      await etcd.delete().prefix('/ztap/policies/state/tenant-07/');
      await etcd.put('/ztap/policies/state/tenant-01/policy-000000').value('{"Version":2}');
      const lease = etcd.lease(60, { autoKeepAlive: false });
      await lease.put('/ztap/nodes/node-1').value('{"id":"node-1"}');
      lease.release();
    } finally {
      etcd.close();
    }
    await etcdctl(cluster().endpoints, ['snapshot', 'save', file]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the same hash, revision, total keys, total size (and 3.6's version) as the tool's snapshot status, and verifies the trailer", async () => {
    const theirs = JSON.parse(await snapshotTool(['status', file, '-w', 'json']));
    const ours = await snapshotStatus(file);
    assert.deepStrictEqual(
      { hash: ours.hash, revision: ours.revision, totalKey: ours.totalKey, totalSize: ours.totalSize, version: ours.version },
      { hash: theirs.hash, revision: theirs.revision, totalKey: theirs.totalKey, totalSize: theirs.totalSize, version: theirs.version },
    );
    if (releaseAtLeast('3.6.0')) {
      // The file records its storage version, and etcdutl 3.6 counts the keys alive at its
      // revision: 20,000 seeded over 50 tenants, one tenant's 400 deleted, /ztap/big and the node added.
      assert.strictEqual(ours.version, `${etcdRelease().split('.').slice(0, 2).join('.')}.0`);
      assert.strictEqual(ours.totalKey, 20_000 - 400 + 2);
    } else {
      // Every entry of every bucket: the key bucket's history (the deletes' tombstones, the update) and etcd's own.
      assert.strictEqual(ours.version, undefined);
      assert.ok(ours.totalKey > 20_000 + 400 + 2);
    }
    // Whatever the release's tool counts, the keys alive at the revision are counted when asked
    // for (what the file's tree shows), and when the file counts its keys that way (3.6+).
    assert.strictEqual(ours.liveKeys, releaseAtLeast('3.6.0') ? 20_000 - 400 + 2 : undefined);
    const withLive = await snapshotStatus(file, { liveKeys: true });
    assert.deepStrictEqual(withLive, { ...ours, liveKeys: 20_000 - 400 + 2 });
    assert.strictEqual(ours.checksumOk, true);
    // The extension reads it on a worker thread, live keys counted: the same figures.
    assert.deepStrictEqual(await snapshotStatusOffThread(file), withLive);
    assert.strictEqual(ours.fileSize % 512, 32);
  });

  it('ztap-etcd snapshot status --json prints the same figures, and a table without --json', async () => {
    const theirs = JSON.parse(await snapshotTool(['status', file, '-w', 'json']));
    const run = await runCli(['snapshot', 'status', file, '--json']);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.deepStrictEqual(parseJson(run), { ...theirs, checksumOk: true });
    const table = await runCli(['snapshot', 'status', file]);
    assert.match(
      table.stdout,
      releaseAtLeast('3.6.0')
        ? /^HASH\s+REVISION\s+TOTAL KEYS\s+TOTAL SIZE\s+VERSION\n[0-9a-f]+\s+\d+\s+\d+\s+.*\s3\.\d+\.0\n/
        : /^HASH\s+REVISION\s+TOTAL KEYS\s+TOTAL SIZE\n[0-9a-f]+\s+\d+\s+\d+\s+/,
    );
    assert.match(table.stdout, /sha256 trailer: verified/);
  });

  it('reports a damaged trailer (exit 1), a file that is not a snapshot, and a missing file (exit 2)', async () => {
    const damaged = join(dir, 'damaged.db');
    copyFileSync(file, damaged);
    const bytes = readFileSync(damaged);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(damaged, bytes);
    assert.strictEqual((await snapshotStatus(damaged)).checksumOk, false);
    const run = await runCli(['snapshot', 'status', damaged, '--json']);
    assert.strictEqual(run.code, 1);
    assert.strictEqual(parseJson(run).checksumOk, false);

    // Cut short: the pages past the cut are named as missing, and the trailer thread is stopped.
    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2)));
    await assert.rejects(snapshotStatus(truncated), /truncated file\?/);
    await assert.rejects(snapshotStatusOffThread(truncated), (err: unknown) => err instanceof BboltError && /truncated file\?/.test(err.message));
    const cut = await runCli(['snapshot', 'status', truncated]);
    assert.strictEqual(cut.code, 1);
    assert.match(cut.stderr, /truncated\.db: page \d+ is beyond the end of the database \(truncated file\?\)/);

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 7));
    const bad = await runCli(['snapshot', 'status', junk]);
    assert.strictEqual(bad.code, 1);
    assert.match(bad.stderr, /not a bbolt database/);

    const missing = await runCli(['snapshot', 'status', join(dir, 'nope.db')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
  });
});

import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { readKeyHistory } from '../../src/core/history/keyHistory';
import { readPrefixChanges } from '../../src/core/history/prefixChanges';
import { HistoryCompacted } from '../../src/core/history/revisionSpan';
import { useEtcd } from '../support/etcdFixture';
import { runCli } from '../support/runCli';
import { etcdctl, etcdHistory, parseEtcdctlJson } from '../support/etcdctl';
import { seedKeys } from '../support/seed';
import { seededRandom } from '../support/seededRandom';

describe("history: a key's versions and what changed under a prefix (real etcd)", function () {
  this.timeout(60_000);
  const cluster = useEtcd();
  let etcd: ReturnType<typeof createEtcd3>;
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(() => etcd.close());
  const cli = (...args: string[]) => runCli([...args, '--endpoints', cluster().endpoints[0]]);
  const put = async (key: string, value: string | Buffer) => BigInt((await etcd.put(key).value(value).exec()).header.revision);
  const del = async (key: string) => BigInt((await etcd.delete().key(key).exec()).header.revision);

  it('lists every version newest first across three deletions and re-creations, binary values exact, ending at a deletion', async () => {
    const key = '/ztap/h/lives';
    const written: Array<{ rev: bigint; value?: Buffer }> = [];
    for (let life = 0; life < 4; life++) {
      for (let v = 0; v < 3; v++) {
        const value = Buffer.from([life, v, 0xff, 0x00, 0xc3]);
        written.push({ rev: await put(key, value), value });
        await put('/ztap/h/other', `noise ${life} ${v}`);
      }
      written.push({ rev: await del(key) });
    }
    const history = await readKeyHistory(etcd, key);
    assert.strictEqual(history.compactRevision, undefined);
    assert.deepStrictEqual(
      history.versions.map(v => [v.modRevision, v.deleted]),
      written.map(w => [w.rev, w.value === undefined]).reverse(),
    );
    const oldest = history.versions[history.versions.length - 1];
    assert.ok(oldest.value.equals(written[0].value!));
    assert.deepStrictEqual(
      history.versions.filter(v => !v.deleted).map(v => Number(v.version)),
      [3, 2, 1, 3, 2, 1, 3, 2, 1, 3, 2, 1],
    );
    // The CLI: one JSON object per version, binary as base64.
    const run = await cli('history', key, '--json');
    assert.strictEqual(run.code, 0, run.stderr);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    assert.strictEqual(rows.length, 16);
    assert.deepStrictEqual(Object.keys(rows[1]).sort(), ['createRevision', 'deleted', 'encoding', 'key', 'modRevision', 'value', 'version']);
    assert.deepStrictEqual([rows[0].deleted, rows[1].encoding, Buffer.from(rows[1].value, 'base64')], [true, 'base64', written[14].value]);
  });

  it("reads more than one of etcd's 1,000-revision batches exactly, for a key that exists and one deleted last", async () => {
    const entries: Array<[string, string]> = [];
    for (let i = 0; i < 1500; i++) {
      entries.push(['/ztap/h/many', `{"n":${i}}`]);
    }
    await seedKeys(etcd, entries.slice(0, 1), 1);
    for (const [k, v] of entries.slice(1)) {
      await etcd.put(k).value(v).exec();
    }
    await put('/ztap/h/gone', 'a');
    for (let i = 0; i < 1200; i++) {
      await put('/ztap/h/gone', `v${i}`);
    }
    const deletedAt = await del('/ztap/h/gone');
    const [many, gone] = await Promise.all([readKeyHistory(etcd, '/ztap/h/many'), readKeyHistory(etcd, '/ztap/h/gone')]);
    assert.strictEqual(many.versions.length, 1500);
    assert.strictEqual(many.versions[0].value.toString(), '{"n":1499}');
    assert.deepStrictEqual(many.versions[0].changed, ['n']);
    assert.strictEqual(gone.versions.length, 1202);
    assert.strictEqual(gone.versions[0].modRevision, deletedAt);
  });

  it("reads a long history in parallel chunks exactly: three lives of 1,000 versions, each deleted, between other keys' writes", async () => {
    const key = '/ztap/h/chunked';
    const expected: Array<[bigint, boolean]> = [];
    for (let life = 0; life < 3; life++) {
      for (let v = 0; v < 1000; v++) {
        expected.push([await put(key, `${life}.${v}`), false]);
        if (v % 10 === 0) {
          await put('/ztap/h/between', `${life}.${v}`);
        }
      }
      expected.push([await del(key), true]);
      for (let i = 0; i < 200; i++) {
        await put('/ztap/h/between', `gap ${i}`);
      }
    }
    const history = await readKeyHistory(etcd, key);
    assert.deepStrictEqual(
      history.versions.map(v => [v.modRevision, v.deleted]),
      expected.reverse(),
    );
    assert.strictEqual(history.versions[1].value.toString(), '2.999');
  });

  it('after a compaction in the middle, says where history starts and keeps the version that stood there', async () => {
    const key = '/ztap/h/compacted';
    const revs: bigint[] = [];
    for (let i = 0; i < 6; i++) {
      revs.push(await put(key, `v${i}`));
    }
    const compactAt = await put('/ztap/h/unrelated', 'x');
    await etcd.kv.compact({ revision: compactAt.toString(), physical: true });
    revs.push(await put(key, 'v6'));
    const history = await readKeyHistory(etcd, key);
    assert.strictEqual(history.compactRevision, compactAt);
    assert.deepStrictEqual(
      history.versions.map(v => [v.modRevision, v.value.toString(), !!v.atCompaction]),
      [
        [revs[6], 'v6', false],
        [revs[5], 'v5', true],
      ],
    );
    const text = await cli('history', key);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`history before revision ${compactAt} has been compacted`));
  });

  it('lists what was added, changed and deleted under a folder of 2,000 keys, nothing outside it, and none of the created-then-deleted', async () => {
    await seedKeys(
      etcd,
      Array.from({ length: 2000 }, (_, i) => [`/ztap/c/k${String(i).padStart(4, '0')}`, 'v0'] as [string, string]),
    );
    const from = await put('/ztap/cx/outside', 'before');
    await put('/ztap/c/new-1', 'n');
    await put('/ztap/c/k0001', 'v1');
    await put('/ztap/c/k0001', 'v2');
    await del('/ztap/c/k0002');
    await put('/ztap/c/brief', 'b');
    await del('/ztap/c/brief');
    const middle = await put('/ztap/cx/outside', 'after');
    await del('/ztap/c/k0003');
    await put('/ztap/c/k0003', 'back');
    const result = await readPrefixChanges(etcd, '/ztap/c/', from);
    assert.deepStrictEqual(
      result.changes.map(c => [c.key, c.change]),
      [
        ['/ztap/c/k0001', 'changed'],
        ['/ztap/c/k0002', 'deleted'],
        ['/ztap/c/k0003', 'changed'],
        ['/ztap/c/new-1', 'added'],
      ],
    );
    assert.strictEqual(result.transient, 1);
    const upToMiddle = await readPrefixChanges(etcd, '/ztap/c/', from, middle);
    assert.deepStrictEqual(
      upToMiddle.changes.map(c => c.key),
      ['/ztap/c/k0001', '/ztap/c/k0002', '/ztap/c/new-1'],
    );
    const run = await cli('changes', '/ztap/c/', '--from', String(from), '--to', String(middle), '--json');
    assert.strictEqual(run.code, 0, run.stderr);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    assert.deepStrictEqual(rows[0], { key: '/ztap/c/k0001', change: 'changed', fromRevision: rows[0].fromRevision, toRevision: rows[0].toRevision });
    assert.ok(BigInt(rows[0].fromRevision) <= from && BigInt(rows[0].toRevision) > from);
    assert.deepStrictEqual(rows[2], { key: '/ztap/c/new-1', change: 'added', fromRevision: null, toRevision: String(from + 1n) });
  });

  it('changes are what etcdctl watch --rev and get --rev say, for 600 random writes: kinds, revisions, transients', async () => {
    const random = seededRandom(20261205);
    const name = (i: number) => `/ztap/r/k${String(i).padStart(3, '0')}`;
    await seedKeys(
      etcd,
      Array.from({ length: 300 }, (_, i) => [name(i), 'v0'] as [string, string]),
    );
    const from = await put('/ztap/rx/outside', 'before');
    for (let op = 0; op < 600; op++) {
      const pick = random(10);
      if (pick < 6) {
        await put(name(random(400)), `v${op}`);
      } else if (pick < 9) {
        await del(name(random(400)));
      } else {
        // A deletion of up to ten keys at one revision.
        await etcd.delete().prefix(name(random(40)).slice(0, -1));
      }
      if (op % 50 === 0) {
        await put('/ztap/r0', `beside ${op}`); // just past the folder's range
      }
    }
    const to = await put('/ztap/rx/outside', 'after');
    await put(name(1), 'after the span'); // the watch below ends on it
    const ep = cluster().endpoints;
    const modRevisionsAt = async (rev: bigint) =>
      new Map<string, string>(
        (parseEtcdctlJson(await etcdctl(ep, ['get', '/ztap/r/', '--prefix', '--keys-only', `--rev=${rev}`, '-w', 'json'])).kvs ?? []).map(
          (kv: { key: string; mod_revision: number }) => [Buffer.from(kv.key, 'base64').toString(), String(kv.mod_revision)],
        ),
      );
    const before = await modRevisionsAt(from);
    const after = await modRevisionsAt(to);
    const events = (await etcdHistory(ep, '/ztap/r/', String(from + 1n), String(to + 1n))).filter(e => BigInt(e.modRevision) <= to);
    const last = new Map(events.map(e => [e.key, e.modRevision]));
    const expected = [...last.keys()]
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .filter(key => before.has(key) || after.has(key))
      .map(key => ({
        key,
        change: !before.has(key) ? 'added' : after.has(key) ? 'changed' : 'deleted',
        fromRevision: before.get(key) ?? null,
        toRevision: last.get(key),
      }));
    const transient = [...last.keys()].filter(key => !before.has(key) && !after.has(key)).length;
    assert.ok(expected.length > 200 && transient > 0 && expected.some(c => c.change === 'deleted') && expected.some(c => c.change === 'added'));
    const result = await readPrefixChanges(etcd, '/ztap/r/', from, to);
    assert.deepStrictEqual(
      result.changes.map(c => ({ key: c.key, change: c.change, fromRevision: c.fromRevision?.toString() ?? null, toRevision: c.toRevision.toString() })),
      expected,
    );
    assert.deepStrictEqual([result.transient, result.events], [transient, events.length]);
    const run = await cli('changes', '/ztap/r/', '--from', String(from), '--to', String(to), '--json');
    assert.strictEqual(run.code, 0, run.stderr);
    assert.deepStrictEqual(
      run.stdout
        .trim()
        .split('\n')
        .map(l => JSON.parse(l)),
      expected,
    );
  });

  it('a start older than the compaction fails naming the compact revision (CLI exit 1), and a start after it works', async () => {
    const from = await put('/ztap/d/a', '1');
    await put('/ztap/d/a', '2');
    const compactAt = await put('/ztap/d/b', '1');
    await etcd.kv.compact({ revision: compactAt.toString(), physical: true });
    await assert.rejects(readPrefixChanges(etcd, '/ztap/d/', from), (err: unknown) => err instanceof HistoryCompacted && err.compactRevision === compactAt);
    const run = await cli('changes', '/ztap/d/', '--from', String(from));
    assert.strictEqual(run.code, 1);
    assert.match(run.stderr, new RegExp(`revision ${from} has been compacted: etcd keeps history from revision ${compactAt} on`));
    assert.strictEqual((await readPrefixChanges(etcd, '/ztap/d/', compactAt)).changes.length, 0);
    const bad = await cli('changes', '/ztap/d/', '--from', 'yesterday');
    assert.deepStrictEqual([bad.code, bad.stderr.trim().split('\n').length], [2, 1]);
  });
});

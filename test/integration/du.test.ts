import * as assert from 'assert';
import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { FolderSpace, spaceUnder } from '../../src/core/space/folderSpace';
import { useEtcd } from '../support/etcdFixture';
import { parseJson, runCli } from '../support/runCli';
import { seededRandom } from '../support/seededRandom';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

/** Awkward key names: empty segments, trailing slashes, 0x00 and 0xff bytes, spaces, UTF-8. */
function randomName(random: (n: number) => number): Buffer {
  const parts = [
    Buffer.from('a'),
    Buffer.from('/'),
    Buffer.from('//'),
    Buffer.from([0xff]),
    Buffer.from([0]),
    Buffer.from(' '),
    Buffer.from('é'),
    Buffer.from('b/'),
  ];
  return Buffer.concat(Array.from({ length: 1 + random(5) }, () => parts[random(parts.length)]));
}

/** Brute force: every key under `prefix`, its bytes and versions, as the folder must count them. */
function bruteForce(kvs: Map<string, { value: number; version: number }>, prefix: Buffer) {
  let keys = 0;
  let keyBytes = 0;
  let valueBytes = 0;
  let versions = 0;
  for (const [k, v] of kvs) {
    const key = Buffer.from(k, 'latin1');
    if (key.length >= prefix.length && key.subarray(0, prefix.length).equals(prefix)) {
      keys++;
      keyBytes += key.length;
      valueBytes += v.value;
      versions += v.version;
    }
  }
  return { keys, keyBytes, valueBytes, versions };
}

describe('du: keys, bytes and versions per folder (real etcd)', function () {
  this.timeout(300_000);
  const cluster = useEtcd({ members: 1 });
  let etcd: Etcd3;
  before(() => {
    etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
  });
  after(() => etcd?.close());

  it('equals a brute-force count for 2,000 random keyspaces of awkward names, every folder down to 3 levels', async () => {
    const random = seededRandom(28);
    let folders = 0;
    for (let space = 0; space < 2000; space++) {
      const root = Buffer.from(`/du/${space}/`);
      const written = new Map<string, { value: number; version: number }>();
      const count = random(9);
      for (let i = 0; i < count; i++) {
        const key = Buffer.concat([root, randomName(random)]);
        const value = Buffer.alloc(random(40), 'v');
        const id = key.toString('latin1');
        const before = written.get(id);
        written.set(id, { value: value.length, version: (before?.version ?? 0) + 1 });
        // Written in order: a key written twice has version 2 and its last value.
        await etcd.put(key).value(value);
      }
      const { space: result } = await spaceUnder(etcd, root, 3);
      const check = (f: FolderSpace, level: number) => {
        folders++;
        assert.deepStrictEqual(
          { keys: f.keys, keyBytes: f.keyBytes, valueBytes: f.valueBytes, versions: f.versions },
          bruteForce(written, f.prefix),
          `${f.prefix.toString('hex')} in keyspace ${space}`,
        );
        // Its children: exactly the distinct next segments (up to and with their "/") among its keys.
        const expected = new Set<string>();
        if (level < 3) {
          for (const id of written.keys()) {
            const key = Buffer.from(id, 'latin1');
            if (key.subarray(0, f.prefix.length).equals(f.prefix)) {
              const slash = key.indexOf(0x2f, f.prefix.length);
              if (slash >= 0) {
                expected.add(key.subarray(0, slash + 1).toString('latin1'));
              }
            }
          }
        }
        assert.deepStrictEqual(new Set(f.children.map(c => c.prefix.toString('latin1'))), expected);
        f.children.forEach(c => check(c, level + 1));
      };
      check(result, 0);
    }
    assert.ok(folders > 4000, `${folders} folders compared`);
  });

  it('ztap-etcd du prints the same figures as JSON, the biggest folder first; a bad --depth is exit 2', async () => {
    await etcd.put('/dutop/small/a').value('x');
    await etcd.put('/dutop/big/a').value(Buffer.alloc(5000, 'y'));
    await etcd.put('/dutop/big/b').value(Buffer.alloc(5000, 'y'));
    await etcd.put('/dutop/big/b').value(Buffer.alloc(5000, 'z'));
    const run = await runCli(['du', '/dutop', '--json', '--endpoints', cluster().endpoints[0]]);
    assert.strictEqual(run.code, 0, run.stderr);
    const out = parseJson<{
      prefix: string;
      keys: number;
      versions: number;
      children: Array<{ prefix: string; keys: number; valueBytes: number; versions: number }>;
    }>(run);
    assert.strictEqual(out.prefix, '/dutop/');
    assert.strictEqual(out.keys, 3);
    assert.strictEqual(out.versions, 4);
    assert.deepStrictEqual(
      out.children.map(c => [c.prefix, c.keys, c.valueBytes, c.versions]),
      [
        ['/dutop/big/', 2, 10000, 3],
        ['/dutop/small/', 1, 1, 1],
      ],
    );
    const text = await runCli(['du', '/dutop/', '--endpoints', cluster().endpoints[0]]);
    assert.match(text.stdout, /^SIZE\s+KEYS\s+VERSIONS\s+FOLDER\n/);
    assert.match(text.stdout, /\n\S+ \S*\s+2\s+3\s+ {2}\/dutop\/big\/\n/);
    const bad = await runCli(['du', '--depth', 'x', '--endpoints', cluster().endpoints[0]]);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--depth x: use a whole number of levels/);
  });

  it("du --snapshot FILE: the live figures of the cluster at the file's revision, and every revision it holds with its exact bytes", async () => {
    // Each revision in etcd's key bucket: a 17-byte revision key ("t" added for a deletion)
    // and an mvccpb.KeyValue: key=1, create_revision=2, mod_revision=3, version=4, value=5
    // (a deletion stores the key alone). Sizes counted here from that layout alone.
    const varintBytes = (n: number) => (n < 2 ** 7 ? 1 : n < 2 ** 14 ? 2 : n < 2 ** 21 ? 3 : n < 2 ** 28 ? 4 : 5);
    const bytesField = (n: number) => (n === 0 ? 0 : 1 + varintBytes(n) + n);
    const numberField = (n: number) => (n === 0 ? 0 : 1 + varintBytes(n));
    const random = seededRandom(2828);
    const expected = new Map<string, { revisions: number; historyBytes: number }>();
    const count = (key: string, bytes: number) => {
      for (const folder of ['/dusnap/', `/dusnap/${key.split('/')[2]}/`]) {
        const e = expected.get(folder) ?? { revisions: 0, historyBytes: 0 };
        expected.set(folder, { revisions: e.revisions + 1, historyBytes: e.historyBytes + bytes });
      }
    };
    const alive = new Map<string, { create: number; version: number }>();
    for (let i = 0; i < 300; i++) {
      const key = `/dusnap/${['a', 'b', 'c'][random(3)]}/k${random(20)}`;
      const k = Buffer.byteLength(key);
      if (alive.has(key) && random(4) === 0) {
        await etcd.delete().key(key);
        alive.delete(key);
        count(key, 18 + bytesField(k));
      } else {
        const value = 'v'.repeat(1 + random(300));
        const { header } = await etcd.put(key).value(value).exec();
        const revision = Number(header.revision);
        const before = alive.get(key);
        const entry = { create: before?.create ?? revision, version: (before?.version ?? 0) + 1 };
        alive.set(key, entry);
        count(key, 17 + bytesField(k) + numberField(entry.create) + numberField(revision) + numberField(entry.version) + bytesField(value.length));
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'du-snap-')), 'snap.db');
    try {
      const saved = await runCli(['snapshot', 'save', file, '--endpoints', cluster().endpoints[0]]);
      assert.strictEqual(saved.code, 0, saved.stderr);
      type Folder = {
        prefix: string;
        keys: number;
        keyBytes: number;
        valueBytes: number;
        versions: number;
        revisions: number;
        historyBytes: number;
        children: Folder[];
      };
      const fromFile = parseJson<Folder & { revision: string }>(await runCli(['du', '/dusnap/', '--json', '--snapshot', file]));
      const live = parseJson<Folder & { revision: string }>(await runCli(['du', '/dusnap/', '--json', '--endpoints', cluster().endpoints[0]]));
      assert.strictEqual(fromFile.revision, live.revision);
      const figures = (f: Folder): unknown => [f.prefix, f.keys, f.keyBytes, f.valueBytes, f.versions, f.children.map(figures)];
      assert.deepStrictEqual(figures(fromFile), figures(live));
      const history = (f: Folder): Array<[string, { revisions: number; historyBytes: number }]> => [
        [f.prefix, { revisions: f.revisions, historyBytes: f.historyBytes }],
        ...f.children.flatMap(history),
      ];
      assert.deepStrictEqual(new Map(history(fromFile)), expected);
      const text = await runCli(['du', '/dusnap/', '--snapshot', file]);
      assert.match(text.stdout, /^SIZE\s+KEYS\s+VERSIONS\s+HISTORY\s+REVISIONS\s+FOLDER\n/);
      const missing = await runCli(['du', '--snapshot', `${file}.missing`]);
      assert.strictEqual(missing.code, 2);
      assert.match(missing.stderr, /snap\.db\.missing does not exist/);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });
});

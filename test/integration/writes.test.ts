import * as assert from 'assert';
import { spawn } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { guardedPut } from '../../src/core/writes/guardedWrites';
import { entryOf, KEYS_FILE_TAIL, keysFileHead, keysFileLine } from '../../src/core/writes/keysFile';
import { WriteConflict } from '../../src/core/writes/writeErrors';
import { useEtcd } from '../support/etcdFixture';
import { seedKeys } from '../support/seed';
import { etcdctl, parseEtcdctlJson } from '../support/etcdctl';
import { CLI, CliRun, parseJson, runCli } from '../support/runCli';

/** What etcd holds for `key`, as etcdctl reads it back: value and lease (decimal), or null. */
async function readBack(ep: string, key: string): Promise<{ value: string; lease: string; mod: string } | null> {
  const res = parseEtcdctlJson(await etcdctl([ep], ['get', key, '-w', 'json']));
  const kv = res.kvs?.[0];
  return kv ? { value: Buffer.from(kv.value ?? '', 'base64').toString(), lease: String(kv.lease ?? 0), mod: String(kv.mod_revision) } : null;
}

function withStdin(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise(resolve => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', code => resolve({ code, stdout: out, stdoutBytes: Buffer.from(out), stderr: err, ms: Date.now() - started }));
    child.stdin.end(input);
  });
}

describe('ztap-etcd put, del, mv, export, import: guarded writes (real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();
  const ep = () => etcd().endpoints[0];
  const cli = (...args: string[]) => runCli([...args, '--endpoints', ep()]);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ztap-writes-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('put takes the value as an argument, from stdin or from a file; etcdctl reads back the same', async () => {
    assert.strictEqual((await cli('put', '/ztap/w/arg', 'from-arg')).code, 0);
    const stdin = await withStdin(['put', '/ztap/w/stdin', '--endpoints', ep()], 'from\nstdin');
    assert.strictEqual(stdin.code, 0, stdin.stderr);
    writeFileSync(join(dir, 'v.bin'), Buffer.from([0, 255, 1]));
    const file = await cli('put', '/ztap/w/file', '--from-file', join(dir, 'v.bin'), '--json');
    assert.strictEqual(file.code, 0, file.stderr);
    assert.deepStrictEqual(Object.keys(parseJson(file)).sort(), ['key', 'lease', 'revision', 'size']);
    assert.strictEqual((await readBack(ep(), '/ztap/w/arg'))?.value, 'from-arg');
    assert.strictEqual((await readBack(ep(), '/ztap/w/stdin'))?.value, 'from\nstdin');
    const bytes = parseEtcdctlJson(await etcdctl([ep()], ['get', '/ztap/w/file', '-w', 'json'])).kvs[0].value;
    assert.ok(Buffer.from(bytes, 'base64').equals(Buffer.from([0, 255, 1])));
  });

  it('a put whose guard fails writes nothing and exits 3 naming key, expected and current revision', async () => {
    await cli('put', '/ztap/w/guarded', 'first');
    const seen = (await readBack(ep(), '/ztap/w/guarded'))!.mod;
    await etcdctl([ep()], ['put', '/ztap/w/guarded', 'someone else']);
    const now = (await readBack(ep(), '/ztap/w/guarded'))!.mod;
    const stale = await cli('put', '/ztap/w/guarded', 'mine', '--if-mod-revision', seen);
    assert.strictEqual(stale.code, 3);
    assert.strictEqual(stale.stderr, `ztap-etcd: /ztap/w/guarded changed: expected mod revision ${seen}, etcd has mod revision ${now}; nothing was written\n`);
    assert.strictEqual((await readBack(ep(), '/ztap/w/guarded'))?.value, 'someone else');
    const exists = await cli('put', '/ztap/w/guarded', 'mine', '--if-absent');
    assert.strictEqual(exists.code, 3);
    assert.match(exists.stderr, /\/ztap\/w\/guarded already exists \(created at revision \d+, last changed at revision \d+\); nothing was written/);
    const fresh = await cli('put', '/ztap/w/guarded', 'mine', '--if-mod-revision', now);
    assert.strictEqual(fresh.code, 0, fresh.stderr);
    assert.strictEqual((await readBack(ep(), '/ztap/w/guarded'))?.value, 'mine');
  });

  it("put --ttl grants a lease, --lease attaches one; a value over etcd's request limit is refused before sending", async () => {
    const run = parseJson(await cli('put', '/ztap/w/leased', 'x', '--ttl', '60', '--json'));
    const lease = (await readBack(ep(), '/ztap/w/leased'))!.lease;
    assert.notStrictEqual(lease, '0');
    assert.strictEqual(run.lease, BigInt(lease).toString(16));
    assert.strictEqual((await cli('put', '/ztap/w/same-lease', 'y', '--lease', run.lease)).code, 0);
    assert.strictEqual((await readBack(ep(), '/ztap/w/same-lease'))!.lease, lease);
    writeFileSync(join(dir, 'big'), Buffer.alloc(1600 * 1024, 1));
    const big = await cli('put', '/ztap/w/big', '--from-file', join(dir, 'big'));
    assert.strictEqual(big.code, 2);
    assert.match(big.stderr, /over etcd's request limit of 1\.5 MiB/);
    assert.strictEqual(await readBack(ep(), '/ztap/w/big'), null);
  });

  it('del -r deletes the key and what is under key/, not its neighbours; saves a recovery file that import puts back', async () => {
    for (const k of ['/ztap/d/a', '/ztap/d/a/x', '/ztap/d/a/y/z', '/ztap/d/ab']) {
      await etcdctl([ep()], ['put', k, `v${k}`]);
    }
    const dry = parseJson(await cli('del', '/ztap/d/a', '-r', '--dry-run', '--json'));
    assert.deepStrictEqual(dry.keys, ['/ztap/d/a', '/ztap/d/a/x', '/ztap/d/a/y/z']);
    const refused = await cli('del', '/ztap/d/a', '-r'); // stdin is not a terminal
    assert.strictEqual(refused.code, 1);
    assert.match(refused.stderr, /refusing without --yes/);
    assert.ok(await readBack(ep(), '/ztap/d/a/x'));
    const slash = parseJson(await runCli(['del', '/ztap/d/a/', '-r', '--yes', '--json', '--endpoints', ep()], { XDG_STATE_HOME: dir }));
    assert.strictEqual(slash.deleted, 2);
    assert.ok(await readBack(ep(), '/ztap/d/a'), '/ztap/d/a stays: the trailing slash means under it');
    assert.ok(await readBack(ep(), '/ztap/d/ab'));
    assert.ok(slash.recoveryFile.startsWith(join(dir, 'ztap-etcd', 'recovery')));
    // Someone re-creates one of them; import of the recovery file puts back the other only.
    await etcdctl([ep()], ['put', '/ztap/d/a/x', 'recreated']);
    const restored = parseJson(await cli('import', slash.recoveryFile, '--json'));
    assert.deepStrictEqual(restored, { created: 1, updated: 0, skipped: 1, failed: [] });
    assert.strictEqual((await readBack(ep(), '/ztap/d/a/y/z'))?.value, 'v/ztap/d/a/y/z');
    assert.strictEqual((await readBack(ep(), '/ztap/d/a/x'))?.value, 'recreated');
    const stale = await cli('del', '/ztap/d/ab', '--if-mod-revision', '1');
    assert.strictEqual(stale.code, 3);
    assert.ok(await readBack(ep(), '/ztap/d/ab'));
  });

  it("an edit's guarded put keeps the key's lease (the editor's save); a plain put replaces it, as etcdctl put does", async () => {
    await cli('put', '/ztap/nodes/edited', '{"id":"edited"}', '--ttl', '60');
    const before = (await readBack(ep(), '/ztap/nodes/edited'))!;
    assert.notStrictEqual(before.lease, '0');
    const client = createEtcd3(resolveConnection({ endpoints: [ep()] }, {}));
    try {
      const kv = (await client.kv.range({ key: Buffer.from('/ztap/nodes/edited') })).kvs[0];
      const version = { modRevision: kv.mod_revision, createRevision: kv.create_revision };
      const saved = await guardedPut(client, '/ztap/nodes/edited', Buffer.from('{"id":"edited","v":2}'), { kind: 'version', version }, { keepLease: true });
      assert.deepStrictEqual(await readBack(ep(), '/ztap/nodes/edited'), { value: '{"id":"edited","v":2}', lease: before.lease, mod: saved.revision });
      // Guarded as before: a stale version still writes nothing.
      await assert.rejects(
        guardedPut(client, '/ztap/nodes/edited', Buffer.from('stale'), { kind: 'version', version }, { keepLease: true }),
        (err: unknown) => err instanceof WriteConflict,
      );
      const fresh = (await client.kv.range({ key: Buffer.from('/ztap/nodes/edited') })).kvs[0];
      await guardedPut(client, '/ztap/nodes/edited', Buffer.from('plain'), {
        kind: 'version',
        version: { modRevision: fresh.mod_revision, createRevision: fresh.create_revision },
      });
      assert.strictEqual((await readBack(ep(), '/ztap/nodes/edited'))?.lease, '0');
    } finally {
      client.close();
    }
  });

  it('mv moves value and lease in one transaction and refuses to replace an existing key (exit 3)', async () => {
    await cli('put', '/ztap/m/from', 'moving', '--ttl', '60');
    const lease = (await readBack(ep(), '/ztap/m/from'))!.lease;
    assert.strictEqual((await cli('mv', '/ztap/m/from', '/ztap/m/to')).code, 0);
    assert.strictEqual(await readBack(ep(), '/ztap/m/from'), null);
    assert.deepStrictEqual([(await readBack(ep(), '/ztap/m/to'))?.value, (await readBack(ep(), '/ztap/m/to'))?.lease], ['moving', lease]);
    await etcdctl([ep()], ['put', '/ztap/m/other', 'taken']);
    const clash = await cli('mv', '/ztap/m/to', '/ztap/m/other');
    assert.strictEqual(clash.code, 3);
    assert.strictEqual((await readBack(ep(), '/ztap/m/other'))?.value, 'taken');
    assert.ok(await readBack(ep(), '/ztap/m/to'));
  });

  it('export writes, to a file and to stdout, byte for byte the keys file of what etcdctl reads, over pages of awkward keys', async () => {
    const client = createEtcd3(resolveConnection({ endpoints: [ep()] }, {}));
    const awkward = ['"quoted"', 'back\\slash', 'tab\tand\nline', '\u0001ctl', 'é€😀', '\u2028', '{"id":"n"}'];
    try {
      for (let i = 0; i < 3000; i += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, j) => i + j).map(n => {
            const key = n % 97 === 0 ? Buffer.concat([Buffer.from('/ztap/x/'), Buffer.from([0xff, n % 256])]) : `/ztap/x/${awkward[n % awkward.length]}-${n}`;
            const value = n % 13 === 0 ? Buffer.from([0, 0xfe, n % 256]) : `${awkward[(n * 3) % awkward.length]} ${'v'.repeat(n % 300)}`;
            return client.put(key).value(value).exec();
          }),
        );
      }
    } finally {
      client.close();
    }
    const file = join(dir, 'x.json');
    const exported = parseJson(await cli('export', '/ztap/x/', '--out', file, '--json'));
    const read = parseEtcdctlJson(await etcdctl([ep()], ['get', '/ztap/x/', '--prefix', `--rev=${exported.revision}`, '-w', 'json']));
    const kvs = read.kvs.map((kv: { key: string; value?: string }) => ({
      key: Buffer.from(kv.key, 'base64'),
      value: Buffer.from(kv.value ?? '', 'base64'),
      create_revision: '0',
      mod_revision: '0',
      version: '0',
      lease: '0',
    }));
    assert.strictEqual(kvs.length, 3000);
    const expected = Buffer.from(
      keysFileHead(exported.revision, '/ztap/x/') +
        kvs.map((kv: Parameters<typeof entryOf>[0], i: number) => keysFileLine(i, entryOf(kv, false))).join('') +
        KEYS_FILE_TAIL,
    );
    assert.ok(readFileSync(file).equals(expected), 'the file');
    const stdout = await cli('export', '/ztap/x/');
    assert.strictEqual(stdout.code, 0, stdout.stderr);
    assert.ok(stdout.stdoutBytes.equals(expected), 'stdout');
  });

  it('export then import: the same keys; existing keys are skipped unless --overwrite; --dry-run writes nothing', async () => {
    const client = createEtcd3(resolveConnection({ endpoints: [ep()] }, {}));
    await seedKeys(
      client,
      Array.from({ length: 300 }, (_, i): [string, string] => [`/ztap/e/k${i}`, `v${i}`]),
    ).finally(() => client.close());
    const file = join(dir, 'e.json');
    const exported = parseJson(await cli('export', '/ztap/e', '--out', file, '--json'));
    assert.strictEqual(exported.count, 300);
    await etcdctl([ep()], ['del', '/ztap/e/', '--prefix']);
    await etcdctl([ep()], ['put', '/ztap/e/k0', 'changed']);
    const dry = parseJson(await cli('import', file, '--dry-run', '--json'));
    assert.deepStrictEqual([dry.create, dry.change, dry.same], [299, 1, 0]);
    assert.strictEqual(await readBack(ep(), '/ztap/e/k1'), null, 'dry run wrote nothing');
    assert.deepStrictEqual(parseJson(await cli('import', file, '--json')), { created: 299, updated: 0, skipped: 1, failed: [] });
    assert.strictEqual((await readBack(ep(), '/ztap/e/k0'))?.value, 'changed');
    assert.deepStrictEqual(parseJson(await cli('import', file, '--overwrite', '--json')), { created: 0, updated: 1, skipped: 299, failed: [] });
    assert.strictEqual((await readBack(ep(), '/ztap/e/k0'))?.value, 'v0');
    const all = parseEtcdctlJson(await etcdctl([ep()], ['get', '/ztap/e/', '--prefix', '-w', 'json'])).kvs;
    assert.strictEqual(all.length, 300);
    assert.deepStrictEqual(readdirSync(dir), ['e.json'], 'no .part left');
  });
});

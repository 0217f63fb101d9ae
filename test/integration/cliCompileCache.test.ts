import * as assert from 'assert';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { useEtcd } from '../support/etcdFixture';
import { runCli } from '../support/runCli';

/** The compile cache of `dist/cli.js` (src/cli/launch.ts): used when valid, rewritten when not, never in the way. */
describe('ztap-etcd start-up: the V8 code cache (built dist/cli.js, real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();
  let home: string;

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'ztap-cache-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const root = () => join(home, 'ztap-etcd', 'compile-cache');
  /** The one cache file of a command, in the one folder of this bundle and Node. */
  const cacheFile = (command: string) => {
    const [folder] = readdirSync(root());
    return join(root(), folder, `${command}.bin`);
  };
  const get = (env: NodeJS.ProcessEnv = {}) =>
    runCli(['get', '/ztap/cache/key', '--endpoints', etcd().endpoints[0]], { XDG_CACHE_HOME: home, NODE_DEBUG: 'ztap-etcd-cache', ...env });

  before(async () => {
    const client = createEtcd3(resolveConnection({ endpoints: etcd().endpoints }, {}));
    await client.put('/ztap/cache/key').value('cached value');
    client.close();
  });

  it('writes the cache on the first run of a command and uses it on the next, with the same output', async () => {
    const first = await get();
    assert.strictEqual(first.code, 0, first.stderr);
    assert.strictEqual(first.stdout, 'cached value');
    assert.match(first.stderr, /get\.bin missing: written at exit/);
    assert.ok(readFileSync(cacheFile('get')).length > 100_000, 'a cache of the compiled bundle');
    const second = await get();
    assert.strictEqual(second.code, 0, second.stderr);
    assert.strictEqual(second.stdout, 'cached value');
    assert.match(second.stderr, /get\.bin: used/);
    // Another command has its own cache (V8 keeps what the run compiled).
    const help = await runCli(['--help'], { XDG_CACHE_HOME: home });
    assert.strictEqual(help.code, 0);
    assert.ok(existsSync(cacheFile('other')));
  });

  it('names a cache after the command word only, never after an option value such as a password', async () => {
    const run = await runCli(['--password', 'hunter2', 'get', '/ztap/cache/key', '--endpoints', etcd().endpoints[0]], { XDG_CACHE_HOME: home });
    assert.strictEqual(run.code, 2, 'a password without a user is bad usage');
    const [folder] = readdirSync(root());
    assert.deepStrictEqual(readdirSync(join(root(), folder)), ['other.bin']);
  });

  it('compiles as without a cache when the file is damaged, and writes a good one', async () => {
    assert.strictEqual((await get()).code, 0);
    writeFileSync(cacheFile('get'), Buffer.alloc(4096, 7));
    const damaged = await get();
    assert.strictEqual(damaged.code, 0, damaged.stderr);
    assert.strictEqual(damaged.stdout, 'cached value');
    assert.match(damaged.stderr, /get\.bin refused: written at exit/);
    assert.notDeepStrictEqual(readFileSync(cacheFile('get')), Buffer.alloc(4096, 7));
    assert.match((await get()).stderr, /get\.bin: used/);
  });

  it('is off with ZTAP_ETCD_COMPILE_CACHE=0, and runs when the cache folder cannot be made', async () => {
    const off = await get({ ZTAP_ETCD_COMPILE_CACHE: '0' });
    assert.strictEqual(off.code, 0, off.stderr);
    assert.strictEqual(off.stdout, 'cached value');
    assert.ok(!existsSync(root()));
    // A file where the folder should be: no cache, same answer.
    writeFileSync(join(home, 'ztap-etcd'), 'not a folder');
    const blocked = await get();
    assert.strictEqual(blocked.code, 0, blocked.stderr);
    assert.strictEqual(blocked.stdout, 'cached value');
    assert.match(blocked.stderr, /no cache folder/);
  });

  it('never reads a cache folder that another user owns', async function () {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
      this.skip(); // giving a folder away needs root
    }
    mkdirSync(root(), { recursive: true });
    chownSync(root(), 65534, 65534);
    const run = await get();
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual(run.stdout, 'cached value');
    assert.match(run.stderr, /is not owned by this user: not used/);
    assert.deepStrictEqual(readdirSync(root()), []);
  });
});

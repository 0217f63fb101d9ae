import * as assert from 'assert';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { etcdctl } from '../support/etcdctl';
import { runCli } from '../support/runCli';

const ROOT_PW = 'root-Setup-3';
const ZTAP_PW = 'ztap-Setup-3';
const ADMIN_PW = 'admin-Setup-3';

describe("changing access: the guide's setup in one command, and guards that lock nobody out (real etcd)", function () {
  this.timeout(120_000);
  let cluster: LocalEtcdCluster;
  let ep: string;
  const as = (user: string | undefined, password: string, args: string[], stdin?: string) =>
    runCli([...args, '--endpoints', ep, ...(user ? ['--user', user] : [])], user ? { ZTAP_ETCD_PASSWORD: password } : {}, stdin);
  const asRoot = (args: string[], stdin?: string) => as('root', ROOT_PW, args, stdin);
  /** Whether etcd wants a user, as etcdctl finds it (3.4's etcdctl has no auth status): a read without one. */
  const authOn = () =>
    etcdctl([ep], ['get', '/other/secret']).then(
      () => false,
      (err: Error) => {
        if (/user name is empty|authentication|permission denied/i.test(err.message)) {
          return true;
        }
        throw err;
      },
    );

  before(async () => {
    cluster = await LocalEtcdCluster.start({ members: 1 });
    ep = cluster.endpoints[0];
    await etcdctl([ep], ['put', '/other/secret', 's']);
  });
  after(() => cluster?.stop());

  it('setup-access makes root, ztap, ztap-role on /ztap/ and enables auth, as etcdctl sees it; ztap then reads /ztap/ and is denied elsewhere', async () => {
    const setup = await as(undefined, '', ['setup-access', '--password-stdin'], `${ROOT_PW}\n${ZTAP_PW}\n`);
    assert.strictEqual(setup.code, 0, setup.stderr);
    assert.deepStrictEqual(setup.stdout.trim().split('\n'), [
      'Done: add user root',
      'Done: grant role root to root',
      'Done: add user ztap',
      'Done: add role ztap-role',
      'Done: grant readwrite prefix /ztap/ to role ztap-role',
      'Done: grant role ztap-role to ztap',
      'Done: enable auth',
      'Connect as ztap from now on (--user ztap, ZTAP_ETCD_USERNAME=ztap and ZTAP_ETCD_PASSWORD).',
    ]);
    const rootctl = (args: string[]) => etcdctl([ep], [`--user=root:${ROOT_PW}`, ...args]);
    assert.match(await rootctl(['user', 'get', 'ztap']), /Roles: ztap-role/);
    assert.match(
      await rootctl(['role', 'get', 'ztap-role']),
      /KV Read:\s+\[\/ztap\/, \/ztap0\) \(prefix \/ztap\/\)\s+KV Write:\s+\[\/ztap\/, \/ztap0\) \(prefix \/ztap\/\)/,
    );
    assert.strictEqual(await authOn(), true);
    // The passwords work, and no password reached the output.
    assert.strictEqual((await as('ztap', ZTAP_PW, ['put', '/ztap/nodes/x', '{}'])).code, 0);
    const denied = await as('ztap', ZTAP_PW, ['get', '/other/secret']);
    assert.strictEqual(denied.code, 1);
    assert.match(denied.stderr, /user "ztap" may not read \/other\/secret/);
    assert.ok(![setup.stdout, setup.stderr].some(out => out.includes(ROOT_PW) || out.includes(ZTAP_PW)));
  });

  it('setup-access run again changes nothing and says what was there', async () => {
    const again = await asRoot(['setup-access', '--json']);
    assert.strictEqual(again.code, 0, again.stderr);
    const result = JSON.parse(again.stdout);
    assert.deepStrictEqual(result.done, []);
    assert.deepStrictEqual(result.existed, [
      'user root',
      'root has role root',
      'user ztap',
      'role ztap-role',
      'ztap-role has readwrite on /ztap/',
      'ztap has role ztap-role',
      'auth enabled',
    ]);
  });

  it('refuses, exit 2 and named, to delete root, revoke its root role or delete the root role while auth is on', async () => {
    for (const [args, what] of [
      [['user', 'del', 'root', '--yes'], /refused: deleting the user root while auth is on/],
      [['user', 'revoke-role', 'root', 'root', '--yes'], /refused: revoking the root role from root while auth is on/],
      [['role', 'del', 'root', '--yes'], /refused: deleting the root role while auth is on/],
    ] as const) {
      const run = await asRoot([...args]);
      assert.strictEqual(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, what);
      assert.match(run.stderr, /nothing was changed/);
    }
    assert.match(await etcdctl([ep], [`--user=root:${ROOT_PW}`, 'user', 'get', 'root']), /Roles: root/);
  });

  it("a change that takes the connection's own access wants its name typed (--yes off a terminal); removals ask", async () => {
    await asRoot(['user', 'add', 'admin', '--password-stdin'], `${ADMIN_PW}\n`);
    await asRoot(['user', 'grant-role', 'admin', 'root']);
    const asAdmin = (args: string[]) => as('admin', ADMIN_PW, args);
    const refused = await asAdmin(['user', 'revoke-role', 'admin', 'root']);
    assert.strictEqual(refused.code, 1);
    assert.match(refused.stderr, /This takes from admin \(the user this connection logs in as\) what it may do under \/ztap\/\./);
    assert.match(await etcdctl([ep], [`--user=root:${ROOT_PW}`, 'user', 'get', 'admin']), /Roles: root/);
    const done = await asAdmin(['user', 'revoke-role', 'admin', 'root', '--yes']);
    assert.strictEqual(done.code, 0, done.stderr);
    assert.doesNotMatch(await etcdctl([ep], [`--user=root:${ROOT_PW}`, 'user', 'get', 'admin']), /Roles: root/);
    // Another user's role: asked like any removal.
    const asked = await asRoot(['user', 'del', 'admin']);
    assert.strictEqual(asked.code, 1);
    assert.match(asked.stderr, /nothing changed \(confirm on a terminal, or pass --yes\)/);
    assert.strictEqual((await asRoot(['user', 'del', 'admin', '--yes'])).code, 0);
  });

  it('roles: grant and revoke a prefix, a key and a range, as etcdctl role get shows them; a new password works', async () => {
    assert.strictEqual((await asRoot(['role', 'add', 'reader'])).code, 0);
    assert.strictEqual((await asRoot(['role', 'grant', 'reader', 'read', '/ztap/policies/', '--as-prefix'])).code, 0);
    assert.strictEqual((await asRoot(['role', 'grant', 'reader', 'write', '/a', '/c'])).code, 0);
    assert.strictEqual((await asRoot(['role', 'grant', 'reader', 'readwrite', '/k'])).code, 0);
    const shown = await etcdctl([ep], [`--user=root:${ROOT_PW}`, 'role', 'get', 'reader']);
    assert.match(shown, /\[\/ztap\/policies\/, \/ztap\/policies0\) \(prefix \/ztap\/policies\/\)/);
    assert.match(shown, /\[\/a, \/c\)/);
    assert.match(shown, /\t\/k\n/);
    const revoked = await asRoot(['role', 'revoke', 'reader', '/a', '/c', '--yes']);
    assert.strictEqual(revoked.code, 0, revoked.stderr);
    assert.doesNotMatch(await etcdctl([ep], [`--user=root:${ROOT_PW}`, 'role', 'get', 'reader']), /\[\/a, \/c\)/);
    const passwd = await asRoot(['user', 'passwd', 'ztap', '--password-stdin'], 'ztap-New-4\n');
    assert.strictEqual(passwd.code, 0, passwd.stderr);
    assert.strictEqual((await as('ztap', 'ztap-New-4', ['get', '/ztap/nodes/x'])).code, 0);
    const noStdin = await asRoot(['user', 'add', 'nobody']);
    assert.strictEqual(noStdin.code, 2);
    assert.match(noStdin.stderr, /stdin is not a terminal: give it as a line of stdin with --password-stdin/);
  });

  it('auth disable asks, saying every client then has full access; auth enable is refused without root', async () => {
    const asked = await asRoot(['auth', 'disable']);
    assert.strictEqual(asked.code, 1);
    assert.match(asked.stderr, /Disable auth \(every client then has full access\)\? stdin is not a terminal/);
    assert.strictEqual((await asRoot(['auth', 'disable', '--yes'])).code, 0);
    assert.strictEqual(await authOn(), false);
    assert.strictEqual((await runCli(['user', 'del', 'root', '--yes', '--endpoints', ep])).code, 0);
    const enable = await runCli(['auth', 'enable', '--endpoints', ep]);
    assert.strictEqual(enable.code, 2);
    assert.match(enable.stderr, /refused: enabling auth needs a user "root" with the root role/);
    assert.strictEqual(await authOn(), false);
  });
});

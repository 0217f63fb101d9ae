import * as assert from 'assert';
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ElectionParticipant } from '../../src/core/election/participant';
import { resolveParticipant } from '../../src/core/election/participantConfig';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { killAndWait } from '../../src/core/local/killAndWait';
import { CliParticipant } from '../support/cliParticipant';
import { etcdctl, parseEtcdctlJson } from '../support/etcdctl';
import { eventually } from '../support/eventually';
import { releaseAtLeast } from '../support/release';
import { CLI, runCli } from '../support/runCli';

const ROOT_PW = 'r00t-Secret!';
const ZTAP_PW = 'ztap-Secret!';

describe('etcd auth as in the guide: root, a ztap user, ztap-role on /ztap/ (real etcd, 2 s tokens)', function () {
  this.timeout(120_000);
  let cluster: LocalEtcdCluster;
  let ep: string;
  const asRoot = (args: string[]) => etcdctl([ep], [`--user=root:${ROOT_PW}`, ...args]);
  before(async () => {
    cluster = await LocalEtcdCluster.start({ members: 1, extraArgs: ['--auth-token', 'simple', '--auth-token-ttl', '2'] });
    ep = cluster.endpoints[0];
    await etcdctl([ep], ['user', 'add', 'root', `--new-user-password=${ROOT_PW}`]);
    await etcdctl([ep], ['user', 'add', 'ztap', `--new-user-password=${ZTAP_PW}`]);
    await etcdctl([ep], ['role', 'add', 'ztap-role']);
    await etcdctl([ep], ['role', 'grant-permission', 'ztap-role', 'readwrite', '/ztap/', '--prefix']);
    await etcdctl([ep], ['user', 'grant-role', 'ztap', 'ztap-role']);
    await etcdctl([ep], ['auth', 'enable']);
    await asRoot(['put', '/ztap/nodes/node-1', '{"id":"node-1"}']);
    await asRoot(['put', '/other/secret', 'x']);
  });
  after(() => cluster.stop());

  const asZtap = (args: string[], password = ZTAP_PW) => runCli([...args, '--endpoints', ep, '--user', 'ztap'], { ZTAP_ETCD_PASSWORD: password });

  it('logs in with the right password', async () => {
    const run = await asZtap(['ls', '/ztap/', '--json']);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.deepStrictEqual(
      JSON.parse(run.stdout).children.map((c: { name: string }) => c.name),
      ['nodes'],
    );
  });

  it('says "authentication failed" for a wrong password, exit 1, without the password', async () => {
    const run = await asZtap(['ls'], 'wrong-Password-9');
    assert.strictEqual(run.code, 1);
    assert.match(run.stderr, /authentication failed/);
    assert.strictEqual(run.stderr.trim().split('\n').length, 1);
    assert.ok(!run.stderr.includes('wrong-Password-9'));
  });

  it('test without a user says that authentication is required and exits 1 (the member list alone is readable)', async () => {
    const run = await runCli(['test', '--endpoints', ep]);
    assert.strictEqual(run.code, 1, run.stdout);
    assert.match(run.stdout, /Error: Failed to connect to etcd: authentication required: etcd has auth enabled and no user was given/);
    assert.ok(!run.stdout.includes('Connection successful'), run.stdout);
    const json = JSON.parse((await runCli(['test', '--json', '--endpoints', ep])).stdout);
    assert.strictEqual(json.ok, false);
    assert.match(json.error, /^authentication required/);
  });

  it('a denial names the user, the operation and the key in one line, exit 1, with the access check that explains it', async () => {
    const get = await asZtap(['get', '/other/secret']);
    assert.strictEqual(get.code, 1);
    assert.strictEqual(
      get.stderr,
      'ztap-etcd: permission denied: user "ztap" may not read /other/secret (none of its roles allows it); which role would allow it (as root): ztap-etcd access check ztap /other/secret\n',
    );
    const ls = await asZtap(['ls', '/other/']);
    assert.strictEqual(ls.code, 1);
    assert.match(
      ls.stderr,
      /^ztap-etcd: permission denied: user "ztap" may not read the keys under \/other\/ .*: ztap-etcd access check ztap \/other\/ --as-prefix\n$/,
    );
    const put = await asZtap(['put', '/other/x', 'v']);
    assert.match(put.stderr, /user "ztap" may not write \/other\/x/);
    // The command it names, run as root, explains the denial.
    const hint = ls.stderr
      .slice(ls.stderr.indexOf('ztap-etcd access check ') + 'ztap-etcd '.length)
      .trim()
      .split(' ');
    const check = await runCli([...hint, '--endpoints', ep, '--user', 'root'], { ZTAP_ETCD_PASSWORD: ROOT_PW });
    assert.strictEqual(check.code, 0, check.stderr);
    assert.match(
      check.stdout,
      /^ztap may not read every key starting with \/other\/: no role allows it\. It needs read prefix \/other\/: etcdctl role grant-permission ztap-role read '\/other\/' --prefix$/m,
    );
  });

  it('a watch outlives its token: events keep coming after the TTL and after a member restart', async () => {
    const child = spawn(process.execPath, [CLI, 'watch', '/ztap/', '--json', '--endpoints', ep, '--user', 'ztap'], {
      env: { PATH: process.env.PATH, ZTAP_ETCD_PASSWORD: ZTAP_PW },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    try {
      await new Promise(r => setTimeout(r, 1500));
      await asRoot(['put', '/ztap/a', '1']);
      await eventually(() => out.includes('"/ztap/a"') || undefined, 10_000, 'the first event');
      await new Promise(r => setTimeout(r, 4000)); // the token (2 s) has expired
      await asRoot(['put', '/ztap/b', '2']);
      await eventually(() => out.includes('"/ztap/b"') || undefined, 10_000, 'an event after the token TTL');
      await cluster.stopMember(0);
      await cluster.startMember(0); // tokens do not survive a restart: the stream must log in again
      await asRoot(['put', '/ztap/c', '3']);
      await eventually(() => out.includes('"/ztap/c"') || undefined, 20_000, `an event after the restart (stderr: ${err})`);
      assert.match(err, /reconnecting/);
      assert.ok(!err.includes(ZTAP_PW) && !out.includes(ZTAP_PW));
    } finally {
      await killAndWait(child, 'SIGINT');
    }
  });

  it('a node whose registration is denied never campaigns, and keeps no lease', async () => {
    await asRoot(['user', 'add', 'elect-only', `--new-user-password=${ZTAP_PW}`]);
    await asRoot(['role', 'add', 'elect-only-role']);
    await asRoot(['role', 'grant-permission', 'elect-only-role', 'readwrite', '/ztap/election/', '--prefix']);
    await asRoot(['user', 'grant-role', 'elect-only', 'elect-only-role']);
    const leases = async () => (parseEtcdctlJson(await asRoot(['lease', 'list', '-w', 'json'])) as { leases?: unknown[] }).leases?.length ?? 0;
    const before = await leases();
    const etcd = createEtcd3(resolveConnection({ endpoints: [ep], username: 'elect-only', password: ZTAP_PW }, {}));
    const node = new ElectionParticipant(etcd, resolveParticipant({ nodeId: 'unregistered', ttlSeconds: 5, heartbeatMs: 500 }, {}), {
      electionKey: '/ztap/election',
      keyPrefix: '/ztap',
    });
    const events: string[] = [];
    node.onEvent(e => events.push(e.event));
    try {
      node.start();
      await eventually(() => /permission denied/i.test(node.lastError ?? ''), 5000, 'the registration to be denied');
      await new Promise(r => setTimeout(r, 3000)); // several retries
      assert.deepStrictEqual(events, [], 'events of a node that may not register');
      assert.strictEqual((await asRoot(['get', '/ztap/election/', '--prefix', '--keys-only'])).trim(), '', 'campaign keys');
      assert.ok((await leases()) <= before + 1, `${await leases()} leases, ${before} before: each failed session's lease is revoked`);
    } finally {
      await node.stop();
      etcd.close();
    }
    assert.strictEqual(await leases(), before);
  });

  it('an election node keeps its lease alive across token expiry', async () => {
    const node = CliParticipant.start([ep], 'auth-node', ['--user', 'ztap', '--password', ZTAP_PW, '--ttl', '4', '--heartbeat', '1']);
    try {
      await node.waitFor('leader', 10_000);
      await new Promise(r => setTimeout(r, 7000)); // several token lifetimes, several keepalives
      assert.deepStrictEqual(
        node.events.map(e => e.event),
        ['campaigning', 'leader'],
        node.stderr,
      );
    } finally {
      await node.stop('SIGINT');
    }
    assert.strictEqual(node.last?.event, 'resigned');
  });

  it('the ztap user does every /ztap/ job (put, get, ls, del, leases, nodes, leader, members), and root snapshot, alarms, compact, defrag (ztap: no snapshot or defrag; compaction on 3.4)', async () => {
    const lease = parseEtcdctlJson(await asRoot(['lease', 'grant', '60', '-w', 'json'])) as { ID: string | number };
    const leaseHex = BigInt(lease.ID).toString(16);
    await asRoot(['put', '/ztap/nodes/node-2', '{"id":"node-2"}', `--lease=${leaseHex}`]);
    const jobs: Array<[string, string[]]> = [
      ['put', ['put', '/ztap/auth/k', 'v']],
      ['get', ['get', '/ztap/auth/k']],
      ['ls', ['ls', '/ztap/']],
      ['del', ['del', '/ztap/auth/k', '--yes']],
      ['nodes', ['nodes']],
      ['leader', ['leader']],
      ['leases', ['leases', '--json']],
      ['members', ['members', '--json']],
    ];
    for (const [name, args] of jobs) {
      const run = await asZtap(args);
      assert.strictEqual(run.code, 0, `${name} as ztap: ${run.stderr}`);
    }
    // The lease holding /ztap/nodes/node-2 is listed, with its key counted and named, for the ztap user.
    const leases = JSON.parse((await asZtap(['leases', '--json'])).stdout);
    assert.ok(
      JSON.stringify(leases).includes(`"id":"${leaseHex}","grantedTtl":60`) &&
        JSON.stringify(leases).includes('"keyCount":1,"kind":"ZTAP node node-2\'s registration"'),
      JSON.stringify(leases),
    );
    // Members and their status: readable by a prefix-scoped user on every release tested.
    const members = JSON.parse((await asZtap(['members', '--json'])).stdout).members as Array<{ status: unknown; health: { ok: boolean } }>;
    assert.ok(
      members.every(m => m.status !== null && m.health.ok),
      JSON.stringify(members),
    );

    const dir = mkdtempSync(join(tmpdir(), 'ztap-auth-snap-'));
    try {
      const asRootCli = (args: string[]) => runCli([...args, '--endpoints', ep, '--user', 'root'], { ZTAP_ETCD_PASSWORD: ROOT_PW });
      for (const args of [['snapshot', 'save', join(dir, 's.db')], ['alarms'], ['compact', '--keep', '1', '--yes'], ['defrag']]) {
        const run = await asRootCli(args);
        assert.strictEqual(run.code, 0, `${args.join(' ')} as root: ${run.stderr}`);
        assert.ok(!run.stdout.includes(ROOT_PW) && !run.stderr.includes(ROOT_PW));
      }
      // The same as ztap: snapshots and defragmentation are refused, saying what they need.
      for (const args of [['snapshot', 'save', join(dir, 'z.db')], ['defrag']]) {
        const run = await asZtap(args);
        assert.strictEqual(run.code, 1, `${args.join(' ')} as ztap: ${run.stdout}`);
        assert.match(run.stderr, /permission denied.*root role/, `${args.join(' ')} as ztap: ${run.stderr}`);
      }
      // etcd 3.4.23 checks no permission for a compaction: any user may compact the whole
      // history. 3.5.36, 3.6.17 and 3.7.4 allow it only to root.
      const compact = await asZtap(['compact', '--keep', '0', '--yes']);
      if (releaseAtLeast('3.5.0')) {
        assert.strictEqual(compact.code, 1, compact.stdout);
        assert.match(compact.stderr, /permission denied on compaction: etcd allows it only to a user with the root role/);
      } else {
        assert.strictEqual(compact.code, 0, compact.stderr);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const asRootCli = (args: string[]) => runCli([...args, '--endpoints', ep, '--user', 'root'], { ZTAP_ETCD_PASSWORD: ROOT_PW });

  it('auth status, user get, role get and user ls say what etcdctl says', async () => {
    assert.deepStrictEqual(JSON.parse((await asRootCli(['auth', 'status', '--json'])).stdout), { authEnabled: true });
    const user = JSON.parse((await asRootCli(['user', 'get', 'ztap', '--json'])).stdout);
    assert.deepStrictEqual(
      user.roles.map((r: { name: string }) => r.name),
      [/Roles: (.*)/.exec(await asRoot(['user', 'get', 'ztap']))![1].trim()],
    );
    const role = JSON.parse((await asRootCli(['role', 'get', 'ztap-role', '--json'])).stdout);
    assert.deepStrictEqual(role.permissions, [{ type: 'readwrite', key: '/ztap/', rangeEnd: '/ztap0', means: 'readwrite prefix /ztap/' }]);
    // etcdctl prints the same range for read and for write.
    assert.strictEqual((await asRoot(['role', 'get', 'ztap-role'])).match(/\[\/ztap\/, \/ztap0\) \(prefix \/ztap\/\)/g)?.length, 2);
    const users = (await asRootCli(['user', 'ls', '--json'])).stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    assert.deepStrictEqual(
      users.map((u: { name: string }) => u.name),
      (await asRoot(['user', 'list'])).trim().split('\n'),
    );
    assert.deepStrictEqual(users.find((u: { name: string }) => u.name === 'ztap').roles, ['ztap-role']);
    assert.deepStrictEqual(users.find((u: { name: string }) => u.name === 'root').roles, ['root']);
  });

  it('user ls as the ztap user: denied, saying only the root role may, exit 1', async () => {
    const run = await asZtap(['user', 'ls']);
    assert.strictEqual(run.code, 1);
    assert.match(run.stderr, /permission denied on the user list: etcd allows it only to a user with the root role/);
  });

  it('access check names the role that allows a key, and for a denied one the grant that would allow it: granted, etcd allows it', async () => {
    const allowed = await asRootCli(['access', 'check', 'ztap', '/ztap/nodes/node-1']);
    assert.strictEqual(allowed.code, 0, allowed.stderr);
    assert.deepStrictEqual(allowed.stdout.trim().split('\n'), [
      'ztap may read /ztap/nodes/node-1: ztap-role (readwrite prefix /ztap/)',
      'ztap may write /ztap/nodes/node-1: ztap-role (readwrite prefix /ztap/)',
    ]);
    const prefix = JSON.parse((await asRootCli(['access', 'check', 'ztap', '/ztap/', '--as-prefix', '--json'])).stdout);
    assert.strictEqual(prefix.read.allowed && prefix.write.allowed, true);
    const denied = await asRootCli(['access', 'check', 'ztap', '/other/secret']);
    const readLine = denied.stdout.split('\n')[0];
    assert.strictEqual(
      readLine,
      "ztap may not read /other/secret: no role allows it. It needs read key /other/secret: etcdctl role grant-permission ztap-role read '/other/secret'",
    );
    assert.strictEqual((await asZtap(['get', '/other/secret'])).code, 1);
    // The grant it prints, run as printed (quotes removed), makes etcd allow the read.
    const grant = readLine
      .slice(readLine.indexOf('etcdctl ') + 'etcdctl '.length)
      .replace(/'/g, '')
      .split(' ');
    await asRoot(grant);
    try {
      const get = await asZtap(['get', '/other/secret']);
      assert.strictEqual(get.code, 0, get.stderr);
      assert.match(
        (await asRootCli(['access', 'check', 'ztap', '/other/secret'])).stdout,
        /^ztap may read \/other\/secret: ztap-role \(read key \/other\/secret\)/,
      );
    } finally {
      await asRoot(['role', 'revoke-permission', 'ztap-role', '/other/secret']);
    }
  });
});

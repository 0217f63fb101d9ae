import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { freePort } from '../../src/core/local/freePort';
import { useEtcd } from '../support/etcdFixture';
import { CLI, parseJson, runCli } from '../support/runCli';

describe('ztap-etcd CLI basics (built dist/cli.js, real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();

  it("test prints ZTAP's report and each endpoint's health", async () => {
    const ep = etcd().endpoints[0];
    const run = await runCli(['test', '--endpoints', ep]);
    assert.strictEqual(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.strictEqual(lines[0], `Testing etcd connection to: [${ep}]`);
    assert.strictEqual(lines[1], '');
    assert.strictEqual(lines[2], 'Connection successful!');
    assert.strictEqual(lines[3], 'Etcd cluster has 1 member(s)');
    assert.match(lines[4], new RegExp(`^  1\\. ID=[0-9a-f]+, Name=n1, ClientURLs=\\[${ep.replace(/\./g, '\\.')}\\]$`));
    assert.match(run.stdout, new RegExp(`${ep.replace(/\./g, '\\.')} is healthy: took [\\d.]+ ms, etcd 3\\.`));
  });

  it('runs from a copy of dist/ alone, with no node_modules beside it', () => {
    const alone = mkdtempSync(join(tmpdir(), 'ztap-dist-'));
    try {
      cpSync(dirname(CLI), alone, { recursive: true });
      const run = spawnSync(process.execPath, [join(alone, 'cli.js'), 'ls', '--json', '--endpoints', etcd().endpoints[0]], {
        cwd: alone,
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
      });
      assert.strictEqual(run.status, 0, run.stderr);
      assert.strictEqual(JSON.parse(run.stdout).prefix, '/ztap/');
      // snapshot save has its own grpc-js client, and status a worker thread loaded from beside the bundle.
      const snapshot = join(alone, 'copy.db');
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [join(alone, 'cli.js'), ...args], { cwd: alone, env: { PATH: process.env.PATH }, encoding: 'utf8' });
      const save = cli('snapshot', 'save', snapshot, '--endpoints', etcd().endpoints[0]);
      assert.strictEqual(save.status, 0, save.stderr);
      const status = cli('snapshot', 'status', snapshot, '--json');
      assert.strictEqual(status.status, 0, status.stderr);
      assert.strictEqual(JSON.parse(status.stdout).checksumOk, true);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('test --json has the documented shape', async () => {
    const ep = etcd().endpoints[0];
    const json = parseJson(await runCli(['--json', 'test', '--endpoints', ep]));
    assert.deepStrictEqual(Object.keys(json).sort(), ['endpoints', 'members', 'ok']);
    assert.deepStrictEqual(json.endpoints, [ep]);
    assert.strictEqual(json.ok, true);
    assert.deepStrictEqual(Object.keys(json.members[0]).sort(), ['clientURLs', 'id', 'isLearner', 'name', 'peerURLs']);
  });

  it('takes global options before or after the command and the env var fallback', async () => {
    const ep = etcd().endpoints[0];
    const before = parseJson(await runCli(['--endpoints', ep, '--json', 'ls']));
    const after = parseJson(await runCli(['ls', '--json', '--endpoints', ep]));
    const env = parseJson(await runCli(['ls', '--json'], { ZTAP_ETCD_ENDPOINTS: ep }));
    assert.strictEqual(before.prefix, '/ztap/');
    assert.deepStrictEqual(after.children, before.children);
    assert.deepStrictEqual(env.children, before.children);
  });

  it('exits 1 with one line naming the endpoint and reason when etcd is unreachable', async () => {
    const port = await freePort();
    for (const cmd of ['members', 'leader', 'ls', 'get']) {
      const args = cmd === 'get' ? [cmd, '/ztap/x'] : [cmd];
      const run = await runCli([...args, '--endpoints', `127.0.0.1:${port}`, '--dial-timeout', '2s']);
      assert.strictEqual(run.code, 1, `${cmd}: ${run.stderr}`);
      assert.strictEqual(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`127\\.0\\.0\\.1:${port}.*connection refused`));
      assert.ok(!/\bat \S+ \(/.test(run.stderr), 'no stack trace');
    }
    const test = await runCli(['test', '--endpoints', `127.0.0.1:${port}`]);
    assert.strictEqual(test.code, 1);
    assert.match(test.stdout, /Error: Failed to connect to etcd: .*connection refused/);
    const json = parseJson(await runCli(['test', '--json', '--endpoints', `127.0.0.1:${port}`]));
    assert.strictEqual(json.ok, false);
    assert.match(json.error, /connection refused/);
  });

  it('shows a stack trace only with --debug', async () => {
    const port = await freePort();
    const run = await runCli(['ls', '--debug', '--endpoints', `127.0.0.1:${port}`]);
    assert.strictEqual(run.code, 1);
    assert.ok(run.stderr.trim().split('\n').length > 1);
  });

  const badEndpoints: Array<[string, string]> = [
    ['', 'is empty'],
    ['localhost', 'has no port'],
    ['localhost:99999', 'out of range'],
    ['ftp://localhost:2379', 'not supported'],
    ['local host:2379', 'contains spaces'],
  ];
  for (const [bad, reason] of badEndpoints) {
    it(`exits 2 before any network call for the endpoint ${JSON.stringify(bad)}`, async () => {
      const run = await runCli(['members', '--endpoints', bad]);
      assert.strictEqual(run.code, 2);
      assert.ok(run.stderr.includes(JSON.stringify(bad)), run.stderr);
      assert.ok(run.stderr.includes(reason), run.stderr);
      assert.ok(run.ms < 2000, `took ${run.ms} ms`);
    });
  }

  it('exits 2 on bad usage: unknown command, unknown option, missing key, bad duration', async () => {
    for (const args of [['frobnicate'], ['ls', '--frob'], ['get'], ['ls', '--dial-timeout', 'soon'], []]) {
      const run = await runCli(args);
      assert.strictEqual(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    }
    const help = await runCli(['--help']);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /Usage: ztap-etcd/);
  });

  it('never prints the password, even when the login fails', async () => {
    const secret = 'Sup3r-Secret-PW';
    const port = await freePort();
    const runs = [
      await runCli(['members', '--user', 'ztap', '--password', secret, '--endpoints', etcd().endpoints[0], '--debug']),
      await runCli(['members', '--user', 'ztap', '--endpoints', `127.0.0.1:${port}`, '--debug'], { ZTAP_ETCD_PASSWORD: secret }),
      await runCli(['test', '--user', 'ztap', '--password', secret, '--endpoints', etcd().endpoints[0]]),
    ];
    for (const run of runs) {
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `${run.stdout}\n${run.stderr}`);
    }
    assert.strictEqual(runs[0].code, 1, 'a login on a server without auth fails');
  });
});

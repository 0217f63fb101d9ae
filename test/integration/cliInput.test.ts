import * as assert from 'assert';
import { spawn } from 'child_process';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { useEtcd } from '../support/etcdFixture';
import { etcdctl } from '../support/etcdctl';
import { CLI, parseJson, runCli } from '../support/runCli';

describe('ztap-etcd: keys that are bytes, bad input, a closed stdout (real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();
  const KEYS: Array<[Buffer, string]> = [
    [Buffer.from('/ztap/k/a\nb'), 'newline'],
    [Buffer.from([...Buffer.from('/ztap/k/'), 0xc3]), 'c3'],
    [Buffer.from([...Buffer.from('/ztap/k/'), 0xfe, 0x01]), 'fe01'],
    [Buffer.from([...Buffer.from('/ztap/k/'), 0xff, 0x01]), 'ff01'],
  ];
  before(async () => {
    const client = createEtcd3(resolveConnection({ endpoints: etcd().endpoints }, {}));
    try {
      for (const [key, value] of KEYS) {
        await client.put(key).value(value);
      }
    } finally {
      client.close();
    }
  });
  const ep = () => etcd().endpoints[0];

  it('ls never merges names that are not UTF-8: JSON carries them in base64, text escapes them (and a newline)', async () => {
    const json = parseJson(await runCli(['ls', '/ztap/k/', '--json', '--endpoints', ep()]));
    assert.deepStrictEqual(json.children, [
      { name: 'a\nb', isKey: true, isFolder: false, keys: 1 },
      { name: Buffer.from([0xc3]).toString('base64'), nameEncoding: 'base64', isKey: true, isFolder: false, keys: 1 },
      { name: Buffer.from([0xfe, 0x01]).toString('base64'), nameEncoding: 'base64', isKey: true, isFolder: false, keys: 1 },
      { name: Buffer.from([0xff, 0x01]).toString('base64'), nameEncoding: 'base64', isKey: true, isFolder: false, keys: 1 },
    ]);
    const text = await runCli(['ls', '/ztap/k/', '--endpoints', ep()]);
    assert.strictEqual(text.stdout, 'a\\x0ab\n\\xc3\n\\xfe\\x01\n\\xff\\x01\n');
  });

  it('get addresses such keys as ls prints them (\\xHH) or with --key-base64; a bad escape is a usage error', async () => {
    const escaped = await runCli(['get', '/ztap/k/\\xfe\\x01', '--endpoints', ep()]);
    assert.strictEqual(escaped.code, 0, escaped.stderr);
    assert.strictEqual(escaped.stdout, 'fe01');
    const b64 = await runCli(['get', '--key-base64', KEYS[3][0].toString('base64'), '--json', '--endpoints', ep()]);
    assert.strictEqual(b64.code, 0, b64.stderr);
    const record = parseJson(b64);
    assert.strictEqual(record.value, 'ff01');
    assert.deepStrictEqual([record.key, record.keyEncoding], [KEYS[3][0].toString('base64'), 'base64']);
    const newline = await runCli(['get', '/ztap/k/a\\x0ab', '--endpoints', ep()]);
    assert.strictEqual(newline.stdout, 'newline');
    const bad = await runCli(['get', '/ztap/k/\\q', '--endpoints', ep()]);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /Invalid escape .* \\xHH \(one byte\) or \\\\ \(a backslash\)/);
  });

  it('watch --json reports two different keys as two different keys', async () => {
    const child = spawn(process.execPath, [CLI, 'watch', '/ztap/w/', '--json', '--endpoints', ep()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await new Promise(r => setTimeout(r, 1200));
      const client = createEtcd3(resolveConnection({ endpoints: etcd().endpoints }, {}));
      await client.put(Buffer.from([...Buffer.from('/ztap/w/'), 0xff])).value('1');
      await client.put(Buffer.from([...Buffer.from('/ztap/w/'), 0xfe])).value('2');
      client.close();
      const deadline = Date.now() + 10_000;
      while (out.split('\n').filter(Boolean).length < 2 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 100));
      }
      const events = out
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l));
      assert.deepStrictEqual(
        events.map(e => [Buffer.from(e.key, 'base64'), e.keyEncoding]),
        [
          [Buffer.from([...Buffer.from('/ztap/w/'), 0xff]), 'base64'],
          [Buffer.from([...Buffer.from('/ztap/w/'), 0xfe]), 'base64'],
        ],
      );
    } finally {
      child.kill('SIGINT');
    }
  });

  it('watch | head -2: a closed stdout ends the watch quietly with exit 0', async () => {
    const shell = spawn(
      'bash',
      ['-c', `"${process.execPath}" "${CLI}" watch /ztap/pipe/ --endpoints ${ep()} | head -2 >/dev/null; echo "status \${PIPESTATUS[0]}"`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    shell.stdout.on('data', (c: Buffer) => (out += c.toString()));
    shell.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const done = new Promise(resolve => shell.on('close', resolve));
    await new Promise(r => setTimeout(r, 1200));
    for (let i = 0; i < 5 && !out; i++) {
      await etcdctl([ep()], ['put', `/ztap/pipe/${i}`, 'x']);
      await new Promise(r => setTimeout(r, 200));
    }
    await done;
    assert.strictEqual(out.trim(), 'status 0');
    assert.strictEqual(err, '');
  });

  it('--prefix / is the root: ls lists /, leader looks under /election/', async () => {
    await etcdctl([ep()], ['put', '/rootkey', 'r']);
    const ls = parseJson(await runCli(['ls', '--json', '--prefix', '/', '--endpoints', ep()]));
    assert.strictEqual(ls.prefix, '/');
    assert.ok(
      ls.children.some((c: { name: string }) => c.name === 'rootkey'),
      JSON.stringify(ls),
    );
    const leader = await runCli(['leader', '--prefix', '/', '--endpoints', ep()]);
    assert.strictEqual(leader.stdout, 'No leader: no candidate under /election/\n');
  });

  it('bad arguments are usage errors (exit 2) in one line each', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['members', 'foo'], /^ztap-etcd: members: unexpected argument "foo"/],
      [['get', '/a', '/b'], /^ztap-etcd: get: unexpected argument "\/b"/],
      [['get', ''], /^ztap-etcd: get needs a key \(it was empty\)/],
      [['watch', '--rev', '9223372036854775808'], /^ztap-etcd: --rev must be a revision number from 1 to 9223372036854775807/],
      [['ls', '--dial-timeout', '597h'], /^ztap-etcd: Invalid --dial-timeout "597h": the longest a timer can wait is 596h\./],
      [['ls', '--dial-timeout', '-5s'], /^ztap-etcd: Invalid --dial-timeout "-5s": a duration cannot be negative\./],
      [['ls', '--command-timeout=-1s'], /^ztap-etcd: Invalid --command-timeout "-1s": a duration cannot be negative\./],
      [['get', '/x', '--key-base64'], /^ztap-etcd: --key-base64: "\/x" is not base64/],
      [['snapshot', 'status', 'x.db', '--disarm', '--overwrite', '--live'], /^ztap-etcd: snapshot status does not take --disarm, --overwrite, --live /],
      [['ls', '--leases'], /^ztap-etcd: ls does not take --leases; its own options: --rev/],
      [['ls', '--rev', 'yesterday'], /^ztap-etcd: --rev must be a revision: a whole number such as 1234 \(got "yesterday"\)/],
      [['diff', '/ztap/'], /^ztap-etcd: the other cluster's endpoints are missing: --against-endpoints/],
      [['diff', '/ztap/', '--to-rev', '5'], /^ztap-etcd: --to-rev needs --from-rev/],
      [['copy', '/ztap/', '--to-endpoints', 'localhost:1', '--ttl', '0'], /^ztap-etcd: --ttl 0: use a whole number of seconds, 1 or more/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli([...args, '--endpoints', ep()]);
      assert.strictEqual(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.strictEqual(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
  });
});

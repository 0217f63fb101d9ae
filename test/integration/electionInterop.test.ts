import * as assert from 'assert';
import { spawn } from 'child_process';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { readElection } from '../../src/core/election/leaderReader';
import { killAndWait } from '../../src/core/local/killAndWait';
import { encodeNode, newNode } from '../../src/core/ztap/nodeJson';
import { CliParticipant } from '../support/cliParticipant';
import { useEtcd } from '../support/etcdFixture';
import { ElectParticipant, eventually } from '../support/etcdctl';
import { runCli } from '../support/runCli';

describe('election node: interop with etcdctl elect (Go concurrency.Election)', function () {
  this.timeout(90_000);
  const cluster = useEtcd();
  const running: Array<{ stop(signal?: NodeJS.Signals): Promise<void> }> = [];
  let etcd: ReturnType<typeof createEtcd3>;
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(() => etcd.close());
  afterEach(async () => {
    await Promise.all(running.splice(0).map(p => p.stop('SIGKILL')));
    await etcd.delete().prefix('/ztap/');
  });

  const line = async () => (await readElection(etcd, '/ztap/election')).candidates;

  it('waits behind an etcdctl leader, leads within a second of its SIGINT, and etcdctl elect -l prints our Node JSON', async () => {
    const go = ElectParticipant.start(cluster().endpoints, '/ztap/election', encodeNode(newNode('go-1', '127.0.0.1:7001')));
    running.push(go);
    await eventually(async () => ((await line()).length === 1 ? true : undefined), 10_000, 'etcdctl campaigning');
    const ours = CliParticipant.start(cluster().endpoints, 'ours-1', ['--address', '127.0.0.1:7002', '--ttl', '5', '--heartbeat', '1']);
    running.push(ours);
    const follower = await ours.waitFor('follower', 10_000);
    assert.strictEqual(follower.leader, 'go-1');
    const candidates = await line();
    assert.deepStrictEqual(
      candidates.map(c => c.node?.id),
      ['go-1', 'ours-1'],
    );
    assert.strictEqual(candidates[1].key, `/ztap/election/${follower.leaseId}`);
    assert.strictEqual(follower.key, candidates[1].key);
    assert.strictEqual(candidates[1].leaseId, follower.leaseId);
    const registration = await etcd.get('/ztap/nodes/ours-1').exec();
    assert.strictEqual(BigInt(registration.kvs[0].lease).toString(16), follower.leaseId);

    const observer = spawn('etcdctl', [`--endpoints=${cluster().endpoints.join(',')}`, 'elect', '-l', '/ztap/election'], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push({ stop: s => killAndWait(observer, s) });
    let observed = '';
    observer.stdout.on('data', (c: Buffer) => (observed += c.toString()));
    await eventually(() => observed.includes('"go-1"') || undefined, 10_000, 'etcdctl elect -l to print go-1');

    const sent = Date.now();
    await go.stop('SIGINT');
    const leader = await ours.waitFor('leader', 5_000);
    assert.ok(leader.at - sent < 1000, `hand-over took ${leader.at - sent} ms`);
    await eventually(() => observed.includes('"ours-1"') || undefined, 5_000, 'etcdctl elect -l to print our Node JSON');
    const printed = observed.split('\n').find(l => l.includes('"ours-1"'))!;
    assert.deepStrictEqual(Object.keys(JSON.parse(printed)).sort(), ['address', 'id', 'joined_at', 'last_seen', 'metadata', 'role', 'state']);
  });

  it('refuses bad elect arguments with exit status 2 before touching etcd, naming the option', async () => {
    const named: Array<[string[], RegExp]> = [
      [['elect'], /needs a node id/],
      [['elect', 'a', '--ttl', '1'], /^ztap-etcd: Invalid --ttl 1: /],
      [['elect', 'a', '--ttl', 'abc'], /^ztap-etcd: Invalid --ttl "abc": /],
      [['elect', 'a', '--ttl', '1.5'], /^ztap-etcd: Invalid --ttl 1\.5: /],
      [['elect', 'a', '--ttl', '9', '--heartbeat', '3'], /^ztap-etcd: Invalid --heartbeat 3s: .* under a third of the --ttl \(9s\)/],
      [['elect', 'a', '--heartbeat', '0'], /^ztap-etcd: Invalid --heartbeat "0": /],
      [['elect', 'a', '--address', 'nohost'], /Invalid node address "nohost"/],
    ];
    for (const [args, message] of named) {
      const run = await runCli([...args, '--endpoints', cluster().endpoints[0]]);
      assert.strictEqual(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      assert.strictEqual(run.stdout, '');
    }
    assert.deepStrictEqual(await line(), []);
  });

  it('a later etcdctl elect waits behind ours and leads within a second of ours resigning', async () => {
    const ours = CliParticipant.start(cluster().endpoints, 'ours-2', ['--ttl', '5', '--heartbeat', '1']);
    running.push(ours);
    await ours.waitFor('leader', 10_000);
    const go = ElectParticipant.start(cluster().endpoints, '/ztap/election', encodeNode(newNode('go-2', '127.0.0.1:7003')));
    running.push(go);
    let printedAt = 0;
    go.process.stdout?.on('data', () => (printedAt ||= Date.now()));
    await eventually(async () => ((await line()).length === 2 ? true : undefined), 10_000, 'etcdctl in line');
    await new Promise(r => setTimeout(r, 300));
    assert.strictEqual(printedAt, 0, 'etcdctl must wait while ours leads');
    const sent = Date.now();
    ours.process.kill('SIGINT');
    assert.strictEqual(await ours.exitCode(), 0);
    await eventually(() => printedAt || undefined, 5_000, 'etcdctl to lead');
    assert.ok(printedAt - sent < 1000, `hand-over took ${printedAt - sent} ms`);
    assert.strictEqual(ours.last?.event, 'resigned');
    // Clean stop: our key, our registration and our lease are gone.
    assert.deepStrictEqual(
      (await line()).map(c => c.node?.id),
      ['go-2'],
    );
    assert.strictEqual((await etcd.get('/ztap/nodes/ours-2').exec()).kvs.length, 0);
  });
});

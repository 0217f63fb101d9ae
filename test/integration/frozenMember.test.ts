import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ConnectionManager } from '../../src/core/connection/connectionManager';
import { getKey } from '../../src/core/values/getKey';
import { useEtcd } from '../support/etcdFixture';
import { whileFrozen } from '../support/freeze';
import { etcdctl, parseEtcdctlJson } from '../support/etcdctl';
import { parseJson, runCli } from '../support/runCli';
import { seedKeys } from '../support/seed';

describe('a frozen member (SIGSTOP): deadlines and failover', function () {
  this.timeout(120_000);
  const single = useEtcd();
  const cluster = useEtcd({ members: 3 });

  it('every request has a deadline: a read on a member frozen after connecting fails in the request timeout, naming member and read', async () => {
    const manager = new ConnectionManager();
    try {
      const config = resolveConnection({ endpoints: single().endpoints, requestTimeoutMs: 1500 }, {});
      assert.strictEqual((await manager.connect(config)).kind, 'connected');
      const etcd = manager.requireSession().client;
      const host = single().endpoints[0].replace(/^http:\/\//, '');
      await whileFrozen(single(), 0, async () => {
        const started = Date.now();
        const err = await getKey(etcd, '/ztap/some/key').then(
          () => undefined,
          (e: Error) => e,
        );
        const ms = Date.now() - started;
        assert.ok(err, 'the read on a frozen member succeeded');
        assert.strictEqual(err.message, `${host}: timed out after 1.5 s reading /ztap/some/key`);
        assert.ok(ms >= 1400 && ms < 3000, `took ${ms} ms`);
      });
    } finally {
      manager.dispose();
    }
  });

  it('reads go on while the raft leader stops: members without a leader yet are asked again until one is chosen', async () => {
    const eps = cluster().endpoints;
    const statuses = parseEtcdctlJson(await etcdctl(eps, ['endpoint', 'status', '-w', 'json'])) as Array<{
      Status: { header: { member_id: unknown }; leader: unknown };
    }>;
    const leaderAt = statuses.findIndex(s => String(s.Status.header.member_id) === String(s.Status.leader));
    assert.ok(leaderAt >= 0, 'the raft leader among the endpoints');
    const etcd = createEtcd3(resolveConnection({ endpoints: eps, requestTimeoutMs: 5000 }, {}));
    try {
      await etcd.put('/ztap/during-election').value('v');
      // Reads all through the leader's stop (it hands over leadership as it goes): none fails.
      let stopping = true;
      const reads = (async () => {
        let count = 0;
        while (stopping) {
          assert.strictEqual(await etcd.get('/ztap/during-election').string(), 'v', `read ${count++}`);
        }
        return count;
      })();
      try {
        await cluster().stopMember(leaderAt);
        await new Promise(resolve => setTimeout(resolve, 1500));
      } finally {
        stopping = false;
        await reads.finally(() => cluster().startMember(leaderAt));
      }
    } finally {
      etcd.close();
    }
  });

  it('a request whose deadline passed before it was sent fails at once, naming the member and the read', async () => {
    const etcd = createEtcd3(resolveConnection({ endpoints: single().endpoints }, {}));
    try {
      const host = single().endpoints[0].replace(/^http:\/\//, '');
      const settled = etcd
        .get('/ztap/late')
        .options({ deadline: Date.now() - 1000 })
        .string()
        .then(
          () => 'answered',
          (e: Error) => e.message,
        );
      const outcome = await Promise.race([settled, new Promise(resolve => setTimeout(() => resolve('never settled'), 3000))]);
      assert.strictEqual(outcome, `${host}: the deadline passed before reading /ztap/late was sent`);
    } finally {
      etcd.close();
    }
  });

  it('the CLI on a frozen single member exits 1 within its timeouts, naming the endpoint', async () => {
    const ep = single().endpoints[0];
    await whileFrozen(single(), 0, async () => {
      const runs = await Promise.all(
        [['get', '/ztap/x'], ['ls'], ['members'], ['leader']].map(args => runCli([...args, '--endpoints', ep, '--dial-timeout', '2s'])),
      );
      for (const run of runs) {
        assert.strictEqual(run.code, 1, run.stderr);
        assert.ok(run.ms < 6000, `took ${run.ms} ms`);
        assert.ok(run.stderr.includes(ep.replace(/^http:\/\//, '')) && /timed out after 2 s/.test(run.stderr), run.stderr);
      }
    });
  });

  it('with the first of three members frozen, get, ls, members and test answer from the others in about a second', async () => {
    const eps = cluster().endpoints;
    const etcd = createEtcd3(resolveConnection({ endpoints: eps }, {}));
    await seedKeys(etcd, Object.entries({ '/ztap/frozen/a': 'one', '/ztap/frozen/b': 'two' })).finally(() => etcd.close());
    await whileFrozen(cluster(), 0, async () => {
      for (let i = 0; i < 4; i++) {
        const get = await runCli(['get', '/ztap/frozen/a', '--endpoints', eps.join(',')]);
        assert.strictEqual(get.code, 0, get.stderr);
        assert.strictEqual(get.stdout, 'one');
        assert.ok(get.ms < 4000, `get took ${get.ms} ms`);
        const ls = await runCli(['ls', '/ztap/frozen/', '--json', '--endpoints', eps.join(',')]);
        assert.strictEqual(ls.code, 0, ls.stderr);
        assert.deepStrictEqual(
          parseJson(ls).children.map((c: { name: string }) => c.name),
          ['a', 'b'],
        );
        assert.ok(ls.ms < 4000, `ls took ${ls.ms} ms`);
      }
      const members = await runCli(['members', '--json', '--endpoints', eps.join(','), '--dial-timeout', '2s']);
      assert.strictEqual(members.code, 0, members.stderr);
      const list = parseJson<{ members: Array<{ clientURLs: string[]; health: { ok: boolean; error?: string } }> }>(members).members;
      const frozen = list.find(m => m.clientURLs[0] === eps[0])!;
      assert.strictEqual(frozen.health.ok, false);
      assert.match(frozen.health.error!, /timed out/);
      assert.ok(
        list.filter(m => m !== frozen).every(m => m.health.ok),
        JSON.stringify(list),
      );
      assert.ok(members.ms < 6000, `members took ${members.ms} ms`);
      const test = await runCli(['test', '--endpoints', eps.join(','), '--dial-timeout', '2s']);
      assert.strictEqual(test.code, 0, test.stderr);
      assert.match(test.stdout, /Connection successful!/);
      assert.match(test.stdout, new RegExp(`${eps[0].replace(/\./g, '\\.')} is unhealthy: .*timed out`));
      assert.strictEqual((test.stdout.match(/is healthy/g) ?? []).length, 2, test.stdout);
    });
  });
});

import * as assert from 'assert';
import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { loadMembers } from '../../src/core/cluster/members';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { getKey } from '../../src/core/values/getKey';
import { PrefixWatcher, WatchEvent } from '../../src/core/watch/prefixWatcher';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';
import { parseJson, runCli } from '../support/runCli';

/**
 * A raft learner serves only serializable reads and status: everything else is "rpc not
 * supported for learner", UNAVAILABLE up to etcd 3.5 and FAILED_PRECONDITION from 3.6
 * (which etcd3 does not count as recoverable, so a client stopped at the learner).
 */
describe('a 3-member cluster with a learner', function () {
  this.timeout(120_000);
  const cluster = useEtcd({ members: 3 });
  let learnerUrl: string;

  before(async function () {
    this.timeout(60_000);
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    try {
      learnerUrl = cluster().members[await cluster().addMember(etcd)].clientUrl;
      await etcd.put('/ztap/learner/seed').value('before');
    } finally {
      etcd.close();
    }
  });

  it('the members list shows the learner as a learner, healthy, and the CLI says so', async () => {
    const config = resolveConnection({ endpoints: cluster().endpoints }, {});
    const etcd = createEtcd3(config);
    try {
      const { members } = await loadMembers(etcd, config);
      assert.deepStrictEqual(
        members.map(m => [m.name, m.isLearner]),
        [
          ['n1', false],
          ['n2', false],
          ['n3', false],
          ['n4', true],
        ],
      );
      const n4 = members.find(m => m.name === 'n4')!;
      assert.ok(n4.health.ok, `the learner's health: ${n4.health.error}`);
    } finally {
      etcd.close();
    }
    const run = await runCli(['members', '--json', '--endpoints', cluster().endpoints.join(',')]);
    assert.strictEqual(run.code, 0, run.stderr);
    const json = parseJson(run);
    const list = (json.members ?? json) as Array<{ name: string; isLearner: boolean }>;
    assert.deepStrictEqual(
      list.filter(m => m.isLearner).map(m => m.name),
      ['n4'],
    );
  });

  it('reads, writes and watches given the learner endpoint first fail over to a voting member', async () => {
    const eps = [learnerUrl, ...cluster().endpoints.filter(e => e !== learnerUrl)];
    const etcd: Etcd3 = createEtcd3(resolveConnection({ endpoints: eps }, {}));
    const watcher = new PrefixWatcher(etcd, { prefix: '/ztap/learner/' });
    const seen: WatchEvent[] = [];
    try {
      assert.strictEqual((await getKey(etcd, '/ztap/learner/seed'))?.value.toString(), 'before');
      watcher.onEvents(batch => seen.push(...batch));
      await watcher.start();
      await etcd.put('/ztap/learner/written').value('through a voter');
      await eventually(() => seen.length === 1 && seen[0].key.toString() === '/ztap/learner/written', 10_000, 'the event of the write');
    } finally {
      watcher.dispose();
      etcd.close();
    }
    const get = await runCli(['get', '/ztap/learner/written', '--endpoints', eps.join(',')]);
    assert.strictEqual(get.code, 0, get.stderr);
    assert.match(get.stdout, /through a voter/);
  });

  it('test with the learner first reports success and names the learner as one', async () => {
    const eps = [learnerUrl, ...cluster().endpoints.filter(e => e !== learnerUrl)];
    const run = await runCli(['test', '--endpoints', eps.join(',')]);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Connection successful!/);
    assert.match(run.stdout, /Etcd cluster has 4 member\(s\)/);
    assert.match(run.stdout, new RegExp(`${learnerUrl.replace(/[.:/]/g, '\\$&')} is healthy: took [\\d.]+ ms, etcd [\\d.]+, a raft learner`));
  });
});

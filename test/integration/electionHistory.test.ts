import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { readElection } from '../../src/core/election/leaderReader';
import { ElectionParticipant } from '../../src/core/election/participant';
import { resolveParticipant } from '../../src/core/election/participantConfig';
import { readElectionHistory } from '../../src/core/history/electionHistory';
import { readKeyHistory } from '../../src/core/history/keyHistory';
import { readPrefixChanges } from '../../src/core/history/prefixChanges';
import { CliParticipant } from '../support/cliParticipant';
import { useEtcd } from '../support/etcdFixture';
import { ElectParticipant, eventually } from '../support/etcdctl';
import { runCli } from '../support/runCli';

describe("election history: terms reconstructed from etcd's history against real peers (3 members, one restarting)", function () {
  this.timeout(120_000);
  const cluster = useEtcd({ members: 3 });
  let etcd: ReturnType<typeof createEtcd3>;
  const running: Array<{ stop(signal?: NodeJS.Signals): Promise<void> }> = [];
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(async () => {
    await Promise.all(running.splice(0).map(p => p.stop('SIGKILL')));
    etcd.close();
  });

  const leaderId = async () => (await readElection(etcd, '/ztap/election')).leader?.node?.id ?? (await readElection(etcd, '/ztap/election')).leader?.raw;
  const waitLeader = (id: string) => eventually(async () => ((await leaderId()) === id ? true : undefined), 20_000, `${id} to lead`);

  it('etcdctl elect, our node resigning and a SIGKILLed node: each term, its revisions and how it ended, as done', async () => {
    const go = ElectParticipant.start(cluster().endpoints, '/ztap/election', 'go-1');
    running.push(go);
    await waitLeader('go-1');
    const ours = new ElectionParticipant(etcd, resolveParticipant({ nodeId: 'ours-1', address: '127.0.0.1:7002', ttlSeconds: 5, heartbeatMs: 500 }, {}), {
      electionKey: '/ztap/election',
      keyPrefix: '/ztap',
    });
    running.push({ stop: () => ours.stop() });
    ours.start();
    await eventually(async () => ((await readElection(etcd, '/ztap/election')).candidates.length === 2 ? true : undefined), 10_000, 'ours-1 in line');
    const killed = CliParticipant.start(cluster().endpoints, 'killed-1', ['--ttl', '4', '--heartbeat', '1']);
    running.push(killed);
    await killed.waitFor('follower', 10_000);
    const line = (await readElection(etcd, '/ztap/election')).candidates;

    await go.stop('SIGINT'); // etcdctl resigns; its lease lives on until its TTL
    await waitLeader('ours-1');
    ours.resign(); // our node gives up leadership and joins the line again on the same lease
    await waitLeader('killed-1');
    await killed.stop('SIGKILL'); // its lease expires after 4 s; ours-1 leads again
    await waitLeader('ours-1');

    // A member restarts while the history is read from the other two.
    await cluster().stopMember(0);
    let history;
    try {
      history = await readElectionHistory(etcd, '/ztap/election');
    } finally {
      await cluster().startMember(0);
    }
    assert.strictEqual(history.compactRevision, undefined);
    const terms = history.terms.map(t => [t.node?.id ?? t.value, t.end, t.lineAtStart]);
    assert.deepStrictEqual(terms, [
      ['go-1', 'resigned', 0],
      ['ours-1', 'resigned', 1],
      ['killed-1', 'lease gone', 0],
      ['ours-1', 'leading', 0],
    ]);
    // Revisions: each term ends where the next begins; the first began with go-1's key.
    for (let i = 0; i + 1 < history.terms.length; i++) {
      assert.strictEqual(history.terms[i].ended, history.terms[i + 1].began);
    }
    assert.strictEqual(history.terms[0].began, BigInt(line[0].createRevision));
    assert.strictEqual(history.terms[0].createRevision, BigInt(line[0].createRevision));
    assert.strictEqual(history.terms[1].createRevision, BigInt(line[1].createRevision));
    assert.strictEqual(history.terms[2].createRevision, BigInt(line[2].createRevision));
    assert.strictEqual(history.terms[0].longestLine, 2);
    // ours-1 joined the line again just after killed-1 took over.
    assert.strictEqual(history.terms[2].longestLine, 1);
    // Each end is the deletion of the leader's key, as the key's own history says.
    const goKeyHistory = await readKeyHistory(etcd, line[0].key);
    assert.strictEqual(goKeyHistory.versions[0].deleted, true);
    assert.strictEqual(goKeyHistory.versions[0].modRevision, history.terms[0].ended);

    const run = await runCli(['election', 'history', '--json', '--endpoints', cluster().endpoints.join(',')]);
    assert.strictEqual(run.code, 0, run.stderr);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    assert.deepStrictEqual(
      rows.map(r => [r.leader?.id ?? r.value, r.end, r.began, r.ended]),
      history.terms.map(t => [t.node?.id ?? t.value, t.end, t.began.toString(), t.ended?.toString() ?? null]),
    );
    const text = await runCli(['election', 'history', '--endpoints', cluster().endpoints.join(',')]);
    assert.match(text.stdout, /4 terms/);
    assert.match(text.stdout, /ours-1 \(127\.0\.0\.1:7002\)/);
  });

  it("a key's history and the changes under a folder read the same with a member stopped and after it restarts", async () => {
    const revs: bigint[] = [];
    for (let i = 0; i < 1200; i++) {
      revs.push(BigInt((await etcd.put('/ztap/h3/key').value(`v${i}`).exec()).header.revision));
    }
    const from = revs[599];
    await etcd.delete().key('/ztap/h3/key').exec();
    await etcd.put('/ztap/h3/other').value('x').exec();
    const before = await readKeyHistory(etcd, '/ztap/h3/key');
    const changesBefore = await readPrefixChanges(etcd, '/ztap/h3/', from);
    await cluster().stopMember(1);
    try {
      const during = await readKeyHistory(etcd, '/ztap/h3/key');
      assert.deepStrictEqual(
        during.versions.map(v => v.modRevision),
        before.versions.map(v => v.modRevision),
      );
      assert.deepStrictEqual((await readPrefixChanges(etcd, '/ztap/h3/', from)).changes, changesBefore.changes);
    } finally {
      await cluster().startMember(1);
    }
    const after = await readKeyHistory(etcd, '/ztap/h3/key');
    assert.strictEqual(after.versions.length, 1201);
    assert.deepStrictEqual(
      after.versions.slice(1).map(v => v.modRevision),
      [...revs].reverse(),
    );
    assert.deepStrictEqual(
      changesBefore.changes.map(c => [c.key, c.change]),
      [
        ['/ztap/h3/key', 'deleted'],
        ['/ztap/h3/other', 'added'],
      ],
    );
  });
});

import * as assert from 'assert';
import { useEtcd } from '../support/etcdFixture';
import { ElectParticipant, etcdctl, eventually } from '../support/etcdctl';
import { parseJson, runCli } from '../support/runCli';

interface CliCandidate {
  key: string;
  leaseId: string;
  createRevision: string;
  ttlSeconds: number | null;
  node: { id: string; address: string } | null;
  raw: string;
}
interface LeaderJson {
  leader: CliCandidate | null;
  candidates: CliCandidate[];
}

describe('ZTAP leader and candidates with etcdctl elect peers (real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();
  const peers: ElectParticipant[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map(p => p.stop()));
  });

  const leader = async (): Promise<LeaderJson> => {
    const run = await runCli(['leader', '--json', '--endpoints', etcd().endpoints.join(',')]);
    assert.strictEqual(run.code, 0, run.stderr);
    return parseJson<LeaderJson>(run);
  };
  const nodeJson = (id: string, port: number) =>
    JSON.stringify({ id, address: `127.0.0.1:${port}`, state: 'healthy', role: '', joined_at: new Date().toISOString(), metadata: {} });

  it('says "no leader" when the election prefix is empty', async () => {
    assert.deepStrictEqual(await leader(), { leader: null, candidates: [] });
    const text = await runCli(['leader', '--endpoints', etcd().endpoints.join(',')]);
    assert.match(text.stdout, /No leader/);
  });

  it('shows the first etcdctl participant as leader, the second behind it, and the change after SIGINT', async () => {
    peers.push(ElectParticipant.start(etcd().endpoints, '/ztap/election', nodeJson('node-1', 9091)));
    await eventually(async () => ((await leader()).candidates.length === 1 ? true : undefined), 10_000, 'first candidate');
    peers.push(ElectParticipant.start(etcd().endpoints, '/ztap/election', nodeJson('node-2', 9092)));
    const both = await eventually(
      async () => {
        const l = await leader();
        return l.candidates.length === 2 ? l : undefined;
      },
      10_000,
      'second candidate',
    );

    assert.strictEqual(both.leader?.node?.id, 'node-1');
    assert.deepStrictEqual(
      both.candidates.map(c => c.node?.id),
      ['node-1', 'node-2'],
    );
    assert.ok(BigInt(both.candidates[0].createRevision) < BigInt(both.candidates[1].createRevision));
    for (const c of both.candidates) {
      assert.strictEqual(c.key, `/ztap/election/${c.leaseId}`);
      assert.match(c.leaseId, /^[0-9a-f]+$/);
      assert.ok(c.ttlSeconds !== null && c.ttlSeconds > 0 && c.ttlSeconds <= 60, `ttl ${c.ttlSeconds}`);
    }
    // etcdctl agrees on the key with the lowest create revision.
    const lines = (await etcdctl(etcd().endpoints, ['get', '/ztap/election/', '--prefix', '--keys-only', '--sort-by=CREATE'])).split('\n').filter(Boolean);
    assert.strictEqual(lines[0], both.leader?.key);

    await peers[0].stop('SIGINT');
    const after = await eventually(
      async () => {
        const l = await leader();
        return l.candidates.length === 1 ? l : undefined;
      },
      5_000,
      'hand-over after SIGINT',
    );
    assert.strictEqual(after.leader?.node?.id, 'node-2');
  });

  it('shows a value that is not Node JSON as raw text', async () => {
    peers.push(ElectParticipant.start(etcd().endpoints, '/ztap/election', 'plain-value-1'));
    const l = await eventually(
      async () => {
        const x = await leader();
        return x.leader ? x : undefined;
      },
      10_000,
      'raw candidate',
    );
    assert.strictEqual(l.leader?.node, null);
    assert.strictEqual(l.leader?.raw, 'plain-value-1');
    const text = await runCli(['leader', '--endpoints', etcd().endpoints.join(',')]);
    assert.match(text.stdout, /Leader: raw value "plain-value-1"/);
  });
});

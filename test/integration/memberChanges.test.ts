import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { killAndWait } from '../../src/core/local/killAndWait';
import { freePort } from '../../src/core/local/freePort';
import { killOnExit, waitHealthy } from '../../src/core/local/etcdProcess';
import { etcdctl } from '../support/etcdctl';
import { eventually } from '../support/eventually';
import { useEtcd } from '../support/etcdFixture';
import { parseJson, runCli } from '../support/runCli';

interface MemberRow {
  name: string;
  id: string;
  isLearner: boolean;
  isLeader: boolean;
}

describe('members: added as a learner with the flags printed, promoted, leader moved to it, removed; removal refused without quorum', function () {
  this.timeout(180_000);
  const cluster = useEtcd({ members: 3 });
  let fourth: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ztap-member4-'));
  after(async () => {
    if (fourth) {
      await killAndWait(fourth, 'SIGTERM');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (args: string[], endpoints = cluster().endpoints) => runCli([...args, '--endpoints', endpoints.join(',')]);
  const members = async (endpoints = cluster().endpoints): Promise<MemberRow[]> => {
    const run = await cli(['members', '--json'], endpoints);
    return parseJson<{ members: MemberRow[] }>(run).members;
  };

  it('member add prints the flags a learner starts with; started with them it joins, as etcdctl member list shows', async () => {
    const peer = `http://127.0.0.1:${await freePort()}`;
    const client = `http://127.0.0.1:${await freePort()}`;
    // etcd refuses a reconfiguration while the cluster has just started (--strict-reconfig-check).
    const added = await eventually(
      async () => {
        const run = await cli(['member', 'add', 'n4', '--peer-urls', peer, '--json']);
        if (run.code !== 0 && /unhealthy cluster/.test(run.stderr)) {
          return undefined;
        }
        assert.strictEqual(run.code, 0, run.stderr);
        return parseJson<{ id: string; learner: boolean; startFlags: string[] }>(run);
      },
      30_000,
      'member add to be accepted',
    );
    assert.strictEqual(added.learner, true);
    assert.ok(added.startFlags.includes('--initial-cluster-state=existing'), added.startFlags.join(' '));
    assert.ok(added.startFlags.includes('--name=n4'));
    assert.match(
      added.startFlags.find(f => f.startsWith('--initial-cluster='))!,
      new RegExp(`n4=${peer}`),
    );
    fourth = spawn('etcd', [...added.startFlags, `--data-dir=${dataDir}`, `--listen-client-urls=${client}`, `--advertise-client-urls=${client}`], {
      stdio: 'ignore',
    });
    killOnExit(fourth);
    await waitHealthy(client, 30_000);
    const listed = JSON.parse(await etcdctl(cluster().endpoints, ['member', 'list', '-w', 'json'])) as {
      members: Array<{ name: string; isLearner?: boolean }>;
    };
    assert.strictEqual(listed.members.find(m => m.name === 'n4')?.isLearner, true);
    assert.strictEqual((await members()).find(m => m.name === 'n4')?.isLearner, true);
  });

  it('member promote makes it a voter once it has caught up; move-leader makes it the raft leader', async () => {
    await eventually(
      async () => {
        const run = await cli(['member', 'promote', 'n4']);
        if (run.code !== 0 && /catching up/.test(run.stderr)) {
          return undefined;
        }
        assert.strictEqual(run.code, 0, run.stderr);
        return true;
      },
      30_000,
      'the learner to be promoted',
    );
    assert.strictEqual((await members()).find(m => m.name === 'n4')?.isLearner, false);
    const moved = await cli(['move-leader', 'n4']);
    assert.strictEqual(moved.code, 0, moved.stderr);
    await eventually(async () => (await members()).find(m => m.name === 'n4')?.isLeader || undefined, 15_000, 'n4 to lead');
  });

  it('member remove asks for the name off a terminal unless --yes, then takes it out', async () => {
    const asked = await cli(['member', 'remove', 'n4']);
    assert.strictEqual(asked.code, 1);
    assert.match(asked.stderr, /nothing changed \(type n4 on a terminal, or pass --yes\)/);
    const removed = await cli(['member', 'remove', 'n4', '--yes']);
    assert.strictEqual(removed.code, 0, removed.stderr);
    await eventually(async () => !(await members()).some(m => m.name === 'n4') || undefined, 15_000, 'n4 to be gone');
    assert.ok(!(await etcdctl(cluster().endpoints, ['member', 'list'])).includes('n4'));
  });

  it('member update changes the peer URLs of a member etcd lists, as etcdctl member list shows', async () => {
    const first = `http://127.0.0.1:${await freePort()}`;
    const moved = `http://127.0.0.1:${await freePort()}`;
    const add = await cli(['member', 'add', 'n5', '--peer-urls', first, '--json']);
    assert.strictEqual(add.code, 0, add.stderr);
    const { id } = parseJson<{ id: string }>(add);
    try {
      const update = await cli(['member', 'update', id, '--peer-urls', moved, '--json']);
      assert.strictEqual(update.code, 0, update.stderr);
      assert.deepStrictEqual(parseJson(update), { updated: id, peerURLs: [moved] });
      const listed = await etcdctl(cluster().endpoints, ['member', 'list']);
      assert.ok(listed.includes(moved) && !listed.includes(first), listed);
      const bad = await cli(['member', 'update', id, '--peer-urls', 'localhost:2380']);
      assert.strictEqual(bad.code, 2);
      assert.match(bad.stderr, /--peer-urls: "localhost:2380" is not a peer URL/);
    } finally {
      assert.strictEqual((await cli(['member', 'remove', id, '--yes'])).code, 0);
    }
  });

  it('with two of three members stopped, member remove refuses (exit 2), naming the members that do not answer', async () => {
    await cluster().stopMember(1);
    await cluster().stopMember(2);
    try {
      const first = cluster().endpoints[0];
      const run = await cli(['member', 'remove', cluster().members[2].name, '--yes'], [first]);
      assert.strictEqual(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        /refused: without n3, 2 voting members are left and only [01] answer now \([^)]*n2[^)]* do(es)? not\): 2 are needed for a quorum; nothing was changed/,
      );
    } finally {
      await cluster().startMember(1);
      await cluster().startMember(2);
    }
    assert.strictEqual((await members()).length, 3);
  });
});

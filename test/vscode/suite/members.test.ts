import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { AddedMember } from '../../../src/core/cluster/memberChanges';
import { LocalEtcdCluster, killOnExit, waitHealthy } from '../../../src/core/local/etcdProcess';
import { freePort } from '../../../src/core/local/freePort';
import { killAndWait } from '../../../src/core/local/killAndWait';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { children, description, label, restoreEndpoints, root, services, setEndpoints, waitFor } from './helpers';

describe('members from the editor: Add Member (a learner, its flags), Promote, Move Leader, Remove (real 3-member etcd)', function () {
  this.timeout(150_000);
  let cluster: LocalEtcdCluster;
  let fourth: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ztap-suite-member-'));

  before(async () => {
    cluster = await LocalEtcdCluster.start({ members: 3 });
    await setEndpoints(cluster.endpoints);
  });
  after(async () => {
    await restoreEndpoints();
    if (fourth) {
      await killAndWait(fourth, 'SIGTERM');
    }
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const memberRows = async () => {
    const members = (await children(await root())).find(n => label(n) === 'Members');
    assert.ok(members);
    return children(members);
  };

  it('Add Member adds a learner and gives the flags it starts with; started with them, its row says learner and how far it has caught up', async () => {
    const s = await services();
    const shown: string[] = [];
    const saved = s.dialogs.explain;
    s.dialogs.explain = async (message, detail) => (shown.push(`${message}\n${detail}`), undefined);
    const peer = `http://127.0.0.1:${await freePort()}`;
    const client = `http://127.0.0.1:${await freePort()}`;
    let added: AddedMember | undefined;
    try {
      // etcd refuses a reconfiguration right after the cluster started (--strict-reconfig-check).
      added = await waitFor(
        async () => await vscode.commands.executeCommand<AddedMember | undefined>(COMMANDS.addMember, { name: 'n4', peerUrls: peer, voter: false }),
        'Add Member to be accepted',
        30_000,
      );
    } finally {
      s.dialogs.explain = saved;
    }
    assert.match(shown[0], /added n4 \([0-9a-f]+\) as a learner\. Start it with these flags/);
    assert.ok(shown[0].includes('--initial-cluster-state=existing'));
    fourth = spawn('etcd', [...added.startFlags, `--data-dir=${dataDir}`, `--listen-client-urls=${client}`, `--advertise-client-urls=${client}`], {
      stdio: 'ignore',
    });
    killOnExit(fourth);
    await waitHealthy(client, 30_000);
    s.tree.refresh();
    const row = await waitFor(
      async () => (await memberRows()).find(r => label(r) === 'n4' && /raft index \d+ of the leader's \d+/.test(description(r))),
      'the learner row with its raft index',
      20_000,
    );
    assert.match(description(row), /learner · raft index \d+ of the leader's \d+/);
    assert.strictEqual(row.getTreeItem().contextValue, 'ztapMember.learner');
  });

  it('Promote Learner, then Move Leader to This Member from its row: it leads', async () => {
    await waitFor(async () => await vscode.commands.executeCommand<boolean>(COMMANDS.promoteLearner, 'n4'), 'the learner to be promoted', 30_000);
    const s = await services();
    s.tree.refresh();
    const row = await waitFor(async () => (await memberRows()).find(r => label(r) === 'n4' && r.getTreeItem().contextValue === 'ztapMember'), 'n4 as a voter');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.moveLeader, row), true);
    await waitFor(async () => {
      s.tree.refresh();
      return (await memberRows()).find(r => label(r) === 'n4' && /raft leader/.test(description(r)));
    }, 'n4 to lead');
  });

  it('Remove Member wants its name typed; with two voting members down it is refused before asking', async () => {
    const s = await services();
    const saved = s.dialogs.ask;
    const prompts: string[] = [];
    try {
      s.dialogs.ask = async options => (prompts.push(options.prompt ?? ''), undefined);
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.removeMember, 'n4'), false);
      assert.match(prompts[0], /^Type n4 to remove it from the cluster\./);
      s.dialogs.ask = async () => 'n4';
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.removeMember, 'n4'), true);
      await waitFor(async () => {
        s.tree.refresh();
        return !(await memberRows()).some(r => label(r) === 'n4');
      }, 'n4 gone from Members');
      await killAndWait(fourth!, 'SIGTERM');
      fourth = undefined;

      await cluster.stopMember(1);
      await cluster.stopMember(2);
      prompts.length = 0;
      s.dialogs.ask = async options => (prompts.push(options.prompt ?? ''), 'n3');
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.removeMember, 'n3'), undefined);
      assert.deepStrictEqual(prompts, []);
    } finally {
      s.dialogs.ask = saved;
      await cluster.startMember(1);
      await cluster.startMember(2);
    }
  });
});

import * as assert from 'assert';
import * as vscode from 'vscode';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { UserWatch } from '../../../src/extension/watches/watchesService';
import { freeze } from '../../support/freeze';
import { child, children, description, label, restoreEndpoints, root, services, setEndpoints, waitFor } from './helpers';

/**
 * One member of three frozen (SIGSTOP): what a partition or a stuck disk looks like.
 * A cluster of its own, so the freeze never touches the other suites' fixture.
 */
describe('one member of three frozen (SIGSTOP)', function () {
  this.timeout(120_000);
  let cluster: LocalEtcdCluster;
  /** A follower (freezing the raft leader would also make in-flight writes time out), listed first. */
  let frozen: number;
  let endpoints: string[];
  const timings = { keepaliveTime: 1, keepaliveTimeout: 2, dialTimeout: 2, requestTimeout: 3 };
  before(async function () {
    this.timeout(60_000);
    cluster = await LocalEtcdCluster.start({ members: 3 });
    const config = vscode.workspace.getConfiguration('ztap.etcd');
    for (const [key, value] of Object.entries(timings)) {
      await config.update(key, value, vscode.ConfigurationTarget.Workspace);
    }
    frozen = await followerIndex(cluster);
    endpoints = [cluster.endpoints[frozen], ...cluster.endpoints.filter((_, i) => i !== frozen)];
    // The first endpoint answers the connect check, so it serves the watches.
    await setEndpoints(endpoints);
  });
  after(async () => {
    await vscode.commands.executeCommand(COMMANDS.stopAllWatches);
    const config = vscode.workspace.getConfiguration('ztap.etcd');
    for (const key of Object.keys(timings)) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await restoreEndpoints();
    await cluster.stop();
  });

  it('a watch on the frozen member shows "reconnecting", then live again on another member, with no event lost', async () => {
    const watch = await vscode.commands.executeCommand<UserWatch>(COMMANDS.watchPrefix, '/ztap/freeze/');
    assert.ok(watch);
    await waitFor(() => watch.state.kind === 'live' || undefined, 'the watch to be live');
    const seen: string[] = [];
    const sub = watch.watcher.onState(state => seen.push(state.kind));
    const writer = createEtcd3(resolveConnection({ endpoints: endpoints.slice(1) }, {}));
    const resume = freeze(cluster, frozen);
    try {
      for (let i = 0; i < 30; i++) {
        await writer.put(`/ztap/freeze/k${i}`).value(String(i));
        await new Promise(r => setTimeout(r, 100));
      }
      const watchesRow = async () => (await children(await child(label(await root()), 'Watches'))).find(n => label(n) === '/ztap/freeze/');
      await waitFor(
        () => watch.count === 30 || undefined,
        `30 events while the member is still frozen (have ${watch.count}; states ${seen.join(', ')})`,
        30_000,
      );
      assert.ok(seen.includes('reconnecting'), `states seen: ${seen.join(', ')}`);
      assert.strictEqual(watch.state.kind, 'live');
      const row = await watchesRow();
      assert.strictEqual(row && description(row), 'live · 30 events');
      await new Promise(r => setTimeout(r, 300));
      assert.strictEqual(watch.count, 30, 'no event repeated');
    } finally {
      sub.dispose();
      resume();
      writer.close();
    }
  });

  it('the tree shows the frozen member unhealthy (timed out) and the others healthy, and lists keys from the others', async () => {
    const writer = createEtcd3(resolveConnection({ endpoints }, {}));
    await writer.put('/ztap/listed/k').value('v');
    writer.close();
    const resume = freeze(cluster, frozen);
    try {
      await vscode.commands.executeCommand(COMMANDS.refresh);
      const members = await waitFor(
        async () => {
          const rows = await children(await child(label(await root()), 'Members'));
          return rows.length === 3 ? rows : undefined;
        },
        'three members',
        20_000,
      );
      const frozenName = cluster.members[frozen].name;
      const frozenRow = members.find(m => label(m) === frozenName)!;
      assert.match(description(frozenRow), /unhealthy/);
      const detail = Object.fromEntries((await children(frozenRow)).map(r => [label(r), description(r)]));
      assert.match(detail.Health, /^unhealthy: .*timed out/);
      assert.ok(
        members.filter(m => m !== frozenRow).every(m => /healthy [\d.]+ ms/.test(description(m))),
        members.map(description).join(' | '),
      );
      const started = Date.now();
      const keys = (await children(await root())).find(n => label(n) === 'Keys')!;
      const listed = (await children(keys)).map(label);
      assert.ok(listed.includes('listed/'), listed.join(', '));
      assert.ok(Date.now() - started < timings.requestTimeout * 1000, `listing took ${Date.now() - started} ms`);
    } finally {
      resume();
    }
  });
  it('without a refresh, the Members rows, the connection row and the status bar turn unhealthy within 10 s of the freeze and back within 10 s of SIGCONT', async () => {
    const s = await services();
    const frozenName = cluster.members[frozen].name;
    const membersNode = await child(label(await root()), 'Members');
    await waitFor(async () => (await children(membersNode)).length === 3 || undefined, 'three members listed');
    const frozenRow = async () => (await children(membersNode)).find(m => label(m) === frozenName)!;
    const connectionRow = async () => description(await root());
    await waitFor(async () => /healthy [\d.]+ ms/.test(description(await frozenRow())) || undefined, 'the member healthy before the freeze');
    const resume = freeze(cluster, frozen);
    let resumed = false;
    try {
      const frozenAt = Date.now();
      // children() asks the provider, as a redraw does: the row's object is the one on screen, updated by the poll.
      await waitFor(async () => /unhealthy/.test(description(await frozenRow())) || undefined, `${frozenName} unhealthy without a refresh`, 10_000);
      await waitFor(async () => /3 members · 1 unhealthy/.test(await connectionRow()) || undefined, 'the connection row saying 1 unhealthy', 10_000);
      await waitFor(() => /etcd: 3 members, 1 unhealthy/.test(s.clusterStatus.text) || undefined, `the status bar (says "${s.clusterStatus.text}")`, 10_000);
      const seenIn = Date.now() - frozenAt;
      assert.ok(seenIn <= 10_000, `seen after ${seenIn} ms`);
      // Refresh on Members: no longer than the request timeout, with the member still frozen.
      const started = Date.now();
      await vscode.commands.executeCommand(COMMANDS.refreshNode, membersNode);
      const took = Date.now() - started;
      assert.ok(took <= timings.requestTimeout * 1000 + 500, `Refresh of Members took ${took} ms with a member frozen`);
      resume();
      resumed = true;
      const resumedAt = Date.now();
      await waitFor(async () => /healthy [\d.]+ ms/.test(description(await frozenRow())) || undefined, `${frozenName} healthy again`, 10_000);
      await waitFor(async () => /^connected · 3 members$/.test(await connectionRow()) || undefined, 'the connection row healthy again', 10_000);
      await waitFor(() => /etcd: 3 members$/.test(s.clusterStatus.text) || undefined, 'the status bar healthy again', 10_000);
      assert.ok(Date.now() - resumedAt <= 10_000);
    } finally {
      if (!resumed) {
        resume();
      }
    }
  });
});

/** The index of a member that is not the raft leader. */
async function followerIndex(cluster: LocalEtcdCluster): Promise<number> {
  const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
  try {
    const status = await etcd.maintenance.status({});
    const { members } = await etcd.cluster.memberList({});
    const leaderUrl = members.find(m => m.ID === status.leader)?.clientURLs[0];
    return cluster.endpoints.findIndex(e => e !== leaderUrl);
  } finally {
    etcd.close();
  }
}

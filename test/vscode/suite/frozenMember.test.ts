import * as assert from 'assert';
import * as vscode from 'vscode';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { UserWatch } from '../../../src/extension/watchesService';
import { freeze } from '../../support/freeze';
import { child, children, description, label, restoreEndpoints, root, setEndpoints, waitFor } from './helpers';

/**
 * One member of three frozen (SIGSTOP): what a partition or a stuck disk looks like.
 * A cluster of its own, so the freeze never touches the other suites' fixture.
 */
describe('one member of three frozen (SIGSTOP)', function () {
  this.timeout(120_000);
  let cluster: LocalEtcdCluster;
  const timings = { keepaliveTime: 1, keepaliveTimeout: 2, dialTimeout: 2, requestTimeout: 3 };
  before(async function () {
    this.timeout(60_000);
    cluster = await LocalEtcdCluster.start({ members: 3 });
    const config = vscode.workspace.getConfiguration('ztap.etcd');
    for (const [key, value] of Object.entries(timings)) {
      await config.update(key, value, vscode.ConfigurationTarget.Workspace);
    }
    // The first endpoint answers the connect check, so it serves the watches.
    await setEndpoints(cluster.endpoints);
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
    const writer = createEtcd3(resolveConnection({ endpoints: cluster.endpoints.slice(1) }, {}));
    const resume = freeze(cluster, 0);
    try {
      for (let i = 0; i < 30; i++) {
        await writer.put(`/ztap/freeze/k${i}`).value(String(i));
        await new Promise(r => setTimeout(r, 100));
      }
      const watchesRow = async () => (await children(await child(label(await root()), 'Watches'))).find(n => label(n) === '/ztap/freeze/');
      await waitFor(() => watch.count === 30 || undefined, `30 events while the member is still frozen (have ${watch.count}; states ${seen.join(', ')})`, 30_000);
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
    const resume = freeze(cluster, 0);
    try {
      await vscode.commands.executeCommand(COMMANDS.refresh);
      const members = await waitFor(async () => {
        const rows = await children(await child(label(await root()), 'Members'));
        return rows.length === 3 ? rows : undefined;
      }, 'three members', 20_000);
      const frozenName = cluster.members[0].name;
      const frozen = members.find(m => label(m) === frozenName)!;
      assert.match(description(frozen), /unhealthy/);
      const detail = Object.fromEntries((await children(frozen)).map(r => [label(r), description(r)]));
      assert.match(detail.Health, /^unhealthy: .*timed out/);
      assert.ok(members.filter(m => m !== frozen).every(m => /healthy [\d.]+ ms/.test(description(m))), members.map(description).join(' | '));
      const started = Date.now();
      const keys = (await children(await root())).find(n => label(n) === 'Keys')!;
      const listed = (await children(keys)).map(label);
      assert.ok(listed.includes('freeze/'), listed.join(', '));
      assert.ok(Date.now() - started < timings.requestTimeout * 1000, `listing took ${Date.now() - started} ms`);
    } finally {
      resume();
    }
  });
});

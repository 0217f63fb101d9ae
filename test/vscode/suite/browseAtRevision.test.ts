import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { TreeNode } from '../../../src/extension/tree/treeNode';
import { valueUri } from '../../../src/extension/keys/valueUris';
import { etcdctl } from '../../support/etcdctl';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { children, description, fixture, label, restoreEndpoints, services, setEndpoints } from './helpers';

const ctl = (...args: string[]) => etcdctl(fixture('cluster').split(','), args);
const revisionNow = async () => String(JSON.parse(await ctl('get', 'x', '-w', 'json')).header.revision);

/** A folder row of the extension's own class (this test's copy of it is another class). */
const prefixOf = (n: TreeNode) => (n as unknown as { prefix?: string }).prefix;

describe('Browse at Revision', function () {
  this.timeout(60_000);
  before(restoreEndpoints);
  after(async () => {
    await ctl('del', '--prefix', '/ztap/past/');
  });

  it('shows the keys as they were at revision N, read-only, beside the live ones; values open as they were', async () => {
    await ctl('put', '/ztap/past/a', 'old-a');
    await ctl('put', '/ztap/past/gone/b', 'old-b');
    const then = await revisionNow();
    await ctl('put', '/ztap/past/a', 'new-a');
    await ctl('del', '/ztap/past/gone/b');
    await ctl('put', '/ztap/past/later', 'x');
    const root = await vscode.commands.executeCommand<TreeNode>(COMMANDS.browseAtRevision, { revision: then });
    assert.ok(root);
    assert.strictEqual(label(root), `Keys at revision ${then}`);
    assert.strictEqual(root.getTreeItem().contextValue, 'ztapPastRoot');
    assert.ok((await children()).includes(root), 'a root of its own beside the connection');
    const past = (await children(root)).find(n => prefixOf(n) === '/ztap/past/');
    assert.ok(past, 'past/ under it');
    assert.strictEqual(past.getTreeItem().contextValue, 'ztapPastFolder');
    assert.strictEqual(description(past), '2 keys');
    const rows = await children(past);
    assert.deepStrictEqual(rows.map(label).sort(), ['a', 'gone/']);
    const a = rows.find(n => label(n) === 'a')!;
    assert.strictEqual(a.getTreeItem().contextValue, 'ztapPastKey');
    const open = a.getTreeItem().command!;
    assert.strictEqual((open.arguments![0] as vscode.Uri).toString(), valueUri('/ztap/past/a', { revision: then }).toString());
    const doc = await vscode.workspace.openTextDocument(open.arguments![0] as vscode.Uri);
    assert.match(doc.getText(), /old-a/);
    // Compare with Live on it: the changes after N under the folder, in the History view.
    const shown = await vscode.commands.executeCommand<string>(COMMANDS.compareWithLive, past);
    assert.strictEqual(shown, '/ztap/past/');
    await vscode.commands.executeCommand(COMMANDS.closePast, root);
    assert.ok(!(await children()).includes(root), 'closed');
  });

  it('a compacted revision is refused, offering the oldest one kept, which it then shows', async () => {
    const s = await services();
    const saved = s.dialogs.choose;
    const told: string[] = [];
    s.dialogs.choose = (message, ...actions) => (told.push(message), Promise.resolve(actions[0]));
    // A cluster of its own: a compaction of the fixture's would take the history other suites read.
    const own = await LocalEtcdCluster.start({ members: 1 });
    const mine = (...args: string[]) => etcdctl(own.endpoints, args);
    try {
      await setEndpoints(own.endpoints);
      await mine('put', '/ztap/past/c', '1');
      const old = String(JSON.parse(await mine('get', 'x', '-w', 'json')).header.revision);
      await mine('put', '/ztap/past/c', '2');
      await mine('put', '/ztap/past/c', '3');
      const compactAt = String(BigInt(old) + 2n);
      await mine('compact', compactAt);
      const root = await vscode.commands.executeCommand<TreeNode>(COMMANDS.browseAtRevision, { revision: old });
      assert.match(told[0], new RegExp(`revision ${old} has been compacted: etcd keeps history from revision ${compactAt} on`));
      assert.strictEqual(root && label(root), `Keys at revision ${compactAt}`);
      await vscode.commands.executeCommand(COMMANDS.closePast, root);
    } finally {
      s.dialogs.choose = saved;
      await restoreEndpoints();
      await own.stop();
    }
  });
});

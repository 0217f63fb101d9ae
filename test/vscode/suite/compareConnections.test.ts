import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FolderComparison } from '../../../src/core/compare/folderCompare';
import type { CopyResult } from '../../../src/core/compare/folderCopy';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { etcdctl } from '../../support/etcdctl';
import { readFileSync } from 'fs';
import { description, fixture, label, restoreEndpoints, services, waitFor } from './helpers';

/** Compare with Connection: the fixture's cluster against a connection to a cluster of its own. */
describe('Compare with Connection', function () {
  this.timeout(90_000);
  let other: LocalEtcdCluster;
  const here = (...args: string[]) => etcdctl(fixture('cluster').split(','), args);
  const there = (...args: string[]) => etcdctl(other.endpoints, args);
  const settings = () => vscode.workspace.getConfiguration('ztap');
  before(async function () {
    this.timeout(60_000);
    await restoreEndpoints();
    other = await LocalEtcdCluster.start({ members: 1 });
    const s = await services();
    // The connection in use stays the active one when another is added.
    await s.connection.switchTo('Default');
    await settings().update(
      'connections',
      [
        { name: 'other', endpoints: other.endpoints },
        { name: 'other read-only', endpoints: other.endpoints, readOnly: true },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    await s.connection.switchTo('Default');
  });
  after(async () => {
    await settings().update('connections', undefined, vscode.ConfigurationTarget.Workspace);
    await (await services()).connection.switchTo('Default');
    await here('del', '--prefix', '/ztap/cmp/');
    await other.stop();
  });

  it('lists what is only here, only there and different, per folder; each opens both sides as read then', async () => {
    const s = await services();
    await here('put', '/ztap/cmp/same', '1');
    await there('put', '/ztap/cmp/same', '1');
    await here('put', '/ztap/cmp/only-here', 'h');
    await there('put', '/ztap/cmp/sub/only-there', 't');
    await here('put', '/ztap/cmp/differs', 'mine');
    await there('put', '/ztap/cmp/differs', 'theirs');
    const result = await vscode.commands.executeCommand<FolderComparison>(COMMANDS.compareWithConnection, {
      prefix: '/ztap/cmp/',
      connection: 'other',
      otherPrefix: '/ztap/cmp/',
    });
    assert.deepStrictEqual(result?.counts, { added: 1, changed: 1, deleted: 1, same: 1 });
    const [header, ...rows] = await s.history.getChildren();
    assert.match(label(header), /^.+ \/ztap\/cmp\/ \(rev \d+\) ↔ "other" \/ztap\/cmp\/ \(rev \d+\)$/);
    assert.match(description(header), /1 added/);
    const differs = rows.find(r => label(r) === 'differs');
    assert.ok(differs, rows.map(label).join(', '));
    const [left, right] = differs.getTreeItem().command!.arguments as vscode.Uri[];
    assert.strictEqual((await vscode.workspace.openTextDocument(left)).getText(), 'mine');
    assert.strictEqual((await vscode.workspace.openTextDocument(right)).getText(), 'theirs');
    assert.ok(
      rows.some(r => label(r) === 'sub/' || label(r) === 'sub'),
      'the folder only there',
    );
  });

  it('a lease on one side only is no difference until ztap.compare.leases asks for it; then the title says so', async () => {
    const s = await services();
    const lease = (await here('lease', 'grant', '300')).split(/\s+/)[1];
    await here('put', '/ztap/cmpl/leased', 'v', `--lease=${lease}`);
    await there('put', '/ztap/cmpl/leased', 'v');
    const compare = () =>
      vscode.commands.executeCommand<FolderComparison>(COMMANDS.compareWithConnection, {
        prefix: '/ztap/cmpl/',
        connection: 'other',
        otherPrefix: '/ztap/cmpl/',
      });
    try {
      assert.deepStrictEqual((await compare())?.counts, { added: 0, changed: 0, deleted: 0, same: 1 });
      assert.doesNotMatch(label((await s.history.getChildren())[0]), /leases counted/);
      await settings().update('compare.leases', true, vscode.ConfigurationTarget.Workspace);
      const counted = await compare();
      assert.deepStrictEqual(counted?.counts, { added: 0, changed: 1, deleted: 0, same: 0 });
      assert.strictEqual(counted.leasesCompared, true);
      const [header, ...rows] = await s.history.getChildren();
      assert.match(label(header), /, leases counted$/);
      assert.ok(
        rows.some(r => label(r) === 'leased'),
        rows.map(label).join(', '),
      );
    } finally {
      await settings().update('compare.leases', undefined, vscode.ConfigurationTarget.Workspace);
      await here('lease', 'revoke', lease);
      await there('del', '--prefix', '/ztap/cmpl/');
    }
  });

  it('Copy to Connection: the preview says what it does; a key changed there after it is skipped and named, its value untouched', async () => {
    const s = await services();
    await here('put', '/ztap/cp/new', 'n');
    await here('put', '/ztap/cp/mine', 'mine');
    await there('put', '/ztap/cp/mine', 'old');
    await there('put', '/ztap/cp/only-there', 'x');
    const saved = s.dialogs.explain;
    let shown = '';
    s.dialogs.explain = async (message, detail, ...actions) => {
      shown = `${message}\n${detail}\n${actions.join('|')}`;
      // Someone else writes the key on the target while the preview is open.
      await there('put', '/ztap/cp/mine', 'theirs');
      return 'Copy and Overwrite';
    };
    try {
      const result = await vscode.commands.executeCommand<CopyResult>(COMMANDS.copyToConnection, {
        prefix: '/ztap/cp/',
        connection: 'other',
        targetPrefix: '/ztap/cp/',
      });
      assert.match(shown, /1 key to create \(absent there\)/);
      assert.match(shown, /1 key different there: overwritten only with Copy and Overwrite/);
      assert.match(shown, /1 key only there, never touched/);
      assert.match(shown, /\nCopy\|Copy and Overwrite$/);
      assert.strictEqual(result?.created, 1);
      assert.strictEqual(result.overwritten, 0);
      assert.deepStrictEqual(
        result.skipped.map(k => k.key),
        ['/ztap/cp/mine'],
      );
      assert.strictEqual((await there('get', '/ztap/cp/mine', '--print-value-only')).trim(), 'theirs');
      assert.strictEqual((await there('get', '/ztap/cp/new', '--print-value-only')).trim(), 'n');
      assert.strictEqual((await there('get', '/ztap/cp/only-there', '--print-value-only')).trim(), 'x');
    } finally {
      s.dialogs.explain = saved;
      await here('del', '--prefix', '/ztap/cp/');
    }
  });

  it('Copy to Connection on two selected keys copies those two, with their names, and nothing else of their folder', async () => {
    const s = await services();
    for (const k of ['a', 'b', 'c']) {
      await here('put', `/ztap/sel/${k}`, k);
    }
    const folder = await s.tree.nodeForKey('/ztap/sel/');
    assert.ok(folder);
    const rows = await s.tree.getChildren(folder);
    const picked = rows.filter(r => ['a', 'c'].includes(label(r)));
    assert.strictEqual(picked.length, 2);
    const saved = s.dialogs.explain;
    s.dialogs.explain = async (_m, _d, ...actions) => actions[0];
    try {
      // As VS Code calls it from a context menu with two rows selected: the row, then the selection.
      const result = await vscode.commands.executeCommand<CopyResult>(COMMANDS.copyToConnection, picked[0], picked, { connection: 'other' });
      assert.strictEqual(result?.created, 2);
      assert.deepStrictEqual((await there('get', '/ztap/sel/', '--prefix', '--keys-only')).split('\n').filter(Boolean), ['/ztap/sel/a', '/ztap/sel/c']);
    } finally {
      s.dialogs.explain = saved;
      await here('del', '--prefix', '/ztap/sel/');
    }
  });

  it('Copy to a read-only connection is refused before any question', async () => {
    const s = await services();
    const saved = { ask: s.dialogs.ask, explain: s.dialogs.explain };
    let asked = 0;
    s.dialogs.ask = () => (asked++, Promise.resolve(undefined));
    s.dialogs.explain = () => (asked++, Promise.resolve(undefined));
    try {
      const result = await vscode.commands.executeCommand(COMMANDS.copyToConnection, { prefix: '/ztap/', connection: 'other read-only' });
      assert.strictEqual(result, undefined);
      assert.strictEqual(asked, 0);
      const logFile = vscode.Uri.joinPath(s.logUri, 'ZTAP etcd.log').fsPath;
      await waitFor(() => readFileSync(logFile, 'utf8').includes('"other read-only" is read-only: nothing was copied'), 'the refusal in the log');
    } finally {
      Object.assign(s.dialogs, saved);
    }
  });
});

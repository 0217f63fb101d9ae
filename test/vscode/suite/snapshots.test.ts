import * as assert from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import type { SnapshotComparison } from '../../../src/core/snapshot/snapshotDiff';
import type { SnapshotStatus } from '../../../src/core/snapshot/snapshotStatus';
import { saveSnapshot } from '../../../src/core/snapshot/snapshotWriter';
import type { ImportResult } from '../../../src/core/writes/bulkWrites';
import type { RestoreAnswer } from '../../../src/extension/dialogs';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { OpenSnapshot } from '../../../src/extension/snapshots/openSnapshots';
import type { TreeNode } from '../../../src/extension/tree/treeNode';
import { valueUri } from '../../../src/extension/keys/valueUris';
import { etcdctl } from '../../support/etcdctl';
import { children, description, fixture, label, restoreEndpoints, services } from './helpers';

const ctl = (...args: string[]) => etcdctl(fixture('cluster').split(','), args);

async function find(nodes: TreeNode[], name: string): Promise<TreeNode> {
  const node = nodes.find(n => label(n) === name);
  assert.ok(node, `no "${name}" among ${nodes.map(label).join(', ')}`);
  return node;
}

describe('snapshots as data: a snapshot file as a tree, compared with the cluster, keys restored from it', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let opened: OpenSnapshot | undefined;

  before(async () => {
    await restoreEndpoints();
    await ctl('put', '/ztap/snap/kept', 'as saved');
    await ctl('put', '/ztap/snap/changed', 'before');
    await ctl('put', '/ztap/snap/removed', 'will be deleted');
    dir = mkdtempSync(join(tmpdir(), 'ztap-snap-suite-'));
    file = join(dir, 'suite.db');
    const endpoints = fixture('cluster').split(',');
    await saveSnapshot(resolveConnection({ endpoints }, {}), file, { endpoint: endpoints[0] });
  });
  after(async () => {
    const s = await services();
    if (opened) {
      await s.snapshots.close(opened.id);
    }
    await ctl('del', '--prefix', '/ztap/snap/');
    rmSync(dir, { recursive: true, force: true });
  });

  it('Open Snapshot adds a read-only root with Leader, Keys (with counts) and Nodes read from the file', async () => {
    const s = await services();
    opened = (await vscode.commands.executeCommand<OpenSnapshot>(COMMANDS.openSnapshot, vscode.Uri.file(file)))!;
    assert.ok(opened);
    const roots = await children();
    const root = await find(roots, 'Snapshot suite.db');
    assert.match(description(root), new RegExp(`^at revision ${opened.browser.revision} · ${opened.browser.keyCount} keys alive$`));
    // Show Snapshot Status counts the same keys alive, beside etcd's own total.
    const status = await vscode.commands.executeCommand<SnapshotStatus>(COMMANDS.showSnapshotStatus, file);
    assert.strictEqual(status?.liveKeys, opened.browser.keyCount);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.strictEqual(root.getTreeItem().contextValue, 'ztapSnapshot');
    const [leader, keys, nodes] = await children(root);
    assert.deepStrictEqual([label(leader), label(keys), label(nodes)], ['Leader', 'Keys', 'Nodes']);
    const line = await children(leader);
    assert.match(label(line[0]), /^1\. node-1$/);
    assert.match(description(line[0]), /^leader · 127\.0\.0\.1:9091/);
    const folders = await children(keys);
    const snap = await find(folders, 'snap/');
    assert.strictEqual(description(snap), '3 keys');
    assert.strictEqual(snap.getTreeItem().contextValue, 'ztapSnapshotFolder');
    const rows = await children(snap);
    assert.deepStrictEqual(rows.map(label), ['changed', 'kept', 'removed']);
    assert.strictEqual(rows[0].getTreeItem().contextValue, 'ztapSnapshotKey');
    assert.strictEqual((await children(nodes)).length, 2);
    // A value opens from the file, read-only.
    const uri = valueUri('/ztap/snap/changed', { snapshot: opened.id });
    assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString(), 'before');
    assert.strictEqual((await s.values.stat(uri)).permissions, vscode.FilePermission.Readonly);
  });

  it('Compare with Live Cluster lists what changed since the snapshot in the History view; each key opens as a diff', async () => {
    const s = await services();
    await ctl('put', '/ztap/snap/changed', 'after');
    await ctl('del', '/ztap/snap/removed');
    await ctl('put', '/ztap/snap/new', 'added since');
    const snapFolder = await find(await children(await find(await children(await find(await children(), 'Snapshot suite.db')), 'Keys')), 'snap/');
    const result = await vscode.commands.executeCommand<SnapshotComparison>(COMMANDS.compareSnapshotWithLive, snapFolder);
    assert.deepStrictEqual(
      result.changes.map(c => [c.kind, c.key]),
      [
        ['changed', '/ztap/snap/changed'],
        ['added', '/ztap/snap/new'],
        ['deleted', '/ztap/snap/removed'],
      ],
    );
    assert.deepStrictEqual(result.counts, { added: 1, changed: 1, deleted: 1, same: 1 });
    const rows = await s.history.getChildren();
    assert.match(label(rows[0]), /^suite\.db \(rev \d+\) ↔ live \(rev \d+\) under \/ztap\/snap\/$/);
    assert.strictEqual(description(rows[0]), '1 added, 1 changed, 1 deleted');
    const changed = rows.find(r => label(r) === 'changed');
    assert.ok(changed);
    const command = changed.getTreeItem().command!;
    assert.strictEqual(command.command, 'vscode.diff');
    const [left, right] = command.arguments as vscode.Uri[];
    assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(left)).toString(), 'before');
    assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(right)).toString(), 'after');
  });

  it('Compare with Snapshot... compares with another snapshot file, opened beside it', async () => {
    const s = await services();
    const later = join(dir, 'later.db');
    const endpoints = fixture('cluster').split(',');
    await saveSnapshot(resolveConnection({ endpoints }, {}), later, { endpoint: endpoints[0] });
    const snapFolder = await find(await children(await find(await children(await find(await children(), 'Snapshot suite.db')), 'Keys')), 'snap/');
    const result = await vscode.commands.executeCommand<SnapshotComparison>(COMMANDS.compareSnapshotWithSnapshot, snapFolder, later);
    assert.deepStrictEqual(result.counts, { added: 1, changed: 1, deleted: 1, same: 1 });
    assert.ok((await children()).some(n => label(n) === 'Snapshot later.db'));
    const rows = await s.history.getChildren();
    assert.match(label(rows[0]), /^suite\.db \(rev \d+\) ↔ later\.db \(rev \d+\) under \/ztap\/snap\/$/);
    const other = s.snapshots.all.find(o => o.name === 'later.db')!;
    await s.snapshots.close(other.id);
  });

  it('Restore Keys to Cluster creates what was deleted, and overwrites what changed only when asked', async () => {
    const s = await services();
    const snapFolder = await find(await children(await find(await children(await find(await children(), 'Snapshot suite.db')), 'Keys')), 'snap/');
    const { restoreFromSnapshot } = s.dialogs;
    const asked: string[] = [];
    let answer: RestoreAnswer = 'create only';
    s.dialogs.restoreFromSnapshot = async (message, detail) => (asked.push(`${message} ${detail}`), answer);
    const restore = () => vscode.commands.executeCommand<ImportResult>(COMMANDS.restoreSnapshotKeys, snapFolder);
    try {
      const createOnly = await restore();
      assert.match(
        asked[0],
        /^ZTAP: restore 3 keys from suite\.db \(revision \d+\) to the cluster\? \/ztap\/snap\/: 1 to create \(absent now\), 1 changed in the cluster since the snapshot, 1 already the same\./,
      );
      assert.deepStrictEqual([createOnly.created, createOnly.updated, createOnly.skipped], [1, 0, 2]);
      assert.strictEqual((await ctl('get', '/ztap/snap/removed', '--print-value-only')).trim(), 'will be deleted');
      assert.strictEqual((await ctl('get', '/ztap/snap/changed', '--print-value-only')).trim(), 'after');
      answer = 'create and overwrite';
      const overwrite = await restore();
      assert.deepStrictEqual([overwrite.created, overwrite.updated], [0, 1]);
      assert.strictEqual((await ctl('get', '/ztap/snap/changed', '--print-value-only')).trim(), 'before');
      // A key the snapshot does not have is never touched.
      assert.strictEqual((await ctl('get', '/ztap/snap/new', '--print-value-only')).trim(), 'added since');
    } finally {
      s.dialogs.restoreFromSnapshot = restoreFromSnapshot;
    }
  });

  it('Close Snapshot takes its root away and ends its reader', async () => {
    const s = await services();
    const root = await find(await children(), 'Snapshot suite.db');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.closeSnapshot, root), true);
    assert.ok(!(await children()).some(n => label(n).startsWith('Snapshot ')));
    assert.strictEqual(s.snapshots.all.length, 0);
    await assert.rejects(opened!.browser.list('/ztap/'));
    opened = undefined;
  });
});

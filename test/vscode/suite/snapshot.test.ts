import * as assert from 'assert';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { SavedSnapshot } from '../../../src/core/snapshot/snapshotWriter';
import type { SnapshotStatus } from '../../../src/core/snapshot/snapshotStatus';
import { snapshotStatusJson } from '../../../src/core/snapshot/snapshotStatus';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { savedFileActions } from '../../../src/extension/snapshots/saveSnapshot';
import { child, children, fixture, label, restoreEndpoints, root } from './helpers';
import { etcdRelease, releaseAtLeast } from '../../support/release';

describe('snapshots from the editor', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    await restoreEndpoints();
    dir = mkdtempSync(join(tmpdir(), 'ztap-vs-snap-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('Save Snapshot writes a verified snapshot and Show Snapshot Status reads it back', async () => {
    const path = join(dir, 'palette.db');
    const endpoint = fixture('cluster').split(',')[0];
    const saved = await vscode.commands.executeCommand<SavedSnapshot>(COMMANDS.saveSnapshot, { endpoint, path });
    assert.ok(saved, 'saved');
    assert.strictEqual(saved.path, path);
    assert.ok(!existsSync(`${path}.part`));
    const status = await vscode.commands.executeCommand<SnapshotStatus>(COMMANDS.showSnapshotStatus, path);
    assert.strictEqual(status?.checksumOk, true);
    assert.strictEqual(status?.fileSize, saved.size);
    assert.strictEqual(String(status?.revision), saved.revision);
    assert.ok((status?.totalKey ?? 0) > 600);
  });

  it("from a member's context menu, snapshots that member", async () => {
    const n2 = await child(label(await root()), 'Members', 'n2');
    const path = join(dir, 'member.db');
    const saved = await vscode.commands.executeCommand<SavedSnapshot>(COMMANDS.saveSnapshot, n2, { path });
    assert.strictEqual(saved?.path, path);
    const rows = Object.fromEntries((await children(n2)).map(r => [label(r), (r.getTreeItem().description as string) ?? '']));
    assert.ok(rows['Client URLs'].length > 0);
    const status = await vscode.commands.executeCommand<SnapshotStatus>(COMMANDS.showSnapshotStatus, path);
    assert.strictEqual(status?.checksumOk, true);
  });

  it('a destination that cannot be written gives an error, not a file', async () => {
    const path = join(dir, 'missing-folder', 'x.db');
    const saved = await vscode.commands.executeCommand(COMMANDS.saveSnapshot, { endpoint: fixture('cluster').split(',')[0], path });
    assert.strictEqual(saved, undefined);
    assert.ok(!existsSync(path) && !existsSync(`${path}.part`));
  });

  it('Show Snapshot Status shows every figure in a document and copies the JSON the CLI prints', async () => {
    const path = join(dir, 'figures.db');
    await vscode.commands.executeCommand(COMMANDS.saveSnapshot, { endpoint: fixture('cluster').split(',')[0], path });
    const status = await vscode.commands.executeCommand<SnapshotStatus>(COMMANDS.showSnapshotStatus, path);
    assert.ok(status);
    const doc = vscode.window.activeTextEditor?.document;
    assert.strictEqual(doc?.uri.scheme, 'ztap-snapshot-status');
    const text = doc.getText();
    for (const line of [
      `Hash:           ${status.hash.toString(16)}`,
      `Revision:       ${status.revision}`,
      `Total keys:     ${status.totalKey} (etcd's total: `,
      `Keys alive:     ${status.liveKeys} at revision ${status.revision} (what the file's tree`,
      'sha256 trailer: verified',
      path,
    ]) {
      assert.ok(text.includes(line), `"${line}" in the status document`);
    }
    const json = await vscode.commands.executeCommand<string>(COMMANDS.copySnapshotStatusJson);
    assert.strictEqual(json, snapshotStatusJson(status));
    // A file of etcd 3.6+ records its storage version, and the JSON names it as etcdutl 3.6 does.
    const recordsVersion = status.version !== undefined;
    assert.strictEqual(recordsVersion, releaseAtLeast('3.6.0'), `version ${status.version} on etcd ${etcdRelease()}`);
    assert.deepStrictEqual(Object.keys(JSON.parse(json)), ['hash', 'revision', 'totalKey', 'totalSize', ...(recordsVersion ? ['version'] : []), 'checksumOk']);
    assert.ok(text.includes(json), 'the document shows the same JSON');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('after a save, offers only what works in a browser window: the Explorer view inside the workspace, and Copy Path', () => {
    assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web, 'this suite runs in code-server');
    assert.deepStrictEqual(
      savedFileActions(join(dir, 'x.db')).map(a => a.label),
      ['Copy Path'],
    );
    const inside = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'x.db');
    assert.deepStrictEqual(
      savedFileActions(inside).map(a => a.label),
      ['Reveal in Explorer View', 'Copy Path'],
    );
  });
});

import * as assert from 'assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { ConflictChoice } from '../../../src/extension/keys/valueSaveDialogs';
import { valueUri } from '../../../src/extension/keys/valueUris';
import type { WriteConflict } from '../../../src/core/writes/guardedWrites';
import { etcdctl, parseEtcdctlJson } from '../../support/etcdctl';
import { seedKeys } from '../../support/seed';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { children, fixture, label, restoreEndpoints, root, services, waitFor } from './helpers';

/** Replaces the whole text of `editor`'s document (as typing would) without saving. */
async function typeOver(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(doc.isDirty);
}

/**
 * A save the user answers with no (Cancel, Compare, keep the invalid JSON unsaved):
 * it ends without an error (no "Failed to save" notification over the dialog) and the
 * editor holds the same text, unsaved again.
 */
async function saveDeclined(editor: vscode.TextEditor): Promise<void> {
  const text = editor.document.getText();
  await editor.document.save();
  // Made dirty again by an edit and its reverse: both have landed when the text is back.
  await waitFor(
    () => (editor.document.isDirty && editor.document.getText() === text) || undefined,
    'the same text, unsaved again, after the declined save',
    5000,
  );
}

/** What etcd holds for `key`, read by etcdctl (not by the extension). */
async function etcdValue(key: string): Promise<string | null> {
  const out = await etcdctl(fixture('cluster').split(','), ['get', key, '--print-value-only']);
  return out === '' ? null : out.replace(/\n$/, '');
}

describe("editing values: compare-and-swap saves through VS Code's own editor", function () {
  this.timeout(60_000);
  const conflicts: Array<{ key: string; conflict: WriteConflict }> = [];
  let answer: ConflictChoice = undefined;
  let ask: ((key: string, conflict: WriteConflict) => Thenable<ConflictChoice>) | undefined;
  before(async () => {
    await restoreEndpoints();
    const s = await services();
    ask = s.dialogs.saveConflict;
    // The user's answer to the conflict dialog (the dialog itself is in the browser checks).
    s.dialogs.saveConflict = async (key, conflict) => {
      conflicts.push({ key, conflict });
      return answer;
    };
  });
  after(async () => {
    (await services()).dialogs.saveConflict = ask!;
  });
  beforeEach(() => {
    conflicts.length = 0;
    answer = undefined;
  });
  afterEach(() =>
    vscode.commands
      .executeCommand('workbench.action.revertAndCloseActiveEditor')
      .then(() => vscode.commands.executeCommand('workbench.action.closeAllEditors')),
  );

  async function open(key: string, view = {}): Promise<vscode.TextEditor> {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(COMMANDS.openKey, valueUri(key, view));
    assert.ok(editor);
    return editor;
  }

  it('edits a JSON value pretty-printed and saves it as ZTAP stores it (one line), with a new mod revision', async () => {
    await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/json', '{"a":1,"b":"x"}']);
    const editor = await open('/ztap/edit/json');
    assert.strictEqual(editor.document.getText(), '{\n  "a": 1,\n  "b": "x"\n}\n');
    const before = (await services()).values.readOf(editor.document.uri)!.modRevision!;
    await typeOver(editor, '{\n  "a": 2,\n  "b": "x"\n}\n');
    assert.strictEqual(await editor.document.save(), true);
    assert.strictEqual(await etcdValue('/ztap/edit/json'), '{"a":2,"b":"x"}');
    assert.ok(BigInt((await services()).values.readOf(editor.document.uri)!.modRevision!) > BigInt(before));
    assert.strictEqual(editor.document.isDirty, false);
  });

  it("saving a value keeps the key's lease (a node's registration saved from the editor still expires)", async () => {
    const eps = fixture('cluster').split(',');
    const lease = parseEtcdctlJson(await etcdctl(eps, ['lease', 'grant', '120', '-w', 'json'])) as { ID: string | number };
    const leaseHex = BigInt(lease.ID).toString(16);
    await etcdctl(eps, ['put', '/ztap/edit/leased', '{"id":"leased"}', `--lease=${leaseHex}`]);
    const editor = await open('/ztap/edit/leased');
    await typeOver(editor, '{\n  "id": "leased",\n  "v": 2\n}\n');
    assert.strictEqual(await editor.document.save(), true);
    const kv = parseEtcdctlJson(await etcdctl(eps, ['get', '/ztap/edit/leased', '-w', 'json'])).kvs[0];
    assert.strictEqual(Buffer.from(kv.value, 'base64').toString(), '{"id":"leased","v":2}');
    assert.strictEqual(BigInt(kv.lease).toString(16), leaseHex, 'the key is still on its lease');
    await etcdctl(eps, ['lease', 'revoke', leaseHex]);
  });

  it('an etcdctl put between open and save is never overwritten unless the user chooses Overwrite', async () => {
    const s = await services();
    await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/race', 'original']);
    const editor = await open('/ztap/edit/race');
    await typeOver(editor, 'mine');
    await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/race', 'theirs']);
    // Marked as changed in etcd while it has unsaved edits (the tree's watch sees the put).
    await waitFor(() => s.values.changedInEtcdOf(editor.document.uri) || undefined, 'the changed-in-etcd mark');
    // Marked "≠", not "!" (YAML's file icon, on every policy tab, looks like one).
    assert.strictEqual(s.values.provideFileDecoration(editor.document.uri)?.badge, '≠');
    assert.match(s.valueStatus.text ?? '', /etcd now at mod rev \d+ · your edits are of mod rev \d+ \(read at rev \d+\)/);
    assert.strictEqual(editor.document.getText(), 'mine', 'unsaved edits are kept');

    answer = undefined; // the user cancels
    await saveDeclined(editor);
    assert.strictEqual(await etcdValue('/ztap/edit/race'), 'theirs');
    assert.strictEqual(conflicts.length, 1);
    assert.match(conflicts[0].conflict.message, /^\/ztap\/edit\/race changed: expected mod revision \d+, etcd has mod revision \d+; nothing was written$/);

    answer = 'compare';
    await saveDeclined(editor);
    assert.strictEqual(await etcdValue('/ztap/edit/race'), 'theirs');
    const diff = await waitFor(
      () => vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputTextDiff),
      'Compare to open a diff editor',
    );
    assert.match(diff.label, /etcd at revision \d+ ↔ yours/);

    answer = 'overwrite';
    assert.strictEqual(await editor.document.save(), true);
    assert.strictEqual(await etcdValue('/ztap/edit/race'), 'mine');
    assert.strictEqual(s.values.changedInEtcdOf(editor.document.uri), undefined);
  });

  it('a key deleted meanwhile is a conflict too ("deleted"); Overwrite creates it again', async () => {
    await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/gone', 'v1']);
    const editor = await open('/ztap/edit/gone');
    await typeOver(editor, 'v2');
    await etcdctl(fixture('cluster').split(','), ['del', '/ztap/edit/gone']);
    await saveDeclined(editor);
    assert.match(conflicts[0].conflict.message, /was deleted/);
    assert.strictEqual(await etcdValue('/ztap/edit/gone'), null);
    answer = 'overwrite';
    assert.strictEqual(await editor.document.save(), true);
    assert.strictEqual(await etcdValue('/ztap/edit/gone'), 'v2');
  });

  it('a save of edits this window did not read (restored after a reload) asks first; for a key now absent it is refused', async () => {
    await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/restored', 'in etcd']);
    const write = (key: string) => Promise.resolve(vscode.workspace.fs.writeFile(valueUri(key), Buffer.from('restored edits')));
    await write('/ztap/edit/restored'); // asked, and cancelled: nothing written, no error
    // A key now absent is not created from such edits: refused (the edits stay in the editor).
    await assert.rejects(write('/ztap/edit/restored-absent'), /not saved: the key does not exist/);
    assert.strictEqual(conflicts.length, 1);
    assert.strictEqual(await etcdValue('/ztap/edit/restored'), 'in etcd');
    assert.strictEqual(await etcdValue('/ztap/edit/restored-absent'), null);
    answer = 'overwrite';
    await write('/ztap/edit/restored');
    assert.strictEqual(await etcdValue('/ztap/edit/restored'), 'restored edits');
  });

  it('asks before saving text that is no longer valid JSON', async () => {
    const s = await services();
    await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/broken', '{"ok":true}']);
    const editor = await open('/ztap/edit/broken');
    await typeOver(editor, '{"ok": tru');
    const asked: string[] = [];
    const original = s.dialogs.invalidJson;
    s.dialogs.invalidJson = async key => {
      asked.push(key);
      return false;
    };
    try {
      await saveDeclined(editor);
      assert.strictEqual(await etcdValue('/ztap/edit/broken'), '{"ok":true}');
      s.dialogs.invalidJson = async () => true;
      assert.strictEqual(await editor.document.save(), true);
      assert.strictEqual(await etcdValue('/ztap/edit/broken'), '{"ok": tru');
      assert.deepStrictEqual(asked, ['/ztap/edit/broken']);
    } finally {
      s.dialogs.invalidJson = original;
    }
  });

  it('keeps decoded policies, hex dumps and past revisions read-only, saying why; Open Raw Value edits a policy record', async () => {
    const s = await services();
    const policy = await open('/ztap/policies/state/acme/web');
    assert.match(s.values.readOnlyOf(policy.document.uri) ?? '', /decoded view of a ZTAP policy record; Open Raw Value/);
    assert.match(s.valueStatus.text ?? '', /read-only/);
    assert.match((await vscode.commands.executeCommand<string>(COMMANDS.whyReadOnly)) ?? '', /decoded view/);
    const raw = await vscode.commands.executeCommand<vscode.TextEditor>(COMMANDS.openRawValue);
    assert.ok(raw);
    assert.strictEqual(raw.document.languageId, 'json');
    assert.strictEqual(s.values.readOnlyOf(raw.document.uri), undefined);
    const bin = await open('/ztap/bin');
    assert.match(s.values.readOnlyOf(bin.document.uri) ?? '', /not UTF-8/);
  });

  it('on a read-only connection a value opens read-only and nothing is written', async () => {
    const s = await services();
    await vscode.workspace
      .getConfiguration('ztap')
      .update('connections', [{ name: 'guarded', endpoints: fixture('cluster').split(','), readOnly: true }], vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand(COMMANDS.switchConnection, 'guarded');
      await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/guarded', 'stays']);
      const editor = await open('/ztap/edit/guarded');
      assert.match(s.values.readOnlyOf(editor.document.uri) ?? '', /connection "guarded" is read-only/);
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, Buffer.from('changed'))),
        /not saved: the connection "guarded" is read-only/,
      );
      assert.strictEqual(await etcdValue('/ztap/edit/guarded'), 'stays');
      // Every other write refuses too (each says why in a notification and returns nothing).
      const dir = mkdtempSync(join(tmpdir(), 'ztap-ro-'));
      try {
        writeFileSync(
          join(dir, 'k.json'),
          JSON.stringify({ revision: '1', prefix: '/ztap/edit/', keys: [{ key: '/ztap/edit/imported', value: 'x', encoding: 'utf8' }] }),
        );
        writeFileSync(join(dir, 'blob'), 'bytes');
        const refused = [
          await vscode.commands.executeCommand(COMMANDS.newKey, { key: '/ztap/edit/ro-new', value: 'x' }),
          await vscode.commands.executeCommand(COMMANDS.renameKey, '/ztap/edit/guarded', '/ztap/edit/ro-moved'),
          await vscode.commands.executeCommand(COMMANDS.replaceValueFromFile, '/ztap/edit/guarded', join(dir, 'blob')),
          await vscode.commands.executeCommand(COMMANDS.importKeys, { path: join(dir, 'k.json'), overwrite: false }),
          // Refused before its confirmation dialog: a read-only connection asks nothing.
          await vscode.commands.executeCommand(COMMANDS.deleteKey, '/ztap/edit/guarded'),
          await vscode.commands.executeCommand(COMMANDS.deleteFolder, '/ztap/edit/'),
        ];
        assert.deepStrictEqual(refused, [undefined, undefined, undefined, undefined, undefined, undefined]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      assert.strictEqual(await etcdValue('/ztap/edit/guarded'), 'stays');
      for (const key of ['/ztap/edit/ro-new', '/ztap/edit/ro-moved', '/ztap/edit/imported']) {
        assert.strictEqual(await etcdValue(key), null, `${key} was written on a read-only connection`);
      }
    } finally {
      await vscode.workspace.getConfiguration('ztap').update('connections', undefined, vscode.ConfigurationTarget.Workspace);
      await s.connection.switchTo('Default');
    }
  });

  it('Attach Lease and Detach Lease keep the value; Rename / Move Folder moves every key, and Undo moves them back', async () => {
    const s = await services();
    const ep = fixture('cluster').split(',');
    const read = async (key: string) => parseEtcdctlJson(await etcdctl(ep, ['get', key, '-w', 'json'])).kvs?.[0];
    await etcdctl(ep, ['put', '/ztap/leased/k', 'keep me']);
    const hex = await vscode.commands.executeCommand<string>(COMMANDS.attachLease, '/ztap/leased/k', 'new:300');
    assert.ok(hex && hex !== '0');
    let kv = await read('/ztap/leased/k');
    assert.strictEqual(BigInt(kv!.lease ?? 0).toString(16), hex);
    assert.strictEqual(Buffer.from(kv!.value ?? '', 'base64').toString(), 'keep me');
    assert.strictEqual(await vscode.commands.executeCommand<string>(COMMANDS.detachLease, '/ztap/leased/k'), '0');
    kv = await read('/ztap/leased/k');
    assert.strictEqual(String(kv!.lease ?? 0), '0');
    assert.strictEqual(Buffer.from(kv!.value ?? '', 'base64').toString(), 'keep me');
    // The folder moves with a confirmation of its count, and Undo puts it back.
    await etcdctl(ep, ['put', '/ztap/leased/sub/j', 'j']);
    const { confirm, inform } = s.dialogs;
    const asked: string[] = [];
    let undo = (): void => undefined;
    const undone = new Promise<void>(resolve => (undo = resolve));
    s.dialogs.confirm = async message => (asked.push(message), true);
    s.dialogs.inform = async message => (asked.push(message), /undone/.test(message) ? (undo(), undefined) : 'Undo');
    try {
      const moved = await vscode.commands.executeCommand<{ moved: unknown[] }>(COMMANDS.renameFolder, '/ztap/leased/', '/ztap/moved/');
      assert.strictEqual(moved?.moved.length, 2);
      assert.strictEqual(asked[0], 'ZTAP: move 2 keys from /ztap/leased/ to /ztap/moved/?');
      await undone;
    } finally {
      s.dialogs.confirm = confirm;
      s.dialogs.inform = inform;
    }
    assert.match(asked[1], /^ZTAP: moved 2 keys from \/ztap\/leased\/ to \/ztap\/moved\/\.$/);
    assert.strictEqual(await etcdValue('/ztap/leased/sub/j'), 'j', 'Undo moved it back');
    assert.strictEqual(await etcdValue('/ztap/moved/sub/j'), null);
    await etcdctl(ep, ['del', '--prefix', '/ztap/leased/']);
  });

  it('Attach Lease: a lease of the election or a ZTAP node says whose it is and asks once more; Why Is This Value Read-Only? has Open Raw Value as a button', async () => {
    const s = await services();
    const ep = fixture('cluster').split(',');
    await etcdctl(ep, ['put', '/ztap/leased/owned', 'v']);
    const { pick, confirm, inform } = s.dialogs;
    const asked: string[] = [];
    let offered: string[] = [];
    try {
      s.dialogs.pick = async <T extends vscode.QuickPickItem>(items: readonly T[]) => {
        offered = items.map(i => `${i.label} ${i.description ?? ''}`);
        return items.find(i => /election candidate|ZTAP node/.test(i.description ?? ''));
      };
      s.dialogs.confirm = async message => (asked.push(message), false);
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.attachLease, '/ztap/leased/owned'), undefined);
      assert.ok(
        offered.some(o => /election candidate node-2 · \d+ s left/.test(o)),
        offered.join(' | '),
      );
      assert.strictEqual(asked.length, 1);
      assert.match(asked[0], /^ZTAP: attach the key to lease [0-9a-f]+, (election candidate|ZTAP node) /);
      const kv = parseEtcdctlJson(await etcdctl(ep, ['get', '/ztap/leased/owned', '-w', 'json'])).kvs[0];
      assert.strictEqual(String(kv.lease ?? 0), '0', 'declined: no lease attached');
      // A decoded policy is read-only; the answer offers the way out as a button.
      await vscode.commands.executeCommand(COMMANDS.openKey, valueUri('/ztap/policies/state/acme/web'));
      const told: string[] = [];
      s.dialogs.inform = async (message, ...actions) => (told.push(`${message} [${actions.join(', ')}]`), actions[0]);
      await vscode.commands.executeCommand(COMMANDS.whyReadOnly);
      assert.match(told[0], /is read-only: .*Open Raw Value.* \[Open Raw Value\]$/);
      await waitFor(() => /raw=1/.test(vscode.window.activeTextEditor?.document.uri.query ?? '') || undefined, 'the raw record open');
    } finally {
      Object.assign(s.dialogs, { pick, confirm, inform });
      await etcdctl(ep, ['del', '/ztap/leased/owned']);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('Copy Path on a folder copies its prefix', async () => {
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.copyPath, '/ztap/policies/'), '/ztap/policies/');
    assert.strictEqual(await vscode.env.clipboard.readText(), '/ztap/policies/');
  });

  it('Delete Folder of a few keys names each in its question; declined, nothing is deleted', async () => {
    const s = await services();
    for (const k of ['a', 'b', 'sub/c']) {
      await etcdctl(fixture('cluster').split(','), ['put', `/ztap/few/${k}`, k]);
    }
    const confirm = s.dialogs.confirm;
    const asked: string[] = [];
    s.dialogs.confirm = async (message, detail) => (asked.push(`${message}\n${detail}`), false);
    try {
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.deleteFolder, '/ztap/few/'), undefined);
    } finally {
      s.dialogs.confirm = confirm;
    }
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0], /^ZTAP: delete 3 keys under \/ztap\/few\/\?\n\/ztap\/few\/a\n\/ztap\/few\/b\n\/ztap\/few\/sub\/c\n\nThe values are saved first/);
    assert.strictEqual(await etcdValue('/ztap/few/sub/c'), 'sub/c', 'nothing deleted');
    await etcdctl(fixture('cluster').split(','), ['del', '--prefix', '/ztap/few/']);
  });

  it('Copy Key Path, Copy Value and Copy as etcdctl Command, from a key row; the command has the endpoints and no password', async () => {
    const s = await services();
    await etcdctl(fixture('cluster').split(','), ['put', '/ztap/edit/copied', 'copy me']);
    const keys = (await children(await root())).find(n => label(n) === 'Keys')!;
    const folder = await waitFor(async () => (await children(keys)).find(n => label(n) === 'edit/'), 'the edit/ folder');
    const row = await waitFor(async () => (await children(folder)).find(n => label(n) === 'copied'), 'the copied key');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.copyKeyPath, row), '/ztap/edit/copied');
    assert.strictEqual(await vscode.env.clipboard.readText(), '/ztap/edit/copied');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.copyValue, row), 'copy me');
    const command = await vscode.commands.executeCommand<string>(COMMANDS.copyAsEtcdctl, row);
    assert.strictEqual(command, `ETCDCTL_API=3 etcdctl --endpoints=${s.connection.config!.endpoints.map(e => e.url).join(',')} get /ztap/edit/copied`);
  });

  it('New Key creates a key with a new lease and never replaces an existing one; Rename moves value and lease in one step', async () => {
    const eps = fixture('cluster').split(',');
    const created = await vscode.commands.executeCommand<string>(COMMANDS.newKey, {
      key: '/ztap/edit/new',
      value: 'fresh',
      lease: { kind: 'new', ttlSeconds: 120 },
    });
    assert.strictEqual(created, '/ztap/edit/new');
    const kv = JSON.parse(await etcdctl(eps, ['get', '/ztap/edit/new', '-w', 'json'])).kvs[0];
    assert.strictEqual(Buffer.from(kv.value, 'base64').toString(), 'fresh');
    assert.ok(kv.lease, 'a lease is attached');
    // A failed command says why in a notification and returns nothing.
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.newKey, { key: '/ztap/edit/new', value: 'again' }), undefined);
    assert.strictEqual(await etcdValue('/ztap/edit/new'), 'fresh');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.renameKey, '/ztap/edit/new', '/ztap/edit/renamed'), '/ztap/edit/renamed');
    assert.strictEqual(await etcdValue('/ztap/edit/new'), null);
    const moved = JSON.parse(await etcdctl(eps, ['get', '/ztap/edit/renamed', '-w', 'json'])).kvs[0];
    assert.deepStrictEqual([Buffer.from(moved.value, 'base64').toString(), moved.lease], ['fresh', kv.lease]);
    await etcdctl(eps, ['put', '/ztap/edit/occupied', 'x']);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.renameKey, '/ztap/edit/renamed', '/ztap/edit/occupied'), undefined);
    assert.strictEqual(await etcdValue('/ztap/edit/renamed'), 'fresh');
    assert.strictEqual(await etcdValue('/ztap/edit/occupied'), 'x');
  });

  it('Export Folder as JSON then Import Keys: the same keys back, existing ones left alone; Replace Value from File writes any bytes', async () => {
    const eps = fixture('cluster').split(',');
    const dir = mkdtempSync(join(tmpdir(), 'ztap-export-'));
    try {
      for (let i = 0; i < 20; i++) {
        await vscode.commands.executeCommand(COMMANDS.newKey, { key: `/ztap/xfer/k${i}`, value: `v${i}` });
      }
      const path = join(dir, 'xfer.json');
      const exported = await vscode.commands.executeCommand<{ count: number }>(COMMANDS.exportFolder, { folder: '/ztap/xfer/', path });
      assert.strictEqual(exported?.count, 20);
      assert.deepStrictEqual(readdirSync(dir), ['xfer.json']);
      await etcdctl(eps, ['del', '/ztap/xfer/', '--prefix']);
      await etcdctl(eps, ['put', '/ztap/xfer/k0', 'kept']);
      const result = await vscode.commands.executeCommand(COMMANDS.importKeys, { path, overwrite: false });
      assert.deepStrictEqual(result, { created: 19, updated: 0, skipped: 1, failed: [] });
      assert.strictEqual(await etcdValue('/ztap/xfer/k0'), 'kept');
      assert.strictEqual(await etcdValue('/ztap/xfer/k19'), 'v19');

      const bytes = Buffer.from([0, 0xff, 0x10, 0x80]);
      writeFileSync(join(dir, 'blob.bin'), bytes);
      assert.ok(await vscode.commands.executeCommand(COMMANDS.replaceValueFromFile, '/ztap/xfer/k1', join(dir, 'blob.bin')));
      const stored = JSON.parse(await etcdctl(eps, ['get', '/ztap/xfer/k1', '-w', 'json'])).kvs[0].value;
      assert.ok(Buffer.from(stored, 'base64').equals(bytes));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await etcdctl(eps, ['del', '/ztap/xfer/', '--prefix']);
    }
  });

  it('Find Key on a 200,000-key keyspace reveals a key four levels down in the tree and opens it', async function () {
    this.timeout(180_000);
    const s = await services();
    // Deleting 200,000 keys in one request takes longer than the default 5 s request timeout here.
    const writer = createEtcd3(resolveConnection({ endpoints: fixture('cluster').split(','), requestTimeoutMs: 120_000 }, {}));
    try {
      const entries = function* (): Generator<[string, string]> {
        for (let a = 0; a < 10; a++)
          for (let b = 0; b < 20; b++)
            for (let c = 0; c < 10; c++) for (let k = 0; k < 100; k++) yield [`/ztap/find/a${a}/b${b}/c${c}/k${k}`, `${a}.${b}.${c}.${k}`];
      };
      assert.strictEqual(await seedKeys(writer, entries()), 200_000);
      const target = '/ztap/find/a7/b13/c5/k42';
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.findKey, target), target);
      await waitFor(
        () => s.view.selection[0]?.id === `key/${target}` || undefined,
        `the tree to select ${target} (selection: ${s.view.selection.map(n => n.id).join(', ')})`,
        30_000,
      );
      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.getText(), '7.13.5.42');
    } finally {
      await writer.delete().prefix('/ztap/find/');
      writer.close();
    }
  });
});

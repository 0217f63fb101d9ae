import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { valueTitle, valueUri } from '../../../src/extension/keys/valueUris';
import { children, label, root, services, waitFor } from './helpers';

describe('opening a key', () => {
  before(async () => {
    await (await services()).connection.ensureConnected();
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  async function open(key: string): Promise<vscode.TextEditor> {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(COMMANDS.openKey, valueUri(key));
    assert.ok(editor, `no editor for ${key}`);
    return editor;
  }

  it('shows a JSON value pretty-printed with the JSON language, in a virtual document', async () => {
    const editor = await open('/ztap/nodes/node-1');
    assert.strictEqual(editor.document.languageId, 'json');
    const text = editor.document.getText();
    assert.match(text, /^\{\n {2}"id": "node-1",\n {2}"address": "127\.0\.0\.1:9091",\n/);
    // A content-provider document: shown read-only, never saved back to etcd.
    assert.strictEqual(editor.document.uri.scheme, 'ztap-etcd');
    assert.strictEqual(editor.document.isDirty, false);
  });

  it('shows a ZTAP policy with its base64 YAML decoded, as YAML', async () => {
    const editor = await open('/ztap/policies/state/acme/web');
    assert.strictEqual(editor.document.languageId, 'yaml');
    const text = editor.document.getText();
    assert.match(text, /^# Name: web\n# Tenant: acme\n/);
    assert.match(text, /\nkind: NetworkPolicy\nversion: 3\n$/);
  });

  it('every way of opening a key gives the same editor: Find Key, a lease row or a link (vscode.open) give JSON and YAML too', async () => {
    for (const [key, language] of [
      ['/ztap/nodes/node-1', 'json'],
      ['/ztap/policies/state/acme/web', 'yaml'],
    ]) {
      await vscode.commands.executeCommand(COMMANDS.findKey, key);
      const found = await waitFor(
        () => vscode.window.activeTextEditor?.document.uri.path === valueUri(key).path && vscode.window.activeTextEditor,
        `${key} open`,
      );
      await waitFor(
        () => found.document.languageId === language || undefined,
        `${key} opened by Find Key as ${language} (is ${found.document.languageId})`,
        5000,
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('vscode.open', valueUri(key));
      await waitFor(
        () =>
          (vscode.window.activeTextEditor?.document.uri.path === valueUri(key).path && vscode.window.activeTextEditor?.document.languageId === language) ||
          undefined,
        `${key} opened by vscode.open as ${language}`,
        5000,
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('Show Value As... shows a key as base64, hex, text or JSON, remembered for that key; Automatic goes back', async () => {
    const s = await services();
    const client = s.connection.requireSession().client;
    await client.put('/ztap/shown-as').value('{"b":2}');
    try {
      await vscode.commands.executeCommand(COMMANDS.showValueAs, '/ztap/shown-as', 'base64');
      const doc = () => vscode.workspace.textDocuments.find(d => d.uri.path === valueUri('/ztap/shown-as').path && !d.isClosed);
      await waitFor(() => doc()?.getText() === `${Buffer.from('{"b":2}').toString('base64')}\n` || undefined, `base64 (is ${doc()?.getText()})`);
      assert.match(s.values.readOnlyOf(doc()!.uri) ?? '', /shown as base64/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // Opened again any way: still base64.
      const again = await open('/ztap/shown-as');
      assert.strictEqual(again.document.getText(), `${Buffer.from('{"b":2}').toString('base64')}\n`);
      await vscode.commands.executeCommand(COMMANDS.showValueAs, '/ztap/shown-as', 'hex');
      await waitFor(() => /^00000000: 7b22 6222 3a32 7d /.test(doc()?.getText() ?? '') || undefined, 'a hex dump');
      await vscode.commands.executeCommand(COMMANDS.showValueAs, '/ztap/shown-as', 'text');
      await waitFor(() => doc()?.getText() === '{"b":2}' || undefined, 'the text as stored');
      assert.strictEqual(doc()?.languageId, 'plaintext');
      await vscode.commands.executeCommand(COMMANDS.showValueAs, '/ztap/shown-as', 'auto');
      await waitFor(() => (doc()?.getText() === '{\n  "b": 2\n}\n' && doc()?.languageId === 'json') || undefined, 'JSON again');
      assert.strictEqual(s.values.showAsOf('/ztap/shown-as'), undefined);
    } finally {
      await client.delete().key('/ztap/shown-as');
    }
  });

  it('keys that are not UTF-8: the tree shows each escaped, as its own row, and opens the right one', async () => {
    const s = await services();
    const client = s.connection.requireSession().client;
    const keyA = Buffer.from([...Buffer.from('/ztap/bytes/'), 0xff, 0x01]);
    const keyB = Buffer.from([...Buffer.from('/ztap/bytes/'), 0xfe, 0x01]);
    await client.put(keyA).value('value of ff01');
    await client.put(keyB).value('value of fe01');
    try {
      const folder = await waitFor(async () => {
        const keys = (await children(await root())).find(n => label(n) === 'Keys')!;
        return (await children(keys)).find(n => label(n) === 'bytes/');
      }, 'the bytes/ folder');
      const rows = await children(folder);
      assert.deepStrictEqual(rows.map(label), ['\\xfe\\x01', '\\xff\\x01']);
      const item = rows[1].getTreeItem();
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>(item.command!.command, ...(item.command!.arguments ?? []));
      assert.strictEqual(editor?.document.getText(), 'value of ff01');
    } finally {
      await client.delete().prefix('/ztap/bytes/');
    }
  });

  it('shows a non-UTF-8 value as a hex dump', async () => {
    const editor = await open('/ztap/bin');
    assert.strictEqual(editor.document.languageId, 'plaintext');
    assert.strictEqual(editor.document.getText(), '00000000: 00ff fe41 42                             ...AB\n');
  });

  it('shows a value over 1 MiB as a preview with a notice', async () => {
    const editor = await open('/ztap/big');
    const lines = editor.document.getText().split('\n');
    assert.match(lines[0], /^Preview: the value is 1\.2 MiB; the first 64 KiB are shown\.$/);
    assert.strictEqual(lines[2].length, 64 * 1024);
  });

  it('says so when the key does not exist', async () => {
    const editor = await open('/ztap/no-such-key');
    assert.match(editor.document.getText(), /does not exist/);
    assert.strictEqual(editor.document.languageId, 'plaintext');
  });

  it('an open JSON value whose key is deleted becomes a plain notice, no problem in Problems; JSON again when it is back', async () => {
    const client = (await services()).connection.requireSession().client;
    await client.put('/ztap/vanishing').value('{"a": 1}');
    const editor = await open('/ztap/vanishing');
    assert.strictEqual(editor.document.languageId, 'json');
    await client.delete().key('/ztap/vanishing');
    const doc = () => vscode.workspace.textDocuments.find(d => d.uri.toString() === editor.document.uri.toString());
    await waitFor(() => /does not exist \(any more\)/.test(doc()?.getText() ?? '') || undefined, 'the notice');
    await waitFor(() => doc()?.languageId === 'plaintext' || undefined, `plain text (is ${doc()?.languageId})`, 5000);
    await new Promise(r => setTimeout(r, 500));
    assert.deepStrictEqual(vscode.languages.getDiagnostics(editor.document.uri), [], 'nothing in Problems');
    await client.put('/ztap/vanishing').value('{"a": 2}');
    await waitFor(() => (doc()?.languageId === 'json' && /"a": 2/.test(doc()!.getText())) || undefined, 'JSON again');
    await client.delete().key('/ztap/vanishing');
  });

  const tabLabels = () => vscode.window.tabGroups.all.flatMap(g => g.tabs).map(t => t.label);

  it('follows etcd: a value changed elsewhere shows in its open document by itself, with the revision it was read at', async () => {
    const s = await services();
    const client = s.connection.requireSession().client;
    await client.put('/ztap/nodes/live-value').value('{"v":1}');
    const editor = await open('/ztap/nodes/live-value');
    assert.match(editor.document.getText(), /"v": 1/);
    const first = s.values.readOf(editor.document.uri)!;
    assert.match(s.valueStatus.text ?? '', new RegExp(`mod rev ${first.modRevision} · read at rev ${first.revision}`));
    const put = await client.put('/ztap/nodes/live-value').value('{"v":2}').exec();
    await waitFor(() => /"v": 2/.test(editor.document.getText()) || undefined, 'the document to show the new value', 5000);
    assert.strictEqual(s.values.readOf(editor.document.uri)?.modRevision, put.header.revision);
    assert.match(s.valueStatus.text ?? '', new RegExp(`mod rev ${put.header.revision} `));
    await client.delete().key('/ztap/nodes/live-value');
    await waitFor(() => /does not exist/.test(editor.document.getText()) || undefined, 'the document to say the key is gone', 5000);
  });

  it('titles tabs with enough of the key to tell tenants and revisions apart; the full key is in the path', async () => {
    const policy = await open('/ztap/policies/state/acme/web');
    assert.ok(tabLabels().includes('acme\u2215web'), `tabs: ${tabLabels().join(', ')}`);
    assert.strictEqual(policy.document.uri.path, '/ztap/policies/state/acme\u2215web');
    const revision = await open('/ztap/policies/revisions/acme/web/00000000000000000001');
    assert.ok(tabLabels().includes('acme\u2215web@1'), `tabs: ${tabLabels().join(', ')}`);
    assert.match(revision.document.getText(), /version: 1/);
    assert.strictEqual(valueTitle('/ztap/policies/state/globex/deny-all'), 'globex\u2215deny-all');
    assert.strictEqual(valueTitle('/ztap/big'), 'ztap\u2215big');
  });
});

import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { valueUri } from '../../../src/extension/valueDocuments';
import { services } from './helpers';

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
  });
});

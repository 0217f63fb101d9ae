import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { children, description, fixture, label, restoreEndpoints, services, waitFor } from './helpers';

describe('connection profiles, secrets and the read-only guard', function () {
  this.timeout(60_000);
  const connections = () => vscode.workspace.getConfiguration('ztap');
  before(async () => {
    await restoreEndpoints();
    await connections().update(
      'connections',
      [
        { name: 'cluster', endpoints: fixture('cluster').split(',') },
        { name: 'single', endpoints: [fixture('single')] },
        { name: 'guarded', endpoints: fixture('cluster').split(','), readOnly: true },
        { name: 'authy', endpoints: [fixture('single')], username: 'ztap' },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
  });
  after(async () => {
    const s = await services();
    await connections().update('connections', undefined, vscode.ConfigurationTarget.Workspace);
    await s.connection.switchTo(s.connection.profiles[0].name);
  });

  it('shows each profile as a root node and switches between them', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.switchConnection, 'cluster');
    const roots = await children();
    assert.deepStrictEqual(roots.map(label).slice(1), ['single', 'guarded', 'authy', 'Environment']);
    assert.match(label(roots[0]), /^cluster /);
    assert.match(description(roots[0]), /connected · 3 members/);
    assert.match(description(roots[1]), /^not connected · /);
    await vscode.commands.executeCommand(COMMANDS.switchConnection, 'single');
    assert.strictEqual(s.connection.activeProfile.name, 'single');
    const after = await children();
    assert.match(label(after[0]), /^single /);
    assert.match(description(after[0]), /connected · 1 member$/);
  });

  it('offers the guide\'s env vars as the Environment profile', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.switchConnection, 'Environment');
    assert.strictEqual(s.connection.state.kind, 'connected');
    assert.deepStrictEqual(s.connection.config?.endpoints.map(e => e.original), [fixture('single')]);
    assert.match(label((await children())[0]), /^Environment /);
  });

  it('refuses a write on a read-only profile, saying how to allow it', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.switchConnection, 'guarded');
    assert.strictEqual(s.connection.state.kind, 'connected');
    await assert.rejects(s.connection.confirmWrite('start an election node'), /read-only.*"readOnly": false/);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'nope', ttlSeconds: 10 }), undefined);
    assert.strictEqual(s.localNodes.all.length, 0);
  });

  it('keeps the password in secret storage only: not in settings, logs or messages, even after a failed login', async () => {
    const s = await services();
    const secret = 'Leak-Me-Not-7431';
    await s.passwords.store('authy', 'ztap', secret);
    const state = await s.connection.switchTo('authy');
    assert.strictEqual(state.kind, 'failed'); // this etcd has no auth: the login is refused
    assert.ok(state.kind === 'failed' && !state.failure.message.includes(secret));
    const logFile = vscode.Uri.joinPath(s.logUri, 'ZTAP etcd.log').fsPath;
    const log = await waitFor(() => {
      const text = readFileSync(logFile, 'utf8');
      return text.includes('user ztap failed') ? text : undefined;
    }, 'the failed login in the log');
    assert.ok(!log.includes(secret), 'the log holds no password');
    const settings = vscode.workspace.workspaceFolders![0].uri;
    const file = readFileSync(vscode.Uri.joinPath(settings, '.vscode', 'settings.json').fsPath, 'utf8');
    assert.ok(!file.includes(secret), 'settings hold no password');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('ztap').get('connections')).includes(secret));
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.forgetPassword, 'authy'), true);
  });
});

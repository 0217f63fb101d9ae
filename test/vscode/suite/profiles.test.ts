import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { settingsScopeInEffect } from '../../../src/extension/settings';
import { children, description, EXTENSION_ID, fixture, label, restoreEndpoints, services, waitFor } from './helpers';

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
    assert.deepStrictEqual(roots.map(label).slice(1), ['single', 'guarded', 'authy', 'Default', 'Environment']);
    // The profile's name alone: the endpoints are in the tooltip, not cut off at the sidebar's edge.
    assert.strictEqual(label(roots[0]), 'cluster');
    const tooltip = String(roots[0].getTreeItem().tooltip);
    for (const endpoint of fixture('cluster').split(',')) {
      assert.ok(tooltip.includes(endpoint), `${endpoint} in the tooltip`);
    }
    assert.match(description(roots[0]), /connected · 3 members/);
    assert.match(description(roots[1]), /^not connected · /);
    await vscode.commands.executeCommand(COMMANDS.switchConnection, 'single');
    assert.strictEqual(s.connection.activeProfile.name, 'single');
    const after = await children();
    assert.strictEqual(label(after[0]), 'single');
    assert.match(description(after[0]), /connected · 1 member$/);
  });

  it("offers the guide's env vars as the Environment profile", async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.switchConnection, 'Environment');
    assert.strictEqual(s.connection.state.kind, 'connected');
    assert.deepStrictEqual(
      s.connection.config?.endpoints.map(e => e.original),
      [fixture('single')],
    );
    assert.strictEqual(label((await children())[0]), 'Environment');
  });

  it('refuses a write on a read-only profile, saying how to allow it', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.switchConnection, 'guarded');
    assert.strictEqual(s.connection.state.kind, 'connected');
    await assert.rejects(s.writes.allow('start an election node'), /read-only.*"readOnly": false/);
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

  it('Edit Connection walks through the entry with its answers filled in and keeps what it does not ask (readOnly)', async () => {
    const edited = vscode.commands.executeCommand<string>(COMMANDS.editConnection, 'guarded');
    // Name, endpoints, user, key prefix (no CA question for http endpoints): accept each as filled in.
    for (let step = 0; step < 4; step++) {
      await new Promise(resolve => setTimeout(resolve, 700));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.strictEqual(await edited, 'guarded');
    const entries = connections().inspect<Array<Record<string, unknown>>>('connections')?.workspaceValue ?? [];
    const guarded = entries.find(e => e.name === 'guarded');
    assert.deepStrictEqual(guarded, { name: 'guarded', endpoints: fixture('cluster').split(','), readOnly: true, keyPrefix: '/ztap' });
    assert.deepStrictEqual(
      entries.map(e => e.name),
      ['cluster', 'single', 'guarded', 'authy'],
      'edited in place, nothing else changed',
    );
  });
});

describe('adding a connection', function () {
  this.timeout(60_000);
  const connections = () => vscode.workspace.getConfiguration('ztap');
  before(() => restoreEndpoints());
  after(async () => {
    const s = await services();
    await connections().update('connections', undefined, vscode.ConfigurationTarget.Workspace);
    await s.connection.switchTo('Default');
  });

  it('never hides the connection in use: Default (from ztap.etcd.*) stays listed, and switching back to it works', async () => {
    const s = await services();
    await s.connection.switchTo('Default');
    // The unnamed Default connection's row: its first endpoint and how many more.
    const [first, ...rest] = fixture('cluster').split(',');
    assert.strictEqual(label((await children())[0]), `${first.replace(/^http:\/\//, '')} +${rest.length}`);
    await vscode.commands.executeCommand(COMMANDS.addConnection, { name: 'added', endpoints: [fixture('single')], target: 'workspace' });
    assert.strictEqual(s.connection.activeProfile.name, 'added');
    assert.deepStrictEqual(
      s.connection.profiles.map(p => p.name),
      ['added', 'Default', 'Environment'],
    );
    assert.ok(
      (await children()).some(n => label(n) === 'Default'),
      'Default is still a row to switch to',
    );
    const state = await vscode.commands.executeCommand<{ kind: string; memberCount?: number }>(COMMANDS.switchConnection, 'Default');
    assert.strictEqual(state?.kind, 'connected');
    assert.strictEqual(state?.memberCount, 3);
  });

  it('Add Connection of an endpoint that does not answer keeps the working connection in use, and says so; the Get Connected view names the one that failed', async () => {
    const s = await services();
    await s.connection.switchTo('Default');
    const asked: string[] = [];
    const choose = s.dialogs.choose;
    s.dialogs.choose = async (message: string) => {
      asked.push(message);
      return undefined; // the notification closed
    };
    try {
      await vscode.commands.executeCommand(COMMANDS.addConnection, { name: 'dead', endpoints: ['127.0.0.1:1'], target: 'workspace' });
    } finally {
      s.dialogs.choose = choose;
    }
    assert.strictEqual(s.connection.activeProfile.name, 'Default');
    // Adding the setting reconnects the connection in use for a moment.
    assert.strictEqual((await s.connection.ensureConnected()).kind, 'connected');
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0], /added "dead", but it does not answer \(http:\/\/127\.0\.0\.1:1: .+\)\. Still using "Default"/);
    assert.ok(
      s.connection.profiles.some(p => p.name === 'dead'),
      'it is added all the same',
    );
    // Chosen on purpose, it fails, and the Get Connected view speaks of it.
    const state = await vscode.commands.executeCommand<{ kind: string }>(COMMANDS.switchConnection, 'dead');
    assert.strictEqual(state?.kind, 'failed');
    assert.match(s.connectWelcome.message, /^"dead" does not answer: 127\.0\.0\.1:1: connection refused$/);
    await s.connection.switchTo('Default');
  });

  it('Edit Connection on Default opens the settings scope that holds the endpoints in use (the workspace here)', async () => {
    const s = await services();
    await s.connection.switchTo('Default');
    assert.ok(vscode.workspace.getConfiguration('ztap.etcd').inspect('endpoints')?.workspaceValue, 'the suite sets the endpoints in the workspace');
    assert.strictEqual(settingsScopeInEffect(), 'workbench.action.openWorkspaceSettings');
    await vscode.commands.executeCommand(COMMANDS.editConnection, 'Default');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Configure Connection shows the single connection and the named connections together', async () => {
    const query = await vscode.commands.executeCommand<string>(COMMANDS.configureConnection);
    // Every setting of the extension: ztap.etcd.* and ztap.connections (a filter of "ztap.etcd" hid the latter).
    assert.strictEqual(query, `@ext:${EXTENSION_ID}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

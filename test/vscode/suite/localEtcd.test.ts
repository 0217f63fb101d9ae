import * as assert from 'assert';
import { existsSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { restoreEndpoints, children, description, label, root, services, setEndpoints, fixture } from './helpers';

describe('the local etcd (embedded default)', function () {
  this.timeout(90_000);
  after(async () => {
    await vscode.commands.executeCommand(COMMANDS.stopLocalEtcd);
    await restoreEndpoints();
  });

  it('without an etcd binary, says so with install hints and starts nothing', async () => {
    const s = await services();
    const config = vscode.workspace.getConfiguration('ztap.localEtcd');
    await config.update('path', '/nonexistent/etcd', vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.startLocalEtcd), undefined);
      assert.strictEqual(s.localEtcd.endpoint, undefined);
    } finally {
      await config.update('path', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('starts on request, switches the connection to it, keeps its data across restarts, and stops', async () => {
    const s = await services();
    await setEndpoints([fixture('dead')]);
    const url = await vscode.commands.executeCommand<string>(COMMANDS.startLocalEtcd);
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.strictEqual(s.connection.state.kind, 'connected');
    assert.strictEqual(label(await root()), 'local etcd');
    assert.ok(String((await root()).getTreeItem().tooltip).includes(url), 'its URL in the tooltip');
    const members = await children((await children(await root())).find(n => label(n) === 'Members'));
    assert.deepStrictEqual(members.map(label), ['ztap-local']);
    await s.connection.requireSession().client.put('/ztap/local-probe').value('kept');

    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.stopLocalEtcd), true);
    assert.strictEqual(s.localEtcd.endpoint, undefined);
    assert.match(description(await root()), /failed: connection refused/, 'back to the configured (dead) endpoint');

    await vscode.commands.executeCommand(COMMANDS.startLocalEtcd);
    assert.strictEqual(await s.connection.requireSession().client.get('/ztap/local-probe').string(), 'kept');
  });

  it('names its release, and never opens data another minor release wrote: it asks, and fresh data keeps the old aside', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.startLocalEtcd);
    const running = s.localEtcd.release?.version;
    assert.match(running ?? '', /^3\.\d+\.\d+$/);
    assert.match(description(await root()), new RegExp(`etcd ${running!.replace(/\./g, '\\.')}$`));
    await s.connection.requireSession().client.put('/ztap/local-probe').value('old data');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.stopLocalEtcd), true);

    // The data as another minor release left it.
    const other = running!.startsWith('3.4.') ? '3.5.0' : '3.4.23';
    writeFileSync(join(s.localEtcd.storageDir, 'etcd-release.json'), JSON.stringify({ version: other }));
    const asked: string[] = [];
    const confirm = s.dialogs.confirm;
    try {
      s.dialogs.confirm = async message => (asked.push(message), false);
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.startLocalEtcd), undefined, 'declined: nothing started');
      assert.strictEqual(s.localEtcd.endpoint, undefined);
      assert.deepStrictEqual(asked, [`The local etcd's data was written by etcd ${other}; this is etcd ${running}.`]);
      assert.ok(existsSync(join(s.localEtcd.storageDir, 'data', 'member')), 'declined: the data stays where it was');

      s.dialogs.confirm = async () => true;
      assert.match((await vscode.commands.executeCommand<string>(COMMANDS.startLocalEtcd)) ?? '', /^http:/);
      assert.strictEqual((await s.connection.requireSession().client.get('/ztap/local-probe').string()) ?? null, null, 'fresh data');
      const aside = readdirSync(s.localEtcd.storageDir).filter(name => name.startsWith(`data-etcd-${other}-`));
      assert.strictEqual(aside.length, 1, readdirSync(s.localEtcd.storageDir).join(', '));
      assert.ok(existsSync(join(s.localEtcd.storageDir, aside[0], 'member')), 'the old data is kept');
    } finally {
      s.dialogs.confirm = confirm;
    }
  });
});

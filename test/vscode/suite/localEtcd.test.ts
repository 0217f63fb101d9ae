import * as assert from 'assert';
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
});

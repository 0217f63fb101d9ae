import * as assert from 'assert';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { AddressInfo, createServer, Socket } from 'net';
import * as vscode from 'vscode';
import { restoreEndpoints, children, description, fixture, label, root, services, setEndpoints } from './helpers';

describe('connection settings and failures', () => {
  after(() => restoreEndpoints());

  it('reconnects when the endpoints setting changes', async () => {
    await setEndpoints([fixture('single')]);
    const s = await services();
    assert.strictEqual(s.connection.state.kind, 'connected');
    assert.match(description(await root()), /connected · 1 member$/);
    const members = await children((await children(await root())).find(n => label(n) === 'Members'));
    assert.deepStrictEqual(members.map(label), ['n1']);
    await setEndpoints(fixture('cluster').split(','));
    assert.match(description(await root()), /connected · 3 members/);
  });

  it('shows an unreachable endpoint as an error node, not an exception', async () => {
    await setEndpoints([fixture('dead')]);
    const s = await services();
    assert.strictEqual(s.connection.state.kind, 'failed');
    assert.match(description(await root()), /failed: connection refused/);
    const kids = await children(await root());
    assert.strictEqual(kids.length, 1);
    assert.strictEqual(label(kids[0]), 'Cannot connect: connection refused');
    assert.ok(description(kids[0]).includes(fixture('dead')));
    assert.strictEqual(kids[0].getTreeItem().contextValue, 'ztapMessage');
    // Commands keep working and report instead of throwing.
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.testConnectivity), false);
  });

  it('refuses an invalid endpoint before any network call, quoting it', async () => {
    await setEndpoints(['localhost']);
    const s = await services();
    assert.strictEqual(s.connection.state.kind, 'failed');
    const [error] = await children(await root());
    assert.match(description(error), /"localhost": it has no port/);
  });

  it("a connect superseded by a later one never reports the later one's failure as its own", async () => {
    const s = await services();
    // The first attempt dials a listener that never answers, and waits out its dial timeout...
    const sockets: Socket[] = [];
    const silent = createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const etcdSettings = vscode.workspace.getConfiguration('ztap.etcd');
    try {
      await etcdSettings.update('dialTimeout', 2, vscode.ConfigurationTarget.Workspace);
      const before = s.connection.failuresReported;
      await etcdSettings.update('endpoints', [`127.0.0.1:${(silent.address() as AddressInfo).port}`], vscode.ConfigurationTarget.Workspace);
      // ...while the second, to a closed port, fails at once and is reported.
      await setEndpoints([fixture('dead')]);
      assert.strictEqual(s.connection.failuresReported - before, 1);
      await new Promise(resolve => setTimeout(resolve, 3000));
      assert.strictEqual(s.connection.state.kind, 'failed');
      assert.strictEqual(s.connection.failuresReported - before, 1, 'the superseded attempt reported a failure too');
    } finally {
      await etcdSettings.update('dialTimeout', undefined, vscode.ConfigurationTarget.Workspace);
      sockets.forEach(socket => socket.destroy());
      silent.close();
    }
  });

  it('Refresh on a failed connection dials again', async () => {
    await setEndpoints(fixture('cluster').split(','));
    const s = await services();
    s.connection.disconnect();
    await vscode.commands.executeCommand(COMMANDS.refresh);
    assert.strictEqual(s.connection.state.kind, 'connected');
  });
});

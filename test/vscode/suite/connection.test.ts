import * as assert from 'assert';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
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

  it('Refresh on a failed connection dials again', async () => {
    await setEndpoints(fixture('cluster').split(','));
    const s = await services();
    s.connection.manager.disconnect();
    await vscode.commands.executeCommand(COMMANDS.refresh);
    assert.strictEqual(s.connection.state.kind, 'connected');
  });
});

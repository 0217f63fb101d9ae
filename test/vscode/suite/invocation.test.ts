import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { UserWatch } from '../../../src/extension/watches/watchesService';
import { child, EXTENSION_ID, label, restoreEndpoints, root, services } from './helpers';

/** Lets a command's first question open, as a person would see it, before answering it. */
const settle = () => new Promise(resolve => setTimeout(resolve, 1000));

describe('commands invoked from tree rows', function () {
  this.timeout(60_000);
  before(() => restoreEndpoints());
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand(COMMANDS.stopAllLocalNodes);
    await vscode.commands.executeCommand(COMMANDS.stopAllWatches);
  });

  it('the inline + on Local Nodes asks its questions instead of joining the election with defaults', async () => {
    const s = await services();
    const row = await child(label(await root()), 'Local Nodes');
    const started = vscode.commands.executeCommand(COMMANDS.startLocalNode, row);
    await settle();
    assert.strictEqual(s.localNodes.all.length, 0, 'no node joins before the questions are answered');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await started, undefined, 'cancelling the first question starts nothing');
    assert.strictEqual(s.localNodes.all.length, 0);
  });

  it('the inline eye on Watches asks for a prefix, offering the key prefix, and watches it', async () => {
    const s = await services();
    const row = await child(label(await root()), 'Watches');
    const started = vscode.commands.executeCommand<UserWatch>(COMMANDS.watchPrefix, row);
    await settle();
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const watch = await started;
    assert.ok(watch, 'a watch started (it failed with "Received an instance of WatchesNode" before)');
    assert.strictEqual(watch.prefix, '/ztap/');
    assert.deepStrictEqual(
      s.watches.all.map(w => w.prefix),
      ['/ztap/'],
    );
  });

  it('Watch Prefix on a folder offers that folder', async () => {
    const folder = await child(label(await root()), 'Keys', 'policies/');
    const started = vscode.commands.executeCommand<UserWatch>(COMMANDS.watchPrefix, folder);
    await settle();
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual((await started)?.prefix, '/ztap/policies/');
  });

  it('palette names say what they act on', () => {
    const commands = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string; title: string }>;
    const title = (id: string) => commands.find(c => c.command === id)?.title;
    assert.strictEqual(title(COMMANDS.stopLocalNode), 'Stop Local Election Node');
    assert.strictEqual(title(COMMANDS.resignLocalNode), 'Resign Local Election Node');
    assert.strictEqual(title(COMMANDS.editConnection), 'Edit Connection...');
    assert.strictEqual(title(COMMANDS.removeConnection), 'Remove Connection');
  });
});

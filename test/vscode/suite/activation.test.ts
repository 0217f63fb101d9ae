import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { EXTENSION_ID, services } from './helpers';

describe('activation', () => {
  it('activates and returns its services', async () => {
    const s = await services();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(s.tree && s.connection && s.values && s.localEtcd);
  });

  it('registers every command of package.json, and nothing else under ztap.', async () => {
    await services();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>> };
    };
    const declared = manifest.contributes.commands.map(c => c.command).sort();
    // VS Code adds its own commands for every view (ztap.cluster.focus, ...): not ours.
    const viewIds = Object.values(manifest.contributes.views)
      .flat()
      .map(v => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true)).filter(c => c.startsWith('ztap.') && !viewIds.some(v => c.startsWith(v))).sort();
    assert.deepStrictEqual(registered, declared);
    assert.deepStrictEqual(Object.values(COMMANDS).sort(), declared);
  });

  it('contributes the ZTAP container with the Cluster view and the guide defaults as settings', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.strictEqual(manifest.contributes.viewsContainers.activitybar[0].title, 'ZTAP');
    assert.ok(manifest.contributes.views.ztap.some((v: { id: string; name: string }) => v.id === 'ztap.cluster' && v.name === 'Cluster'));
    const config = vscode.workspace.getConfiguration('ztap.etcd');
    assert.strictEqual(config.inspect('endpoints')?.defaultValue?.toString(), 'localhost:2379');
    assert.strictEqual(config.inspect('dialTimeout')?.defaultValue, 5);
    assert.strictEqual(config.inspect('keyPrefix')?.defaultValue, '/ztap');
    assert.strictEqual(config.inspect('sessionTTL')?.defaultValue, 60);
  });
});

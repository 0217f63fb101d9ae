import * as assert from 'assert';
import * as vscode from 'vscode';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { SpaceView } from '../../../src/extension/dashboard/dashboardState';
import { fixture, restoreEndpoints, services } from './helpers';

describe('Show Where the Space Goes', function () {
  this.timeout(60_000);
  before(restoreEndpoints);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('measures the folder it was invoked on: its keys and bytes, its folders biggest first, each the sum of what etcd holds', async () => {
    const s = await services();
    const etcd = createEtcd3(resolveConnection({ endpoints: fixture('cluster').split(',') }, {}));
    try {
      await etcd.put('/ztap/space/big/a').value(Buffer.alloc(3000, 'a'));
      await etcd.put('/ztap/space/small/a').value('x');
      await etcd.put('/ztap/space/own').value('yy');
      const folder = await s.tree.nodeForKey('/ztap/space/');
      assert.ok(folder, 'the folder row');
      // Invoked from the row (VS Code passes the row): the row is where, never an argument.
      const space = await vscode.commands.executeCommand<SpaceView>(COMMANDS.showSpace, folder);
      assert.strictEqual(space?.root?.prefix, '/ztap/space/');
      const { kvs } = await etcd.getAll().prefix('/ztap/space/').exec();
      assert.strictEqual(space.root.keys, kvs.length);
      assert.strictEqual(
        space.root.bytes,
        kvs.reduce((n, kv) => n + kv.key.length + kv.value.length, 0),
      );
      assert.deepStrictEqual(
        space.root.children.map(c => [c.prefix, c.keys, c.bytes]),
        [
          ['/ztap/space/big/', 1, '/ztap/space/big/a'.length + 3000],
          ['/ztap/space/small/', 1, '/ztap/space/small/a'.length + 1],
        ],
      );
    } finally {
      await etcd.delete().prefix('/ztap/space/');
      etcd.close();
    }
  });
});

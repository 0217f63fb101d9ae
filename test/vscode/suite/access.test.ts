import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import type { Etcd3 } from 'etcd3';
import type { AccessCheck } from '../../../src/core/access/accessCheck';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { TreeNode } from '../../../src/extension/tree/treeNode';
import { valueUri } from '../../../src/extension/keys/valueUris';
import { children, description, label, root, services, waitFor } from './helpers';

const ROOT_PW = 'root-Suite-9';
const ZTAP_PW = 'ztap-Suite-9';

async function childNamed(node: TreeNode | undefined, name: string): Promise<TreeNode> {
  const kids = await children(node);
  const found = kids.find(k => label(k) === name);
  assert.ok(found, `no "${name}" among ${kids.map(label).join(', ')}`);
  return found;
}

describe("who may do what: the Access node, Check Access and denials (etcd with auth, the guide's setup)", function () {
  this.timeout(90_000);
  let cluster: LocalEtcdCluster;
  const connections = () => vscode.workspace.getConfiguration('ztap');

  before(async () => {
    cluster = await LocalEtcdCluster.start({ members: 1 });
    const etcd: Etcd3 = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    try {
      await etcd.put('/ztap/nodes/node-9').value('{}');
      await etcd.put('/other/secret').value('s');
      await etcd.auth.userAdd({ name: 'root', password: ROOT_PW });
      await etcd.auth.userGrantRole({ user: 'root', role: 'root' });
      await etcd.auth.userAdd({ name: 'ztap', password: ZTAP_PW });
      await etcd.auth.roleAdd({ name: 'ztap-role' });
      await etcd.auth.roleGrantPermission({ name: 'ztap-role', perm: { permType: 'Readwrite', key: Buffer.from('/ztap/'), range_end: Buffer.from('/ztap0') } });
      await etcd.auth.roleGrantPermission({ name: 'ztap-role', perm: { permType: 'Read', key: Buffer.from('/other/secret'), range_end: Buffer.alloc(0) } });
      await etcd.auth.userGrantRole({ user: 'ztap', role: 'ztap-role' });
      await etcd.auth.authEnable();
    } finally {
      etcd.close();
    }
    const s = await services();
    await connections().update(
      'connections',
      [
        { name: 'as-root', endpoints: cluster.endpoints, username: 'root' },
        { name: 'as-ztap', endpoints: cluster.endpoints, username: 'ztap' },
        { name: 'as-ztap-other', endpoints: cluster.endpoints, username: 'ztap', keyPrefix: '/other' },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    await s.passwords.store('as-root', 'root', ROOT_PW);
    await s.passwords.store('as-ztap', 'ztap', ZTAP_PW);
    await s.passwords.store('as-ztap-other', 'ztap', ZTAP_PW);
  });

  after(async () => {
    const s = await services();
    await connections().update('connections', undefined, vscode.ConfigurationTarget.Workspace);
    await s.connection.switchTo(s.connection.profiles[0].name);
    await cluster?.stop();
  });

  const accessNode = async (profile: string): Promise<TreeNode> => {
    const s = await services();
    const state = await s.connection.switchTo(profile);
    assert.strictEqual(state.kind, 'connected', JSON.stringify(state));
    return childNamed(await root(), 'Access');
  };

  it('as root: auth on, each user with its roles, each role with its permissions as a prefix or a key', async () => {
    const access = await accessNode('as-root');
    const rows = await children(access);
    assert.deepStrictEqual(rows.map(label), ['Auth', 'Users', 'Roles']);
    assert.match(description(rows[0]), /^on/);
    // etcd lists the roles it stores: root is built in, not among them.
    assert.strictEqual(description(access), 'auth on · 2 users · 1 role');
    const users = await children(rows[1]);
    assert.deepStrictEqual(
      users.map(u => [label(u), description(u)]),
      [
        ['root', 'root'],
        ['ztap', 'ztap-role'],
      ],
    );
    const role = await childNamed(rows[2], 'ztap-role');
    // In etcd's order: by key.
    assert.deepStrictEqual(
      (await children(role)).map(p => [label(p), description(p)]),
      [
        ['key /other/secret', 'read'],
        ['prefix /ztap/', 'readwrite'],
      ],
    );
    const rootUser = await childNamed(rows[1], 'root');
    assert.deepStrictEqual(
      (await children(rootUser)).map(r => [label(r), description(r)]),
      [['root', 'every key, and the cluster']],
    );
  });

  it('as a user without the root role: "needs the root role", and the user itself with its own roles', async () => {
    const access = await accessNode('as-ztap');
    const rows = await children(access);
    assert.strictEqual(label(rows[0]), 'Users and roles: needs the root role');
    assert.strictEqual(description(access), 'auth on · needs the root role');
    assert.deepStrictEqual([label(rows[1]), description(rows[1])], ['ztap', 'this connection · ztap-role']);
    const role = await childNamed(rows[1], 'ztap-role');
    assert.deepStrictEqual((await children(role)).map(label), ['key /other/secret', 'prefix /ztap/']);
  });

  it('Check Access from a user row asks for the key; from a folder row for the user; a denial names the grant that would allow it', async () => {
    const s = await services();
    const access = await accessNode('as-root');
    const ztap = await childNamed(await childNamed(access, 'Users'), 'ztap');
    const shown: string[] = [];
    const saved = { ask: s.dialogs.ask, pick: s.dialogs.pick, explain: s.dialogs.explain };
    try {
      s.dialogs.explain = async (message, detail) => (shown.push(`${message}\n${detail}`), undefined);
      s.dialogs.ask = async options => (options.title?.startsWith('ZTAP: Check Access') ? '/ztap/nodes/node-9' : undefined);
      const fromUser = await vscode.commands.executeCommand<AccessCheck>(COMMANDS.checkAccess, ztap);
      assert.strictEqual(fromUser?.read.allowed && fromUser.write.allowed, true);
      assert.match(shown[0], /^ZTAP: ztap may read and write \/ztap\/nodes\/node-9\n/);
      assert.match(shown[0], /ztap may write \/ztap\/nodes\/node-9: ztap-role \(readwrite prefix \/ztap\/\)/);

      const picked: string[] = [];
      s.dialogs.pick = async items => (picked.push(...items.map(i => i.label)), items.find(i => i.label === 'ztap'));
      const keys = await childNamed(await root(), 'Keys');
      const fromFolder = await vscode.commands.executeCommand<AccessCheck>(COMMANDS.checkAccess, keys);
      assert.deepStrictEqual(picked, ['root', 'ztap']); // the connection's own user first
      assert.strictEqual(fromFolder?.read.allowed, true);
      assert.match(shown[1], /^ZTAP: ztap may read and write every key under \/ztap\//);

      const denied = await vscode.commands.executeCommand<AccessCheck>(COMMANDS.checkAccess, { user: 'ztap', key: '/other/secret' });
      assert.strictEqual(denied?.read.allowed, true);
      assert.strictEqual(denied?.write.allowed, false);
      assert.match(shown[2], /^ZTAP: ztap may read \/other\/secret, not write/);
      assert.ok(shown[2].includes("etcdctl role grant-permission ztap-role write '/other/secret'"), shown[2]);
    } finally {
      Object.assign(s.dialogs, saved);
    }
  });

  it('a denied folder read and a denied watch name the user and the keys; the error row runs Check Access on them', async () => {
    const s = await services();
    const state = await s.connection.switchTo('as-ztap-other');
    assert.strictEqual(state.kind, 'connected');
    const keys = await childNamed(await root(), 'Keys');
    const [error] = await waitFor(async () => {
      const rows = await children(keys);
      return label(rows[0]).startsWith('Cannot load') ? rows : undefined;
    }, 'the error row under Keys');
    assert.strictEqual(label(error), 'Cannot load /other/');
    assert.match(description(error), /permission denied: user "ztap" may not read the keys under \/other\//);
    const command = error.getTreeItem().command;
    assert.strictEqual(command?.command, COMMANDS.checkAccess);
    assert.deepStrictEqual(command?.arguments, [{ user: 'ztap', key: '/other/', asPrefix: true }]);
    await assert.rejects(s.watches.start('/other/'), /permission denied: user "ztap" may not read the keys under \/other\//);
  });

  it('a save etcd refuses fails, naming the user and the key (its log line), and the editor keeps the text', async () => {
    const s = await services();
    assert.strictEqual((await s.connection.switchTo('as-ztap')).kind, 'connected');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(COMMANDS.openKey, valueUri('/other/secret'));
    assert.ok(editor);
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), 'mine');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.strictEqual(await editor.document.save(), false);
      assert.ok(editor.document.isDirty);
      assert.strictEqual(editor.document.getText(), 'mine');
      const logFile = vscode.Uri.joinPath(s.logUri, 'ZTAP etcd.log').fsPath;
      await waitFor(
        () => readFileSync(logFile, 'utf8').includes('Save of /other/secret refused by etcd: permission denied: user "ztap" may not write /other/secret'),
        'the denial in the log',
      );
      // Nothing of the passwords in the log.
      const log = readFileSync(logFile, 'utf8');
      assert.ok(!log.includes(ZTAP_PW) && !log.includes(ROOT_PW));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});

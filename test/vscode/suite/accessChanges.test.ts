import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { authEnabled, readUser } from '../../../src/core/access/accessReader';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { services, waitFor } from './helpers';

const ROOT_PW = 'root-Change-5';
const ZTAP_PW = 'ztap-Change-5';
const ADMIN_PW = 'admin-Change-5';

describe('changing access from the editor: Set Up ZTAP Access, guards, auth on and off (real etcd)', function () {
  this.timeout(90_000);
  let cluster: LocalEtcdCluster;
  const connections = () => vscode.workspace.getConfiguration('ztap');
  const asRoot = () => createEtcd3(resolveConnection({ endpoints: cluster.endpoints, username: 'root', password: ROOT_PW }, {}));
  const profileUser = (name: string) =>
    (vscode.workspace.getConfiguration('ztap').get<Array<{ name: string; username?: string }>>('connections') ?? []).find(p => p.name === name)?.username;

  before(async () => {
    cluster = await LocalEtcdCluster.start({ members: 1 });
    await connections().update(
      'connections',
      [
        { name: 'acc-new', endpoints: cluster.endpoints },
        { name: 'acc-root', endpoints: cluster.endpoints, username: 'root' },
        { name: 'acc-admin', endpoints: cluster.endpoints, username: 'admin' },
        { name: 'acc-guarded', endpoints: cluster.endpoints, username: 'root', readOnly: true },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    const s = await services();
    await s.passwords.store('acc-root', 'root', ROOT_PW);
    await s.passwords.store('acc-guarded', 'root', ROOT_PW);
    await s.passwords.store('acc-admin', 'admin', ADMIN_PW);
  });

  const saved: Partial<Record<'confirm' | 'ask' | 'inform', unknown>> = {};
  beforeEach(async () => {
    const s = await services();
    Object.assign(saved, { confirm: s.dialogs.confirm, ask: s.dialogs.ask, inform: s.dialogs.inform });
  });
  afterEach(async () => Object.assign((await services()).dialogs, saved));

  after(async () => {
    const s = await services();
    await connections().update('connections', undefined, vscode.ConfigurationTarget.Workspace);
    await s.connection.switchTo(s.connection.profiles[0].name);
    await cluster?.stop();
  });

  it('Set Up ZTAP Access on a cluster without auth: root, ztap, ztap-role, auth on; the connection then logs in as ztap and works', async () => {
    const s = await services();
    assert.strictEqual((await s.connection.switchTo('acc-new')).kind, 'connected');
    const asked: string[] = [];
    s.dialogs.confirm = async (message, detail) => (asked.push(`${message}\n${detail}`), true);
    const done = await vscode.commands.executeCommand<string[]>(COMMANDS.setUpZtapAccess, { passwords: { root: ROOT_PW, ztap: ZTAP_PW } });
    assert.deepStrictEqual(done, [
      'add user root',
      'grant role root to root',
      'add user ztap',
      'add role ztap-role',
      'grant readwrite prefix /ztap/ to role ztap-role',
      'grant role ztap-role to ztap',
      'enable auth',
    ]);
    assert.match(asked[0], /To do: add user root, grant root to root, add user ztap/);
    assert.strictEqual(profileUser('acc-new'), 'ztap');
    await waitFor(() => s.connection.state.kind === 'connected' && s.connection.config?.username === 'ztap', 'connected as ztap');
    await s.connection.requireSession().client.put('/ztap/from-editor').value('1');
    const root = asRoot();
    try {
      assert.strictEqual(await authEnabled(root), true);
      assert.deepStrictEqual((await readUser(root, 'ztap')).roles, ['ztap-role']);
    } finally {
      root.close();
    }
    // Nothing of it in settings but the user name, and nothing of it in the log.
    const file = JSON.stringify(vscode.workspace.getConfiguration('ztap').inspect('connections')?.workspaceValue);
    assert.ok(!file.includes(ZTAP_PW) && !file.includes(ROOT_PW));
    const log = readFileSync(vscode.Uri.joinPath(s.logUri, 'ZTAP etcd.log').fsPath, 'utf8');
    assert.match(log, /Write: access: add user root; grant role root to root; add user ztap/);
    assert.ok(!log.includes(ZTAP_PW) && !log.includes(ROOT_PW));
  });

  it('run again as root it changes nothing and says what is there', async () => {
    const s = await services();
    assert.strictEqual((await s.connection.switchTo('acc-root')).kind, 'connected');
    const told: string[] = [];
    s.dialogs.inform = async message => (told.push(message), undefined);
    assert.deepStrictEqual(await vscode.commands.executeCommand(COMMANDS.setUpZtapAccess), []);
    assert.match(
      told[0],
      /^ZTAP: nothing to change: user root, root has role root, user ztap, role ztap-role, ztap-role has readwrite on \/ztap\/, ztap has role ztap-role, auth enabled\.$/,
    );
  });

  it('refuses before asking: deleting root while auth is on, and any change on a read-only connection', async () => {
    const s = await services();
    await s.connection.switchTo('acc-root');
    let asked = 0;
    s.dialogs.confirm = async () => (asked++, true);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.deleteUser, 'root'), undefined);
    assert.strictEqual(asked, 0);
    await s.connection.switchTo('acc-guarded');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.addRole, 'never'), undefined);
    // Member changes too: nothing is added on a read-only connection.
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.addMember, { name: 'never', peerUrls: 'http://127.0.0.1:9', voter: false }), undefined);
    assert.strictEqual((await s.connection.requireSession().client.cluster.memberList({})).members.length, 1);
    const root = asRoot();
    try {
      assert.deepStrictEqual((await readUser(root, 'root')).roles, ['root']);
      assert.ok(!(await root.auth.roleList()).roles.includes('never'));
    } finally {
      root.close();
    }
  });

  it("taking the connection's own access wants its user's name typed; Escape changes nothing", async () => {
    const s = await services();
    await s.connection.switchTo('acc-root');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.addUser, { user: 'admin', password: ADMIN_PW }), true);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.grantRole, { user: 'admin', role: 'root' }), true);
    await s.connection.switchTo('acc-admin');
    const prompts: string[] = [];
    s.dialogs.ask = async options => (prompts.push(options.prompt ?? ''), undefined);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.revokeRole, { user: 'admin', role: 'root' }), false);
    assert.match(prompts[0], /This takes from admin, the user this connection logs in as, what it may do under \/ztap\/\. Type admin to go on\./);
    s.dialogs.ask = async () => 'admin';
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.revokeRole, { user: 'admin', role: 'root' }), true);
    const root = asRoot();
    try {
      assert.deepStrictEqual((await readUser(root, 'admin')).roles, []);
    } finally {
      root.close();
    }
  });

  it('Disable Auth asks, saying every client gets full access; Enable Auth asks who the connection logs in as, and it keeps working', async () => {
    const s = await services();
    await s.connection.switchTo('acc-root');
    const asked: string[] = [];
    s.dialogs.confirm = async (message, detail) => (asked.push(`${message} ${detail}`), true);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.disableAuth), true);
    assert.match(asked[0], /disable auth\? Every client then has full access/);
    const open = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    try {
      assert.strictEqual(await authEnabled(open), false);
    } finally {
      open.close();
    }
    // etcd refuses a login while auth is off: the connection goes on as nobody.
    assert.strictEqual(profileUser('acc-root'), undefined);
    await waitFor(() => s.connection.state.kind === 'connected' && s.connection.config?.username === undefined, 'connected as nobody');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.enableAuth, { user: 'root', password: ROOT_PW }), true);
    assert.strictEqual(profileUser('acc-root'), 'root');
    await waitFor(() => s.connection.state.kind === 'connected' && s.connection.config?.username === 'root', 'connected as root');
    assert.strictEqual(await authEnabled(s.connection.requireSession().client), true);
    assert.ok((await s.connection.requireSession().client.auth.userList()).users.includes('ztap')); // as root: may list
  });
});

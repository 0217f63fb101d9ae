import * as vscode from 'vscode';
import { AccessView, readAccess } from '../../core/access/accessReader';
import { KeyPermission, Role, scopeOf, User } from '../../core/access/permissions';
import { keyToText } from '../../core/keys/keyText';
import { plural } from '../../core/text/plural';
import { childrenOrError, MessageNode } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type ContextValue, type TreeNode, withMenus } from '../tree/treeNode';

/**
 * "Access": whether auth is on, the users with their roles and the roles with their
 * permissions, read as the connection's user. A user without the root role may not
 * list them: the row says so and shows what that user may read about itself.
 */
export class AccessNode implements TreeNode {
  readonly id = 'access';
  private summary: string | undefined;
  private rows: TreeNode[] | undefined;
  private shape: string | undefined;

  constructor(private readonly ctx: TreeContext) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Access', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.summary;
    item.iconPath = new vscode.ThemeIcon('shield');
    item.tooltip = 'Who may do what: etcd auth, its users and their roles, the roles and their key permissions. Check Access... explains a decision.';
    withMenus(item, 'ztapAccess');
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(this.id, 'users and roles', async () => {
      const user = this.ctx.config().username;
      const view = await readAccess(this.ctx.client(), user);
      // Shown beside the row from its next redraw (as Leases shows its count): redrawing it
      // now would race VS Code expanding the rows below it.
      this.summary = summarize(view);
      // The same rows while nothing changed: a redraw must not swap the rows VS Code is expanding.
      const shape = JSON.stringify(view);
      if (!this.rows || shape !== this.shape) {
        this.shape = shape;
        this.rows = view.kind === 'full' ? fullRows(view) : limitedRows(view, user);
      }
      return this.rows;
    });
  }
}

function summarize(view: AccessView): string {
  if (view.kind === 'limited') {
    return 'auth on · needs the root role';
  }
  return `auth ${view.authEnabled ? 'on' : 'off'} · ${plural(view.users.length, 'user')} · ${plural(view.roles.length, 'role')}`;
}

function fullRows(view: Extract<AccessView, { kind: 'full' }>): TreeNode[] {
  const roles = new Map(view.roles.map(r => [r.name, r]));
  const auth = new MessageNode('access/auth', 'Auth', {
    description: view.authEnabled ? 'on: each request needs a user, and its roles decide' : 'off: every client may read and write every key',
    icon: view.authEnabled ? 'lock' : 'unlock',
  });
  return [auth, new UsersNode(view.users, roles), new RolesNode(view.roles)];
}

function limitedRows(view: Extract<AccessView, { kind: 'limited' }>, user: string | undefined): TreeNode[] {
  const rows: TreeNode[] = [
    new MessageNode('access/limited', 'Users and roles: needs the root role', {
      icon: 'lock',
      description: user ? `user ${user} does not have it` : 'no user logs in',
      tooltip: 'etcd lists users and roles only to a user with the root role. What this connection may read about itself is below.',
    }),
  ];
  if (view.self) {
    const roles = new Map((view.selfRoles ?? []).map(r => [r.name, r]));
    rows.push(new UserNode('access/self', view.self, roles, 'this connection'));
  }
  return rows;
}

/** The row of a list (Users, Roles): its name and how many it holds. */
function listRow(id: string, label: string, count: number, icon: string, menus: ContextValue): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.description = String(count);
  item.iconPath = new vscode.ThemeIcon(icon);
  withMenus(item, menus);
  return item;
}

/** "Users": each user of etcd, with its roles. */
class UsersNode implements TreeNode {
  readonly id = 'access/users';
  constructor(
    private readonly users: User[],
    private readonly roles: ReadonlyMap<string, Role>,
  ) {}

  getTreeItem(): vscode.TreeItem {
    return listRow(this.id, 'Users', this.users.length, 'organization', 'ztapUsers');
  }

  async getChildren(): Promise<TreeNode[]> {
    return this.users.length === 0
      ? [new MessageNode(`${this.id}/none`, 'No users', { icon: 'circle-slash' })]
      : this.users.map(u => new UserNode(`${this.id}/${u.name}`, u, this.roles));
  }
}

/** "Roles": each role, with its key permissions. */
class RolesNode implements TreeNode {
  readonly id = 'access/roles';
  constructor(private readonly roles: Role[]) {}

  getTreeItem(): vscode.TreeItem {
    return listRow(this.id, 'Roles', this.roles.length, 'symbol-class', 'ztapRoles');
  }

  async getChildren(): Promise<TreeNode[]> {
    return this.roles.map(r => new RoleNode(`${this.id}/${r.name}`, r));
  }
}

/** A user: its roles beside it, each role below it with what it permits. Check Access... is on its menu. */
export class UserNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly user: User,
    private readonly roles: ReadonlyMap<string, Role>,
    private readonly note?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const state = this.user.roles.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(this.user.name, state);
    item.id = this.id;
    const roles = this.user.roles.length > 0 ? this.user.roles.join(', ') : 'no roles';
    item.description = this.note ? `${this.note} · ${roles}` : roles;
    item.tooltip = `User ${this.user.name}: ${this.user.roles.includes('root') ? 'the root role: every key, and the cluster' : roles}`;
    item.iconPath = new vscode.ThemeIcon(this.user.roles.includes('root') ? 'star-full' : 'person');
    withMenus(item, 'ztapUser');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return this.user.roles.map(name => {
      const role = this.roles.get(name);
      return role
        ? new RoleNode(`${this.id}/role/${name}`, role, this.user.name)
        : new MessageNode(`${this.id}/role/${name}`, name, {
            icon: 'symbol-class',
            description: name === 'root' ? 'every key, and the cluster' : 'not readable here',
          });
    });
  }
}

/** A role: its permissions below it, each a key, a prefix or a range with read, write or readwrite. */
export class RoleNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly role: Role,
    /** Listed under this user (Revoke Role takes it from that user). */
    readonly holder?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const root = this.role.name === 'root';
    const state = this.role.permissions.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(this.role.name, state);
    item.id = this.id;
    item.description = root ? 'every key, and the cluster' : plural(this.role.permissions.length, 'permission');
    item.iconPath = new vscode.ThemeIcon('symbol-class');
    withMenus(item, this.holder ? 'ztapRole.held' : 'ztapRole');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return this.role.permissions.map((p, i) => new PermissionNode(`${this.id}/perm/${i}`, this.role.name, p));
  }
}

/** One permission of a role: what it covers, and what it allows. Revoke Permission is on its menu. */
export class PermissionNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly role: string,
    readonly permission: KeyPermission,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const [label, type] = permissionRow(this.permission);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = type;
    item.tooltip = `Role ${this.role}: ${type} on ${label}`;
    item.iconPath = new vscode.ThemeIcon(this.permission.type === 'read' ? 'eye' : this.permission.type === 'write' ? 'edit' : 'unlock');
    withMenus(item, 'ztapPermission');
    return item;
  }
}

/** "prefix /ztap/" and "readwrite": what a permission covers, and what it allows. */
function permissionRow(p: KeyPermission): [string, string] {
  const scope = scopeOf(p.key, p.rangeEnd);
  switch (scope.kind) {
    case 'key':
      return [`key ${keyToText(scope.key)}`, p.type];
    case 'prefix':
      return [scope.prefix.length === 0 ? 'every key' : `prefix ${keyToText(scope.prefix)}`, p.type];
    case 'from':
      return [`from ${keyToText(scope.key)} on`, p.type];
    case 'range':
      return [`range [${keyToText(scope.key)}, ${keyToText(scope.end)})`, p.type];
  }
}

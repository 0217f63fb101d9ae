import type { Etcd3, IPermission } from 'etcd3';
import { decide, describePermission, KeyPermission, KeyRange, Role, User } from './permissions';

/** One change to who may do what. A password travels only to etcd: never in `describeChange`. */
export type AccessChange =
  | { kind: 'add user'; user: string; password: string }
  | { kind: 'delete user'; user: string }
  | { kind: 'change password'; user: string; password: string }
  | { kind: 'grant role'; user: string; role: string }
  | { kind: 'revoke role'; user: string; role: string }
  | { kind: 'add role'; role: string }
  | { kind: 'delete role'; role: string }
  | { kind: 'grant permission'; role: string; permission: KeyPermission }
  | { kind: 'revoke permission'; role: string; key: Buffer; rangeEnd: Buffer }
  | { kind: 'enable auth' }
  | { kind: 'disable auth' };

/** The changes that take something away: the CLI and the editor ask before making them. */
export const TAKES_AWAY: ReadonlySet<AccessChange['kind']> = new Set(['delete user', 'revoke role', 'delete role', 'revoke permission', 'disable auth']);

/** Users and roles as etcd holds them, and whether auth is on: what a change is judged against. */
export interface AccessState {
  authEnabled: boolean;
  users: User[];
  roles: Role[];
}

/** The change in words for confirmations and the log; no password. */
export function describeChange(c: AccessChange): string {
  switch (c.kind) {
    case 'add user':
      return `add user ${c.user}`;
    case 'delete user':
      return `delete user ${c.user}`;
    case 'change password':
      return `change the password of ${c.user}`;
    case 'grant role':
      return `grant role ${c.role} to ${c.user}`;
    case 'revoke role':
      return `revoke role ${c.role} from ${c.user}`;
    case 'add role':
      return `add role ${c.role}`;
    case 'delete role':
      return `delete role ${c.role}`;
    case 'grant permission':
      return `grant ${describePermission(c.permission)} to role ${c.role}`;
    case 'revoke permission':
      return `revoke the permission on ${describeRange(c.key, c.rangeEnd)} from role ${c.role}`;
    case 'enable auth':
      return 'enable auth';
    case 'disable auth':
      return 'disable auth';
  }
}

function describeRange(key: Buffer, rangeEnd: Buffer): string {
  return describePermission({ type: 'read', key, rangeEnd }).replace(/^read /, '');
}

/**
 * Why etcd must not be asked to make `c` (undefined: it may be). These changes would
 * leave nobody able to manage etcd: root's user, its root role and the root role
 * itself stay while auth is on, and auth goes on only with a root user holding it.
 */
export function refusal(c: AccessChange, state: AccessState): string | undefined {
  const root = state.users.find(u => u.name === 'root');
  if (c.kind === 'enable auth' && !root?.roles.includes('root')) {
    return root
      ? 'enabling auth needs the user "root" to hold the root role (grant it first), or nobody could manage etcd afterwards'
      : 'enabling auth needs a user "root" with the root role (add it first), or nobody could manage etcd afterwards';
  }
  if (!state.authEnabled) {
    return undefined;
  }
  if (c.kind === 'delete user' && c.user === 'root') {
    return 'deleting the user root while auth is on would leave nobody able to manage etcd; disable auth first';
  }
  if (c.kind === 'revoke role' && c.user === 'root' && c.role === 'root') {
    return 'revoking the root role from root while auth is on would leave nobody able to manage etcd; disable auth first';
  }
  if (c.kind === 'delete role' && c.role === 'root') {
    return 'deleting the root role while auth is on would leave nobody able to manage etcd; disable auth first';
  }
  return undefined;
}

/** The state once `c` is made (what etcd would hold). */
export function applyChange(state: AccessState, c: AccessChange): AccessState {
  const users = state.users.map(u => ({ ...u, roles: [...u.roles] }));
  const roles = state.roles.map(r => ({ ...r, permissions: [...r.permissions] }));
  const user = (name: string) => users.find(u => u.name === name);
  const role = (name: string) => roles.find(r => r.name === name);
  switch (c.kind) {
    case 'add user':
      return { ...state, users: [...users, { name: c.user, roles: [] }], roles };
    case 'delete user':
      return { ...state, users: users.filter(u => u.name !== c.user), roles };
    case 'grant role':
      user(c.user)?.roles.push(c.role);
      return { ...state, users, roles };
    case 'revoke role': {
      const u = user(c.user);
      if (u) {
        u.roles = u.roles.filter(r => r !== c.role);
      }
      return { ...state, users, roles };
    }
    case 'add role':
      return { ...state, users, roles: [...roles, { name: c.role, permissions: [] }] };
    case 'delete role':
      // etcd takes the role from its users too.
      return { ...state, users: users.map(u => ({ ...u, roles: u.roles.filter(r => r !== c.role) })), roles: roles.filter(r => r.name !== c.role) };
    case 'grant permission':
      role(c.role)?.permissions.push(c.permission);
      return { ...state, users, roles };
    case 'revoke permission': {
      const r = role(c.role);
      if (r) {
        r.permissions = r.permissions.filter(p => !(p.key.equals(c.key) && p.rangeEnd.equals(c.rangeEnd)));
      }
      return { ...state, users, roles };
    }
    case 'enable auth':
      return { ...state, authEnabled: true, users, roles };
    case 'disable auth':
      return { ...state, authEnabled: false, users, roles };
    case 'change password':
      return { ...state, users, roles };
  }
}

/**
 * The user to name in a typed confirmation when `c` takes from `self` (the
 * connection's user) what it may do on `watched` (the keys it looks at) today, or
 * deletes `self`; undefined when it takes nothing.
 */
export function takesOwnAccess(c: AccessChange, state: AccessState, self: string | undefined, watched: KeyRange): string | undefined {
  if (!self || !state.authEnabled) {
    return undefined;
  }
  if (c.kind === 'delete user' && c.user === self) {
    return self;
  }
  const after = applyChange(state, c);
  const may = (s: AccessState, op: 'read' | 'write') => {
    const user = s.users.find(u => u.name === self);
    return user !== undefined && decide(user, new Map(s.roles.map(r => [r.name, r])), watched, op).allowed;
  };
  return (['read', 'write'] as const).some(op => may(state, op) && !may(after, op)) ? self : undefined;
}

const PERMISSION_TYPE: Record<KeyPermission['type'], IPermission['permType']> = { read: 'Read', write: 'Write', readwrite: 'Readwrite' };

/** Makes `c` in etcd. */
export async function makeChange(etcd: Etcd3, c: AccessChange): Promise<void> {
  const auth = etcd.auth;
  switch (c.kind) {
    case 'add user':
      await auth.userAdd({ name: c.user, password: c.password });
      return;
    case 'delete user':
      await auth.userDelete({ name: c.user });
      return;
    case 'change password':
      await auth.userChangePassword({ name: c.user, password: c.password });
      return;
    case 'grant role':
      await auth.userGrantRole({ user: c.user, role: c.role });
      return;
    case 'revoke role':
      await auth.userRevokeRole({ name: c.user, role: c.role });
      return;
    case 'add role':
      await auth.roleAdd({ name: c.role });
      return;
    case 'delete role':
      await auth.roleDelete({ role: c.role });
      return;
    case 'grant permission':
      await auth.roleGrantPermission({
        name: c.role,
        perm: { permType: PERMISSION_TYPE[c.permission.type], key: c.permission.key, range_end: c.permission.rangeEnd },
      });
      return;
    case 'revoke permission':
      await auth.roleRevokePermission({ role: c.role, key: c.key, range_end: c.rangeEnd });
      return;
    case 'enable auth':
      await auth.authEnable();
      return;
    case 'disable auth':
      await auth.authDisable();
      return;
  }
}

/** A change refused by a guard before etcd was asked (nothing was changed). */
export class RefusedChange extends Error {
  constructor(reason: string) {
    super(`refused: ${reason}; nothing was changed`);
    this.name = 'RefusedChange';
  }
}

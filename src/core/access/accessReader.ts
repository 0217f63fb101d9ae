import type { Etcd3, IPermission } from 'etcd3';
import { classifyError } from '../client/errors';
import type { KeyPermission, PermissionType, Role, User } from './permissions';

/** Who may do what, as far as the connection's user may read it. */
export type AccessView =
  | { kind: 'full'; authEnabled: boolean; users: User[]; roles: Role[] }
  /** A user without the root role: etcd lists no users or roles; `self` is what it may read about itself. */
  | { kind: 'limited'; authEnabled: true; reason: string; self?: User; selfRoles?: Role[] };

const TYPES: Record<IPermission['permType'], PermissionType> = { Read: 'read', Write: 'write', Readwrite: 'readwrite' };

/** etcd3's permission (its enum name, `range_end`) in our words. */
export function permissionOf(p: IPermission): KeyPermission {
  return { type: TYPES[p.permType], key: Buffer.from(p.key ?? []), rangeEnd: Buffer.from(p.range_end ?? []) };
}

/**
 * Whether auth is on. etcd 3.4 has no AuthStatus (UNIMPLEMENTED); there, logging in
 * with no name answers "authentication is not enabled" exactly when it is off
 * (3.5.28 and 3.6 let only root read the status; a denial there means it is on).
 */
export async function authEnabled(etcd: Etcd3): Promise<boolean> {
  try {
    return (await etcd.auth.authStatus()).enabled;
  } catch (err) {
    const failure = classifyError(err);
    if (failure.kind === 'permission denied') {
      // Some releases (3.5.28 on) let only root read the status: a denial means auth is on.
      return true;
    }
    if (!/UNIMPLEMENTED|unknown method/i.test(String((err as Error).message))) {
      throw failure;
    }
  }
  try {
    await etcd.auth.authenticate({ name: '', password: '' });
    return true;
  } catch (err) {
    return !/authentication is not enabled/i.test(String((err as Error).message));
  }
}

export async function readRole(etcd: Etcd3, name: string): Promise<Role> {
  const res = await etcd.auth.roleGet({ role: name });
  return { name, permissions: (res.perm ?? []).map(permissionOf) };
}

export async function readUser(etcd: Etcd3, name: string): Promise<User> {
  const res = await etcd.auth.userGet({ name });
  return { name, roles: [...(res.roles ?? [])].sort() };
}

/**
 * Reads auth's state, every user and every role. Listing users needs the root role
 * when auth is on; without it the view says so and holds what `self` (the connection's
 * user) may still read about itself: its own roles where the release allows it.
 */
export async function readAccess(etcd: Etcd3, self?: string): Promise<AccessView> {
  const status = { enabled: await authEnabled(etcd) };
  try {
    const [userNames, roleNames] = await Promise.all([etcd.auth.userList(), etcd.auth.roleList()]);
    const users = await Promise.all([...(userNames.users ?? [])].sort().map(name => readUser(etcd, name)));
    const roles = await Promise.all([...(roleNames.roles ?? [])].sort().map(name => readRole(etcd, name)));
    return { kind: 'full', authEnabled: status.enabled, users, roles };
  } catch (err) {
    const failure = classifyError(err);
    if (failure.kind !== 'permission denied' || !status.enabled) {
      throw failure;
    }
    const view: AccessView = { kind: 'limited', authEnabled: true, reason: 'needs the root role' };
    if (self) {
      view.self = await readUser(etcd, self).catch(() => undefined);
      if (view.self) {
        view.selfRoles = (await Promise.all(view.self.roles.map(role => readRole(etcd, role).catch(() => undefined)))).filter(
          (role): role is Role => role !== undefined,
        );
      }
    }
    return view;
  }
}

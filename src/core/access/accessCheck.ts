import type { Etcd3 } from 'etcd3';
import { authEnabled, readRole, readUser } from './accessReader';
import { decide, Decision, KeyRange, User } from './permissions';

export interface AccessCheck {
  authEnabled: boolean;
  user: User;
  read: Decision;
  write: Decision;
}

/**
 * May `userName` read and write `request`: its roles read from etcd (another user's
 * need the root role), then decided as etcd decides with auth on. With auth off etcd
 * allows everything; `authEnabled` says so, and the decisions say what enabling it
 * would change.
 */
export async function checkAccess(etcd: Etcd3, userName: string, request: KeyRange): Promise<AccessCheck> {
  const enabled = await authEnabled(etcd);
  const user = await readUser(etcd, userName);
  const roles = new Map((await Promise.all(user.roles.map(role => readRole(etcd, role)))).map(r => [r.name, r]));
  return { authEnabled: enabled, user, read: decide(user, roles, request, 'read'), write: decide(user, roles, request, 'write') };
}

import type { Etcd3 } from 'etcd3';
import { AccessChange, describeChange, makeChange } from './accessChanges';
import { readAccess } from './accessReader';
import { prefixRange } from './permissions';

export interface ZtapAccessOptions {
  /** ZTAP's key prefix, as `/ztap`: the role gets readwrite on `{keyPrefix}/`. */
  keyPrefix: string;
  user: string;
  role: string;
}

/** What the guide's setup still needs, in order, and which passwords that takes. */
export interface ZtapAccessPlan {
  /** What already exists, in words. */
  existed: string[];
  /** The changes still to make; a user to add has an empty password until it is given. */
  changes: AccessChange[];
  /** The users that will be added: each needs a password. */
  passwordsFor: string[];
}

/**
 * The guide's setup (`user add root`, the root role, a `ztap` user, `ztap-role` with
 * readwrite on `{prefix}/`, the grant, `auth enable`) as what is missing from it now.
 * Needs the root role (or auth off) to read the users and roles.
 */
export async function planZtapAccess(etcd: Etcd3, options: ZtapAccessOptions): Promise<ZtapAccessPlan> {
  const view = await readAccess(etcd);
  if (view.kind !== 'full') {
    throw new Error('setting up access needs the root role: connect as root (or to an etcd with auth off)');
  }
  const existed: string[] = [];
  const changes: AccessChange[] = [];
  const passwordsFor: string[] = [];
  const userOf = (name: string) => view.users.find(u => u.name === name);
  const needUser = (name: string) => {
    if (userOf(name)) {
      existed.push(`user ${name}`);
    } else {
      changes.push({ kind: 'add user', user: name, password: '' });
      passwordsFor.push(name);
    }
  };
  const needGrant = (user: string, role: string) => {
    if (userOf(user)?.roles.includes(role)) {
      existed.push(`${user} has role ${role}`);
    } else {
      changes.push({ kind: 'grant role', user, role });
    }
  };
  needUser('root');
  needGrant('root', 'root');
  needUser(options.user);
  const range = prefixRange(Buffer.from(`${options.keyPrefix}/`));
  const role = view.roles.find(r => r.name === options.role);
  if (role) {
    existed.push(`role ${options.role}`);
  } else {
    changes.push({ kind: 'add role', role: options.role });
  }
  const permission = { type: 'readwrite' as const, key: range.key, rangeEnd: range.rangeEnd! };
  if (role?.permissions.some(p => p.type === 'readwrite' && p.key.equals(permission.key) && p.rangeEnd.equals(permission.rangeEnd))) {
    existed.push(`${options.role} has readwrite on ${options.keyPrefix}/`);
  } else {
    changes.push({ kind: 'grant permission', role: options.role, permission });
  }
  needGrant(options.user, options.role);
  if (view.authEnabled) {
    existed.push('auth enabled');
  } else {
    changes.push({ kind: 'enable auth' });
  }
  return { existed, changes, passwordsFor };
}

/**
 * Makes the plan's changes in order with the passwords given for the users it adds
 * (auth is enabled last, so every step before it runs as the caller). Returns what
 * was done, in words.
 */
export async function runZtapAccessPlan(etcd: Etcd3, plan: ZtapAccessPlan, passwords: ReadonlyMap<string, string>): Promise<string[]> {
  const done: string[] = [];
  for (const change of plan.changes) {
    if (change.kind === 'add user') {
      const password = passwords.get(change.user);
      if (!password) {
        throw new Error(`no password was given for the new user ${change.user}`);
      }
      await makeChange(etcd, { ...change, password });
    } else {
      await makeChange(etcd, change);
    }
    done.push(describeChange(change));
  }
  return done;
}

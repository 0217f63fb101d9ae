import type { AccessState } from '../../core/access/accessChanges';
import { KeyPermission, PermissionType, prefixRange } from '../../core/access/permissions';
import { planZtapAccess, runZtapAccessPlan } from '../../core/access/ztapAccessSetup';
import { keyFromText } from '../../core/keys/keyText';
import { Invocation, nodeOf } from '../commands/invocation';
import type { Services } from '../services';
import { applyAccessChange, readAccessState } from './accessChange';
import { PermissionNode, RoleNode, UserNode } from './accessNode';
import { useUserForConnection } from './connectionUser';

type Dialogs = Services['dialogs'];

/** A name for something new: not empty, not taken. */
async function askName(dialogs: Dialogs, title: string, prompt: string, taken: string[]): Promise<string | undefined> {
  const name = await dialogs.ask({
    title,
    prompt,
    validateInput: v => (!v.trim() ? 'Give a name.' : taken.includes(v.trim()) ? `"${v.trim()}" exists already.` : undefined),
  });
  return name?.trim() || undefined;
}

/** A new password, typed twice without showing it; never logged or kept. */
export async function askNewPassword(dialogs: Dialogs, title: string, user: string): Promise<string | undefined> {
  const first = await dialogs.ask({ title, prompt: `Password of ${user}`, password: true, validateInput: v => (v ? undefined : 'Give a password.') });
  if (!first) {
    return undefined;
  }
  const again = await dialogs.ask({
    title,
    prompt: `Password of ${user}, again`,
    password: true,
    validateInput: v => (v === first ? undefined : 'Not the same password.'),
  });
  return again === first ? first : undefined;
}

/** The user a command acts on: its row, the one given, else picked. */
async function userOf(dialogs: Dialogs, state: AccessState, invocation: Invocation, given: unknown, title: string): Promise<string | undefined> {
  const row = nodeOf(invocation, UserNode)?.user.name;
  if (row ?? (typeof given === 'string' ? given : undefined)) {
    return row ?? (given as string);
  }
  return (
    await dialogs.pick(
      state.users.map(u => ({ label: u.name, description: u.roles.join(', ') || 'no roles' })),
      { title, placeHolder: 'Which user?' },
    )
  )?.label;
}

/** The role a command acts on: its row, the one given, else picked from `roles`. */
async function roleOf(dialogs: Dialogs, roles: string[], invocation: Invocation, given: unknown, title: string): Promise<string | undefined> {
  const row = nodeOf(invocation, RoleNode)?.role.name;
  if (row ?? (typeof given === 'string' ? given : undefined)) {
    return row ?? (given as string);
  }
  return (
    await dialogs.pick(
      roles.map(label => ({ label })),
      { title, placeHolder: 'Which role?' },
    )
  )?.label;
}

export async function addUser(services: Services, _invocation: Invocation, given?: { user: string; password: string }): Promise<boolean> {
  const title = 'ZTAP: Add User';
  const state = await readAccessState(services, 'add a user');
  const user =
    given?.user ??
    (await askName(
      services.dialogs,
      title,
      'Name of the new user',
      state.users.map(u => u.name),
    ));
  const password = user && (given?.password ?? (await askNewPassword(services.dialogs, title, user)));
  return !!user && !!password && applyAccessChange(services, { kind: 'add user', user, password });
}

export async function deleteUser(services: Services, invocation: Invocation, given?: string): Promise<boolean> {
  const state = await readAccessState(services, 'delete a user');
  const user = await userOf(services.dialogs, state, invocation, given, 'ZTAP: Delete User');
  return !!user && applyAccessChange(services, { kind: 'delete user', user }, `${user} can no longer log in; its roles stay.`);
}

/** Change Password: for the connection's own user, the stored password follows, so the connection keeps working. */
export async function changePassword(services: Services, invocation: Invocation, given?: { user: string; password: string }): Promise<boolean> {
  const title = 'ZTAP: Change Password';
  const state = await readAccessState(services, 'change a password');
  const user = given?.user ?? (await userOf(services.dialogs, state, invocation, undefined, title));
  const password = user && (given?.password ?? (await askNewPassword(services.dialogs, title, user)));
  if (!user || !password || !(await applyAccessChange(services, { kind: 'change password', user, password }))) {
    return false;
  }
  if (user === services.connection.config?.username) {
    await useUserForConnection(services, user, password);
    await services.connection.connect();
  }
  return true;
}

export async function grantRole(services: Services, invocation: Invocation, given?: { user: string; role: string }): Promise<boolean> {
  const title = 'ZTAP: Grant Role';
  const state = await readAccessState(services, 'grant a role');
  const user = given?.user ?? (await userOf(services.dialogs, state, invocation, undefined, title));
  const held = state.users.find(u => u.name === user)?.roles ?? [];
  const roles = ['root', ...state.roles.map(r => r.name)].filter(r => !held.includes(r));
  const role = user && (given?.role ?? (await roleOf(services.dialogs, roles, {}, undefined, title)));
  return !!user && !!role && applyAccessChange(services, { kind: 'grant role', user, role });
}

/** Revoke Role: from a role row under a user, that user's; else asked. */
export async function revokeRole(services: Services, invocation: Invocation, given?: { user: string; role: string }): Promise<boolean> {
  const title = 'ZTAP: Revoke Role';
  const state = await readAccessState(services, 'revoke a role');
  const row = nodeOf(invocation, RoleNode);
  const user = given?.user ?? row?.holder ?? (await userOf(services.dialogs, state, invocation, undefined, title));
  const held = state.users.find(u => u.name === user)?.roles ?? [];
  const role = user && (given?.role ?? (row?.holder ? row.role.name : await roleOf(services.dialogs, held, {}, undefined, title)));
  return !!user && !!role && applyAccessChange(services, { kind: 'revoke role', user, role }, `${user} loses what ${role} allows.`);
}

export async function addRole(services: Services, _invocation: Invocation, given?: string): Promise<boolean> {
  const state = await readAccessState(services, 'add a role');
  const role = given ?? (await askName(services.dialogs, 'ZTAP: Add Role', 'Name of the new role', ['root', ...state.roles.map(r => r.name)]));
  return !!role && applyAccessChange(services, { kind: 'add role', role });
}

export async function deleteRole(services: Services, invocation: Invocation, given?: string): Promise<boolean> {
  const state = await readAccessState(services, 'delete a role');
  const role = await roleOf(
    services.dialogs,
    state.roles.map(r => r.name),
    invocation,
    given,
    'ZTAP: Delete Role',
  );
  const holders = state.users.filter(u => role && u.roles.includes(role)).map(u => u.name);
  return !!role && applyAccessChange(services, { kind: 'delete role', role }, holders.length ? `Its users lose it: ${holders.join(', ')}.` : 'No user has it.');
}

/** Grant Permission: read, write or readwrite on a key or on every key under a prefix (a trailing /). */
export async function grantPermission(services: Services, invocation: Invocation, given?: { role: string; permission: KeyPermission }): Promise<boolean> {
  const title = 'ZTAP: Grant Permission';
  const { dialogs, connection } = services;
  const state = await readAccessState(services, 'grant a permission');
  const role =
    given?.role ??
    (await roleOf(
      dialogs,
      state.roles.map(r => r.name),
      invocation,
      undefined,
      title,
    ));
  if (!role) {
    return false;
  }
  let permission = given?.permission;
  if (!permission) {
    const type = (await dialogs.pick([{ label: 'readwrite' }, { label: 'read' }, { label: 'write' }], { title, placeHolder: `What may ${role} do?` }))
      ?.label as PermissionType | undefined;
    const key =
      type &&
      (await dialogs.ask({
        title,
        prompt: 'A key, or a prefix ending in / for every key under it',
        value: `${connection.config?.keyPrefix ?? '/ztap'}/`,
        validateInput: v => (v ? undefined : 'Name a key or a prefix.'),
      }));
    if (!type || !key) {
      return false;
    }
    const bytes = keyFromText(key);
    permission = { type, key: bytes, rangeEnd: key.endsWith('/') ? prefixRange(bytes).rangeEnd! : Buffer.alloc(0) };
  }
  return applyAccessChange(services, { kind: 'grant permission', role, permission });
}

/** Revoke Permission: the permission row it was invoked on, else picked from a role's. */
export async function revokePermission(services: Services, invocation: Invocation): Promise<boolean> {
  const title = 'ZTAP: Revoke Permission';
  const state = await readAccessState(services, 'revoke a permission');
  let row: { role: string; permission: KeyPermission } | undefined = nodeOf(invocation, PermissionNode);
  if (!row) {
    const role = await roleOf(
      services.dialogs,
      state.roles.map(r => r.name),
      invocation,
      undefined,
      title,
    );
    const permissions = state.roles.find(r => r.name === role)?.permissions ?? [];
    const picked =
      role &&
      (await services.dialogs.pick(
        permissions.map((p, i) => ({ label: `${p.type} ${p.key.toString()}`, index: i })),
        { title, placeHolder: 'Which permission?' },
      ));
    row = picked ? { role: role, permission: permissions[picked.index] } : undefined;
  }
  return (
    !!row &&
    applyAccessChange(
      services,
      { kind: 'revoke permission', role: row.role, key: row.permission.key, rangeEnd: row.permission.rangeEnd },
      `Users of ${row.role} lose it.`,
    )
  );
}

/**
 * Enable Auth: refused without a root user holding the root role; asks which user this
 * connection logs in as from then on and its password (kept in secret storage), so it
 * keeps working; the password is checked against etcd before auth goes on.
 */
export async function enableAuth(services: Services, _invocation: Invocation, given?: { user: string; password: string }): Promise<boolean> {
  const title = 'ZTAP: Enable Auth';
  const { dialogs } = services;
  const state = await readAccessState(services, 'enable auth');
  const candidates = state.users.map(u => ({ label: u.name, description: u.roles.join(', ') || 'no roles' }));
  const user = given?.user ?? (await dialogs.pick(candidates, { title, placeHolder: 'With auth on, this connection logs in as...' }))?.label;
  const password = user && (given?.password ?? (await dialogs.ask({ title, prompt: `Password of ${user} (kept in secret storage)`, password: true })));
  if (!user || !password) {
    return false;
  }
  if (!(await applyAccessChange(services, { kind: 'enable auth' }))) {
    return false;
  }
  await useUserForConnection(services, user, password);
  await services.connection.connect();
  return true;
}

/** Disable Auth: asks; then this connection logs in as nobody (etcd refuses a login while auth is off), so it keeps working. */
export async function disableAuth(services: Services): Promise<boolean> {
  const user = services.connection.config?.username;
  const detail = `Every client then has full access: reads and writes need no user.${user ? ` This connection stops logging in as ${user} (its password stays in secret storage).` : ''}`;
  if (!(await applyAccessChange(services, { kind: 'disable auth' }, detail))) {
    return false;
  }
  if (user) {
    await useUserForConnection(services, undefined);
    await services.connection.connect();
  }
  return true;
}

/**
 * Set Up ZTAP Access...: the guide's setup, what is missing of it (root with the root
 * role, a ztap user, ztap-role with readwrite on the ZTAP prefix, the grant, auth on),
 * then this connection logs in as ztap. Says what was there already; again: nothing.
 */
export async function setUpZtapAccess(
  services: Services,
  _invocation: Invocation,
  given?: { passwords: Record<string, string> },
): Promise<string[] | undefined> {
  const title = 'ZTAP: Set Up ZTAP Access';
  const { connection, dialogs, writes } = services;
  await readAccessState(services, 'set up ZTAP access');
  writes.refuseIfReadOnly('set up ZTAP access');
  const etcd = connection.requireSession().client;
  const plan = await planZtapAccess(etcd, { keyPrefix: connection.config?.keyPrefix ?? '/ztap', user: 'ztap', role: 'ztap-role' });
  if (plan.changes.length === 0) {
    void dialogs.inform(`ZTAP: nothing to change: ${plan.existed.join(', ')}.`);
    return [];
  }
  const passwords = new Map<string, string>();
  for (const user of plan.passwordsFor) {
    const password = given?.passwords[user] ?? (await askNewPassword(dialogs, title, user));
    if (!password) {
      return undefined;
    }
    passwords.set(user, password);
  }
  const detail = [
    `To do: ${plan.changes.map(c => (c.kind === 'add user' ? `add user ${c.user}` : c.kind === 'grant permission' ? `grant readwrite on ${c.permission.key.toString()} to ${c.role}` : c.kind === 'grant role' ? `grant ${c.role} to ${c.user}` : c.kind === 'add role' ? `add role ${c.role}` : c.kind)).join(', ')}.`,
  ];
  if (plan.existed.length) {
    detail.push(`Already there: ${plan.existed.join(', ')}.`);
  }
  detail.push('This connection then logs in as ztap (its password in secret storage).');
  if (!(await writes.allow('set up ZTAP access')) || !(await dialogs.confirm(`${title}?`, detail.join('\n\n'), 'Set Up'))) {
    return undefined;
  }
  const done = await runZtapAccessPlan(etcd, plan, passwords);
  writes.written(`access: ${done.join('; ')}`);
  const ztapPassword =
    passwords.get('ztap') ?? (await dialogs.ask({ title, prompt: 'Password of ztap, for this connection (kept in secret storage)', password: true }));
  if (ztapPassword) {
    await useUserForConnection(services, 'ztap', ztapPassword);
    await connection.connect();
  }
  services.tree.refresh();
  void dialogs.inform(`ZTAP: done: ${done.join(', ')}.${plan.existed.length ? ` Already there: ${plan.existed.join(', ')}.` : ''}`);
  return done;
}

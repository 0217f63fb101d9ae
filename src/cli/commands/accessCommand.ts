import { authEnabled, readAccess, readRole, readUser } from '../../core/access/accessReader';
import { Decision, describePermission, KeyPermission, KeyRange, prefixRange, Role } from '../../core/access/permissions';
import { decisionLine } from '../../core/access/decisionText';
import { checkAccess } from '../../core/access/accessCheck';
import { deniedOn } from '../../core/client/errors';
import { keyFromText, keyToText } from '../../core/keys/keyText';
import { keyArgument } from '../keyArgument';
import type { CliContext } from '../context';
import { formatTable } from '../output';
import { positional as required } from '../positional';

const permissionJson = (p: KeyPermission) => ({ type: p.type, key: keyToText(p.key), rangeEnd: keyToText(p.rangeEnd), means: describePermission(p) });

/** `ztap-etcd auth status`: whether etcd checks users and permissions. */
export async function authStatusCommand(ctx: CliContext): Promise<number> {
  const enabled = await authEnabled(await ctx.connect());
  ctx.out.result(
    () => ({ authEnabled: enabled }),
    () => [enabled ? 'Auth is enabled: every request needs a user, and its roles decide.' : 'Auth is disabled: every client may read and write every key.'],
  );
  return 0;
}

/** Every user and role: etcd lists them only to the root role (or with auth off); otherwise a denial naming `what`. */
async function readEveryone(ctx: CliContext, what: string) {
  const view = await readAccess(await ctx.connect());
  if (view.kind === 'limited') {
    throw deniedOn(new Error('permission denied'), { rootOnly: what }, ctx.config.username);
  }
  return view;
}

/** `ztap-etcd user ls`: every user with its roles (needs the root role when auth is on). */
export async function userListCommand(ctx: CliContext): Promise<number> {
  const view = await readEveryone(ctx, 'the user list');
  ctx.out.records(
    view.users,
    u => u,
    () =>
      view.users.length === 0
        ? ['No users.']
        : formatTable(
            ['USER', 'ROLES'],
            view.users.map(u => [u.name, u.roles.join(', ') || '-']),
          ),
  );
  return 0;
}

/** `ztap-etcd user get <user>`: the user's roles, and what each role permits. */
export async function userGetCommand(ctx: CliContext): Promise<number> {
  const etcd = await ctx.connect();
  const name = required(ctx, 1, 'user get <user>');
  const user = await readUser(etcd, name).catch(err => {
    throw deniedOn(err, `the user ${name}`, ctx.config.username);
  });
  const roles = await Promise.all(user.roles.map(role => readRole(etcd, role)));
  ctx.out.result(
    () => ({ name: user.name, roles: roles.map(r => ({ name: r.name, permissions: r.permissions.map(permissionJson) })) }),
    () => [`User ${user.name}`, ...(roles.length === 0 ? ['  no roles'] : roles.flatMap(roleLines))],
  );
  return 0;
}

/** `ztap-etcd role ls`: every role and what it permits. */
export async function roleListCommand(ctx: CliContext): Promise<number> {
  const view = await readEveryone(ctx, 'the role list');
  ctx.out.records(
    view.roles,
    r => ({ name: r.name, permissions: r.permissions.map(permissionJson) }),
    () => (view.roles.length === 0 ? ['No roles.'] : view.roles.flatMap(roleLines)),
  );
  return 0;
}

/** `ztap-etcd role get <role>`: its permissions, each as a key, a prefix or a range. */
export async function roleGetCommand(ctx: CliContext): Promise<number> {
  const name = required(ctx, 1, 'role get <role>');
  const role = await readRole(await ctx.connect(), name).catch(err => {
    throw deniedOn(err, `the role ${name}`, ctx.config.username);
  });
  ctx.out.result(
    () => ({ name: role.name, permissions: role.permissions.map(permissionJson) }),
    () => roleLines(role),
  );
  return 0;
}

function roleLines(role: Role): string[] {
  return [`Role ${role.name}`, ...(role.permissions.length === 0 ? ['  no permissions'] : role.permissions.map(p => `  ${describePermission(p)}`))];
}

/**
 * `ztap-etcd access check <user> <key> [--as-prefix]`: whether the user may read and
 * write the key (or every key starting with it), and which role's permission allows
 * it, or what would; decided from the user's roles as etcd decides.
 */
export async function accessCheckCommand(ctx: CliContext): Promise<number> {
  const userName = required(ctx, 1, 'access check <user> <key>');
  const keyText = keyArgument(ctx.args, required(ctx, 2, 'access check <user> <key>'), 'access check')!;
  const key = keyFromText(keyText);
  const asPrefix = ctx.args.values['as-prefix'] === true;
  const request: KeyRange = asPrefix ? prefixRange(key) : { key };
  const {
    authEnabled: enabled,
    user,
    read,
    write,
  } = await checkAccess(await ctx.connect(), userName, request).catch(err => {
    throw deniedOn(err, { rootOnly: `reading the roles of ${userName}` }, ctx.config.username);
  });
  const what = asPrefix ? `every key starting with ${keyText}` : keyText;
  ctx.out.result(
    () => ({ user: userName, key: keyText, asPrefix, authEnabled: enabled, read: decisionJson(read), write: decisionJson(write) }),
    () => [
      ...(enabled ? [] : ['Auth is off: etcd allows every request now. Once it is on:']),
      decisionLine(userName, 'read', what, read, user.roles),
      decisionLine(userName, 'write', what, write, user.roles),
    ],
  );
  return 0;
}

function decisionJson(d: Decision) {
  return d.allowed
    ? { allowed: true, because: d.because, grants: d.grants.map(g => ({ role: g.role, permission: permissionJson(g.permission) })) }
    : {
        allowed: false,
        partly: d.partly.map(g => ({ role: g.role, permission: permissionJson(g.permission) })),
        wanted: permissionJson(d.wanted),
      };
}

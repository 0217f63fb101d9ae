import { AccessChange, describeChange, makeChange, RefusedChange, refusal, takesOwnAccess, TAKES_AWAY } from '../../core/access/accessChanges';
import { readAccess } from '../../core/access/accessReader';
import { KeyPermission, PermissionType, prefixRange } from '../../core/access/permissions';
import { planZtapAccess, runZtapAccessPlan } from '../../core/access/ztapAccessSetup';
import { deniedOn } from '../../core/client/errors';
import { keyFromText } from '../../core/keys/keyText';
import { confirm, confirmByTyping as typed } from '../confirm';
import { positional as arg } from '../positional';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { SecretInput } from '../secretInput';
import { UsageError } from '../usageError';

const secrets = (ctx: CliContext) => new SecretInput(ctx.args.values['password-stdin'] === true);

/**
 * Makes one change through the guards: refused (exit 2, named) when it would leave
 * nobody able to manage etcd; a change that takes from the connection's own user what
 * it may do under ZTAP's prefix wants that user's name typed; a change that takes
 * something away asks (--yes off a terminal). Needs the root role (or auth off).
 */
async function change(ctx: CliContext, c: AccessChange): Promise<number> {
  const etcd = await ctx.connect();
  const self = ctx.config.username;
  const view = await readAccess(etcd, self);
  if (view.kind !== 'full') {
    throw deniedOn(new Error('permission denied'), { rootOnly: `${describeChange(c)} (changing users and roles)` }, self);
  }
  const reason = refusal(c, view);
  if (reason) {
    throw new RefusedChange(reason);
  }
  const loser = takesOwnAccess(c, view, self, prefixRange(Buffer.from(`${ctx.config.keyPrefix}/`)));
  const yes = ctx.args.values.yes === true;
  if (loser && !yes && !(await typed(`This takes from ${loser} (the user this connection logs in as) what it may do under ${ctx.config.keyPrefix}/.`, loser))) {
    process.stderr.write(`ztap-etcd: nothing changed (type ${loser} on a terminal, or pass --yes)\n`);
    return 1;
  }
  if (
    !loser &&
    TAKES_AWAY.has(c.kind) &&
    !yes &&
    !(await confirm(`${capital(describeChange(c))}${c.kind === 'disable auth' ? ' (every client then has full access)' : ''}?`))
  ) {
    process.stderr.write('ztap-etcd: nothing changed (confirm on a terminal, or pass --yes)\n');
    return 1;
  }
  await makeChange(etcd, c).catch(err => {
    throw deniedOn(err, { rootOnly: describeChange(c) }, self);
  });
  ctx.out.result(
    () => ({ done: describeChange(c) }),
    () => [`Done: ${describeChange(c)}${c.kind === 'enable auth' ? ' (from now on every request needs a user: --user, ZTAP_ETCD_USERNAME)' : ''}`],
  );
  return 0;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function userAddCommand(ctx: CliContext): Promise<number> {
  const user = arg(ctx, 1, 'user add <user>');
  const password = await secrets(ctx).read(`the password of ${user}`, true);
  return change(ctx, { kind: 'add user', user, password });
}

export const userDeleteCommand = (ctx: CliContext) => change(ctx, { kind: 'delete user', user: arg(ctx, 1, 'user del <user>') });

export async function userPasswordCommand(ctx: CliContext): Promise<number> {
  const user = arg(ctx, 1, 'user passwd <user>');
  const password = await secrets(ctx).read(`the new password of ${user}`, true);
  return change(ctx, { kind: 'change password', user, password });
}

export const userGrantRoleCommand = (ctx: CliContext) =>
  change(ctx, { kind: 'grant role', user: arg(ctx, 1, 'user grant-role <user> <role>'), role: arg(ctx, 2, 'user grant-role <user> <role>') });

export const userRevokeRoleCommand = (ctx: CliContext) =>
  change(ctx, { kind: 'revoke role', user: arg(ctx, 1, 'user revoke-role <user> <role>'), role: arg(ctx, 2, 'user revoke-role <user> <role>') });

export const roleAddCommand = (ctx: CliContext) => change(ctx, { kind: 'add role', role: arg(ctx, 1, 'role add <role>') });

export const roleDeleteCommand = (ctx: CliContext) => change(ctx, { kind: 'delete role', role: arg(ctx, 1, 'role del <role>') });

/** The key range of `role grant|revoke`: a key, with --as-prefix every key starting with it, or [key, end). */
function rangeArgs(ctx: CliContext, keyIndex: number, usage: string): { key: Buffer; rangeEnd: Buffer } {
  const key = keyFromText(keyArgument(ctx.args, arg(ctx, keyIndex, usage), usage)!);
  const end = keyArgument(ctx.args, ctx.args.positionals[keyIndex + 1], usage);
  if (ctx.args.values['as-prefix'] === true) {
    if (end !== undefined) {
      throw new UsageError(`${usage}: a range end does not go with --as-prefix`);
    }
    return { key, rangeEnd: prefixRange(key).rangeEnd! };
  }
  return { key, rangeEnd: end === undefined ? Buffer.alloc(0) : keyFromText(end) };
}

export function roleGrantCommand(ctx: CliContext): Promise<number> {
  const usage = 'role grant <role> <read|write|readwrite> <key> [end]';
  const role = arg(ctx, 1, usage);
  const type = arg(ctx, 2, usage);
  if (!['read', 'write', 'readwrite'].includes(type)) {
    throw new UsageError(`${usage}: "${type}" is not read, write or readwrite`);
  }
  const permission: KeyPermission = { type: type as PermissionType, ...rangeArgs(ctx, 3, usage) };
  return change(ctx, { kind: 'grant permission', role, permission });
}

export function roleRevokeCommand(ctx: CliContext): Promise<number> {
  const usage = 'role revoke <role> <key> [end]';
  return change(ctx, { kind: 'revoke permission', role: arg(ctx, 1, usage), ...rangeArgs(ctx, 2, usage) });
}

export const authEnableCommand = (ctx: CliContext) => change(ctx, { kind: 'enable auth' });

export const authDisableCommand = (ctx: CliContext) => change(ctx, { kind: 'disable auth' });

/**
 * `ztap-etcd setup-access [--ztap-user ztap]`: the guide's setup, what is missing of it:
 * root with the root role, the user, `<user>-role` with readwrite on `{prefix}/`, the
 * grant, auth enabled. Passwords only for the users it adds (root's first). Again: nothing.
 */
export async function setupAccessCommand(ctx: CliContext): Promise<number> {
  const user = typeof ctx.args.values['ztap-user'] === 'string' ? ctx.args.values['ztap-user'] : 'ztap';
  const etcd = await ctx.connect();
  const plan = await planZtapAccess(etcd, { keyPrefix: ctx.config.keyPrefix, user, role: `${user}-role` }).catch(err => {
    throw deniedOn(err, { rootOnly: 'setting up access' }, ctx.config.username);
  });
  const input = secrets(ctx);
  const passwords = new Map<string, string>();
  for (const name of plan.passwordsFor) {
    passwords.set(name, await input.read(`the password of the new user ${name}`, true));
  }
  const done = await runZtapAccessPlan(etcd, plan, passwords);
  ctx.out.result(
    () => ({ done, existed: plan.existed }),
    () => [
      ...done.map(d => `Done: ${d}`),
      ...plan.existed.map(e => `Already there: ${e}`),
      done.length === 0
        ? "Nothing to change: the guide's setup is complete."
        : `Connect as ${user} from now on (--user ${user}, ZTAP_ETCD_USERNAME=${user} and ZTAP_ETCD_PASSWORD).`,
    ],
  );
  return 0;
}

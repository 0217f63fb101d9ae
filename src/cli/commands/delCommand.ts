import { homedir } from 'os';
import { join } from 'path';
import { deniedOn } from '../../core/client/errors';
import { deleteWithRecovery, planDelete } from '../../core/writes/bulkWrites';
import { guardedDelete } from '../../core/writes/guardedWrites';
import { keyToText } from '../../core/keys/keyText';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { UsageError } from '../usageError';
import { expectationFromArgs } from './writeArgs';
import { confirm } from '../confirm';

/** Where the CLI keeps what it deleted, so `ztap-etcd import <file>` can put it back. */
export function recoveryDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'ztap-etcd', 'recovery');
}

/**
 * `ztap-etcd del <key> [-r] [--dry-run] [--if-mod-revision N] [--yes]`. `-r` deletes
 * `<key>` and every key under `<key>/` (a trailing slash is not doubled); it prints the
 * count first and, without --yes, asks on a terminal and refuses otherwise. Every
 * deleted key and value is first saved to a recovery file.
 */
export async function delCommand(ctx: CliContext): Promise<number> {
  const key = keyArgument(ctx.args, ctx.args.positionals[0], 'del');
  if (key === undefined || key === '') {
    throw new UsageError(`del needs a key${key === '' ? ' (it was empty)' : ''}: ztap-etcd del <key> [-r]`);
  }
  const v = ctx.args.values;
  const recursive = v.recursive === true;
  const expect = expectationFromArgs(ctx.args, 'del');
  if (expect.kind === 'absent') {
    throw new UsageError('del does not take --if-absent');
  }
  if (recursive && expect.kind !== 'any') {
    throw new UsageError('--if-mod-revision guards one key: it does not go with -r');
  }
  const etcd = await ctx.connect();
  const subtree = { key, recursive };
  const plan = await planDelete(etcd, subtree).catch(err => {
    throw deniedOn(err, { op: 'read', key, prefix: recursive }, ctx.config.username);
  });
  const keys = plan.kvs.map(kv => keyToText(kv.key));
  if (v['dry-run']) {
    ctx.out.result(
      () => ({ dryRun: true, revision: plan.revision, count: keys.length, keys }),
      () => [...keys.map(k => `would delete ${k}`), `${keys.length} key${keys.length === 1 ? '' : 's'} would be deleted (nothing was)`],
    );
    return 0;
  }
  if (expect.kind === 'mod') {
    const result = await guardedDelete(etcd, key, expect);
    report(ctx, { deleted: result.deleted, changed: [], revision: result.revision });
    return 0;
  }
  if (
    recursive &&
    keys.length > 0 &&
    !v.yes &&
    !(await confirm(`Delete ${keys.length} key${keys.length === 1 ? '' : 's'} (${key} and under ${key.replace(/\/$/, '')}/)?`))
  ) {
    process.stderr.write('ztap-etcd: nothing deleted (confirm on a terminal, or pass --yes)\n');
    return 1;
  }
  const result = await deleteWithRecovery(etcd, subtree, plan, recoveryDir());
  report(ctx, { ...result, revision: plan.revision });
  return 0;
}

function report(ctx: CliContext, r: { deleted: number; changed: string[]; recoveryFile?: string; revision: string }): void {
  ctx.out.result(
    () => ({ deleted: r.deleted, changed: r.changed, recoveryFile: r.recoveryFile ?? null }),
    () => [
      `Deleted ${r.deleted} key${r.deleted === 1 ? '' : 's'}`,
      ...r.changed.map(k => `left ${k}: changed by someone else since it was read`),
      ...(r.recoveryFile ? [`Saved first to ${r.recoveryFile} (put back with: ztap-etcd import ${r.recoveryFile})`] : []),
    ],
  );
}

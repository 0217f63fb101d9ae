import { deniedOn } from '../../core/client/errors';
import { moveKey } from '../../core/writes/guardedWrites';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { UsageError } from '../usageError';

/** `ztap-etcd mv <from> <to>`: one transaction; `to` must not exist, `from` must be unchanged. */
export async function mvCommand(ctx: CliContext): Promise<number> {
  const from = keyArgument(ctx.args, ctx.args.positionals[0], 'mv');
  const to = keyArgument(ctx.args, ctx.args.positionals[1], 'mv');
  if (!from || !to) {
    throw new UsageError('mv needs two keys: ztap-etcd mv <from> <to>');
  }
  const result = await moveKey(await ctx.connect(), from, to).catch(err => {
    throw deniedOn(err, `${from} or ${to}`, ctx.config.username);
  });
  ctx.out.result(
    () => ({ from, to, revision: result.revision }),
    () => [`Moved ${from} to ${to} at revision ${result.revision}`],
  );
  return 0;
}

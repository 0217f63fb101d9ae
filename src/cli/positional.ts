import type { CliContext } from './context';
import { UsageError } from './usageError';

/** The argument at `index` of the positionals (a subcommand's word is 0), or a usage error naming the usage. */
export function positional(ctx: CliContext, index: number, usage: string): string {
  const value = ctx.args.positionals[index];
  if (value === undefined || value === '') {
    throw new UsageError(`missing argument: ztap-etcd ${usage}`);
  }
  return value;
}

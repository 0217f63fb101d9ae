import { readAtRevision } from '../../core/history/pastRevision';
import { getKey, keyValueToJson, readKey } from '../../core/values/getKey';
import { revisionOption } from './revisionOption';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { UsageError } from '../usageError';
import { deniedOn, EtcdFailure } from '../../core/client/errors';

/** `ztap-etcd get <key> [--rev N]`: the raw bytes on stdout, or the JSON record (as it was at revision N). */
export async function getCommand(ctx: CliContext): Promise<number> {
  const key = keyArgument(ctx.args, ctx.args.positionals[0], 'get');
  if (key === undefined || key === '') {
    throw new UsageError(`get needs a key${key === '' ? ' (it was empty)' : ''}: ztap-etcd get <key>`);
  }
  const revision = revisionOption(ctx.args.values.rev, '--rev');
  const etcd = await ctx.connect();
  const record = await (
    revision === undefined ? getKey(etcd, key) : readAtRevision(etcd, revision, async () => (await readKey(etcd, key, revision.toString())).record)
  ).catch(err => {
    throw deniedOn(err, { op: 'read', key }, ctx.config.username);
  });
  if (!record) {
    throw new EtcdFailure('error', `Key ${JSON.stringify(key)} does not exist${revision === undefined ? '' : ` at revision ${revision}`}.`);
  }
  ctx.out.result(
    () => keyValueToJson(record),
    () => record.value,
  );
  return 0;
}

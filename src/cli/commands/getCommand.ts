import { getKey, keyValueToJson } from '../../core/values/getKey';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { UsageError } from '../usageError';
import { deniedOn, EtcdFailure } from '../../core/client/errors';

/** `ztap-etcd get <key>`: the raw bytes on stdout, or the JSON record. */
export async function getCommand(ctx: CliContext): Promise<number> {
  const key = keyArgument(ctx.args, ctx.args.positionals[0], 'get');
  if (key === undefined || key === '') {
    throw new UsageError(`get needs a key${key === '' ? ' (it was empty)' : ''}: ztap-etcd get <key>`);
  }
  const record = await getKey(await ctx.connect(), key).catch(err => {
    throw deniedOn(err, { op: 'read', key }, ctx.config.username);
  });
  if (!record) {
    throw new EtcdFailure('error', `Key ${JSON.stringify(key)} does not exist.`);
  }
  ctx.out.result(
    () => keyValueToJson(record),
    () => record.value,
  );
  return 0;
}

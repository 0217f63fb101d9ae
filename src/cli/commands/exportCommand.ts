import { deniedOn } from '../../core/client/errors';
import { keyArgument } from '../keyArgument';
import { entryOf, readSubtree, writeKeysFile } from '../../core/writes/keysFile';
import type { CliContext } from '../context';
import { printJson, printLines } from '../output';
import { UsageError } from '../usageError';

/** `ztap-etcd export <prefix> [--out F]`: every key under the folder at one revision, as JSON. */
export async function exportCommand(ctx: CliContext): Promise<number> {
  const prefix = keyArgument(ctx.args, ctx.args.positionals[0], 'export');
  if (!prefix) {
    throw new UsageError('export needs a folder: ztap-etcd export <prefix> [--out file]');
  }
  const out = typeof ctx.args.values.out === 'string' ? ctx.args.values.out : undefined;
  const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const { revision, kvs } = await readSubtree(await ctx.connect(), { key: folder, recursive: true }).catch(err => {
    throw deniedOn(err, folder);
  });
  const entries = kvs.map(kv => entryOf(kv, false));
  if (out === undefined) {
    process.stdout.write(`${JSON.stringify({ revision, prefix: folder, keys: entries })}\n`);
    return 0;
  }
  const count = await writeKeysFile(out, { revision, prefix: folder }, entries);
  if (ctx.args.json) {
    printJson({ path: out, revision, count });
  } else {
    printLines([`Exported ${count} key${count === 1 ? '' : 's'} under ${folder} at revision ${revision} to ${out}`]);
  }
  return 0;
}

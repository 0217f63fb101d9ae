import { once } from 'events';
import { deniedOn } from '../../core/client/errors';
import { folderPrefix } from '../../core/keys/keyRange';
import { exportToFile, KEYS_FILE_TAIL, readKeysFileText } from '../../core/writes/keysFile';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { UsageError } from '../usageError';

/**
 * `ztap-etcd export <prefix> [--out F]`: every key under the folder at one revision, as
 * JSON, a page at a time (a large folder is never held in memory); to stdout, or to F
 * written whole or not at all.
 */
export async function exportCommand(ctx: CliContext): Promise<number> {
  const prefix = keyArgument(ctx.args, ctx.args.positionals[0], 'export');
  if (!prefix) {
    throw new UsageError('export needs a folder: ztap-etcd export <prefix> [--out file]');
  }
  const out = typeof ctx.args.values.out === 'string' ? ctx.args.values.out : undefined;
  const folder = folderPrefix(prefix);
  const etcd = await ctx.connect();
  if (out === undefined) {
    await readKeysFileText(
      etcd,
      folder,
      async text => {
        if (!process.stdout.write(text)) {
          await once(process.stdout, 'drain'); // a slow reader holds the next page back
        }
      },
      compacted => {
        // What is printed cannot be taken back: say so rather than print two revisions.
        throw new Error(`etcd compacted revision ${compacted} during the export; run it again, or use --out (a file starts over by itself)`);
      },
    ).catch(err => {
      throw deniedOn(err, { op: 'read', key: folder, prefix: true }, ctx.config.username);
    });
    process.stdout.write(KEYS_FILE_TAIL);
    return 0;
  }
  const { revision, count } = await exportToFile(etcd, folder, out).catch(err => {
    throw deniedOn(err, { op: 'read', key: folder, prefix: true }, ctx.config.username);
  });
  ctx.out.result(
    () => ({ path: out, revision, count }),
    () => [`Exported ${count} key${count === 1 ? '' : 's'} under ${folder} at revision ${revision} to ${out}`],
  );
  return 0;
}

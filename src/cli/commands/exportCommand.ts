import { deniedOn } from '../../core/client/errors';
import { folderPrefix, prefixRangeEnd } from '../../core/keys/keyRange';
import { keyFromText } from '../../core/keys/keyText';
import { readRangePaged } from '../../core/keys/pagedRange';
import { entryOf, exportToFile, KEYS_FILE_TAIL, keysFileHead, keysFileLine } from '../../core/writes/keysFile';
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
    let count = 0;
    let started = false;
    const key = keyFromText(folder);
    const onRestart = (compacted: string) => {
      // What is printed cannot be taken back: say so rather than print two revisions.
      throw new Error(`etcd compacted revision ${compacted} during the export; run it again, or use --out (a file starts over by itself)`);
    };
    await readRangePaged(etcd, { key, rangeEnd: prefixRangeEnd(key), keysOnly: false, onRestart }, (kvs, revision) => {
      const head = started ? '' : keysFileHead(revision, folder);
      started = true;
      process.stdout.write(head + kvs.map(kv => keysFileLine(count++, entryOf(kv, false))).join(''));
    }).catch(err => {
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

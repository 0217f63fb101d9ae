import { isCompactedError } from '../../core/client/etcd3Adapter';
import { deniedOn } from '../../core/client/errors';
import { KeyListing, listChildren } from '../../core/keys/listChildren';
import { listChildrenCounted } from '../../core/keys/countedChildren';
import { keyFromText, keyToJson } from '../../core/keys/keyText';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { printJson, printLines } from '../output';

/** `ztap-etcd ls [prefix]`: the immediate children of a folder, with key counts. */
export async function lsCommand(ctx: CliContext): Promise<number> {
  const prefix = keyArgument(ctx.args, ctx.args.positionals[0], 'ls') ?? `${ctx.config.keyPrefix}/`;
  const etcd = await ctx.connect();
  // Counting first (listChildrenCounted); a compaction under its pinned revision: read it whole, which starts over.
  const listing: KeyListing = await listChildrenCounted(etcd, prefix, { meta: false })
    .catch(err => {
      if (isCompactedError(err)) {
        return listChildren(etcd, prefix);
      }
      throw err;
    })
    .catch(err => {
      throw deniedOn(err, prefix);
    });
  if (listing.restartedFrom && ctx.args.debug) {
    process.stderr.write(`ztap-etcd: revision ${listing.restartedFrom} was compacted during the listing; listed again at revision ${listing.revision}\n`);
  }
  if (ctx.args.json) {
    const children = listing.children.map(({ name, isKey, isFolder, keys }) => ({ ...nameJson(name), isKey, isFolder, keys }));
    printJson({ prefix: listing.prefix, revision: listing.revision, children });
    return 0;
  }
  const lines = listing.children.map(c => {
    const label = c.isFolder ? `${c.name}/` : c.name;
    const also = c.isFolder && c.isKey ? ' (also a key)' : '';
    return c.isFolder ? `${label}  ${c.keys} key${c.keys === 1 ? '' : 's'}${also}` : label;
  });
  printLines(lines.length ? lines : [`(no keys under ${listing.prefix})`]);
  return 0;
}

/** A child's name exactly: `name`, plus `"nameEncoding":"base64"` when its bytes are not UTF-8. */
function nameJson(name: string): { name: string; nameEncoding?: 'base64' } {
  const { key, keyEncoding } = keyToJson(keyFromText(name));
  return keyEncoding ? { name: key, nameEncoding: keyEncoding } : { name: key };
}

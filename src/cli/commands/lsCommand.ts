import { deniedOn } from '../../core/client/errors';
import { listFolder } from '../../core/keys/listFolder';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { printListing } from '../listingOutput';

/** `ztap-etcd ls [prefix]`: the immediate children of a folder, with key counts. */
export async function lsCommand(ctx: CliContext): Promise<number> {
  const prefix = keyArgument(ctx.args, ctx.args.positionals[0], 'ls') ?? `${ctx.config.keyPrefix}/`;
  const etcd = await ctx.connect();
  const { listing } = await listFolder(etcd, prefix, { meta: false }).catch(err => {
    throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, ctx.config.username);
  });
  if (listing.restartedFrom && ctx.args.debug) {
    process.stderr.write(`ztap-etcd: revision ${listing.restartedFrom} was compacted during the listing; listed again at revision ${listing.revision}\n`);
  }
  printListing(ctx, listing);
  return 0;
}

import { deniedOn } from '../../core/client/errors';
import { readAtRevision } from '../../core/history/pastRevision';
import { listChildren } from '../../core/keys/listChildren';
import { listFolder } from '../../core/keys/listFolder';
import { revisionOption } from './revisionOption';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { printListing } from '../listingOutput';

/** `ztap-etcd ls [prefix] [--rev N]`: the immediate children of a folder, with key counts (as they were at revision N). */
export async function lsCommand(ctx: CliContext): Promise<number> {
  const prefix = keyArgument(ctx.args, ctx.args.positionals[0], 'ls') ?? `${ctx.config.keyPrefix}/`;
  const revision = revisionOption(ctx.args.values.rev, '--rev');
  const etcd = await ctx.connect();
  const read = () =>
    revision === undefined
      ? listFolder(etcd, prefix, { meta: false })
      : readAtRevision(etcd, revision, async () => ({ listing: await listChildren(etcd, prefix, { revision: revision.toString() }) }));
  const { listing } = await read().catch(err => {
    throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, ctx.config.username);
  });
  if (listing.restartedFrom && ctx.args.debug) {
    process.stderr.write(`ztap-etcd: revision ${listing.restartedFrom} was compacted during the listing; listed again at revision ${listing.revision}\n`);
  }
  printListing(ctx, listing);
  return 0;
}

import { deniedOn } from '../../core/client/errors';
import { defragmentMember } from '../../core/cluster/maintenance';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';

/** `ztap-etcd defrag`: defragments each endpoint given (one at a time: each stops serving while it runs). */
export async function defragCommand(ctx: CliContext): Promise<number> {
  await ctx.connect();
  for (const endpoint of ctx.config.endpoints) {
    const r = await defragmentMember(ctx.config, endpoint).catch(err => {
      throw deniedOn(err, { rootOnly: `defragmentation of ${endpoint.original}` }, ctx.config.username);
    });
    // Each member as it is done: the next one may take a while.
    ctx.out.records(
      [r],
      done => done,
      () => [`${endpoint.original}: ${formatBytes(r.before.dbSize)} -> ${formatBytes(r.after.dbSize)} (in use ${formatBytes(r.after.dbSizeInUse)})`],
    );
  }
  return 0;
}

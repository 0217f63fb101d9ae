import { compactTo, revisionKeeping } from '../../core/cluster/maintenance';
import { deniedOn } from '../../core/client/errors';
import type { CliContext } from '../context';
import { confirm } from '../confirm';
import { UsageError } from '../usageError';
import { revisionOption } from './revisionOption';

/** `ztap-etcd compact <revision|--keep N>`: drops etcd's history before the revision (asks first). */
export async function compactCommand(ctx: CliContext): Promise<number> {
  const given = revisionOption(ctx.args.positionals[0], 'the revision');
  const keepText = ctx.args.values.keep;
  if ((given === undefined) === (keepText === undefined)) {
    throw new UsageError('compact needs a revision or --keep N (the number of latest revisions to keep), not both');
  }
  if (keepText !== undefined && (typeof keepText !== 'string' || !/^\d+$/.test(keepText))) {
    throw new UsageError(`--keep must be a number of revisions, such as 1000 (got ${JSON.stringify(keepText)})`);
  }
  const etcd = await ctx.connect();
  const { current, revision: keeping } = await revisionKeeping(etcd, keepText === undefined ? 0 : Number(keepText), `${ctx.config.keyPrefix}/`);
  const revision = given ?? keeping;
  if (revision > current) {
    throw new UsageError(`revision ${revision} is in the future: etcd is at revision ${current}`);
  }
  const question = `Compact etcd's history up to revision ${revision} (etcd is at ${current})? Every watcher and tool loses the history before it.`;
  if (ctx.args.values.yes !== true && !(await confirm(question))) {
    process.stderr.write('ztap-etcd: nothing compacted (confirm on a terminal, or pass --yes)\n');
    return 1;
  }
  await compactTo(etcd, revision).catch(err => {
    throw deniedOn(err, { rootOnly: 'compaction' }, ctx.config.username);
  });
  ctx.out.result(
    () => ({ compactedTo: revision.toString(), current: current.toString() }),
    () => [`Compacted etcd's history up to revision ${revision} (current revision ${current}).`],
  );
  return 0;
}

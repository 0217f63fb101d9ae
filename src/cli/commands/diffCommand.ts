import { classifyError, deniedOn } from '../../core/client/errors';
import { readPrefixChanges } from '../../core/history/prefixChanges';
import { changeTree } from '../changeTree';
import { UsageError } from '../usageError';
import { revisionOption } from './revisionOption';
import { compareFolders, FolderComparison } from '../../core/compare/folderCompare';
import { folderPrefix } from '../../core/keys/keyRange';
import { describeConnection } from '../../core/config/connectionConfig';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { otherClusterConfig, withOtherCluster } from '../otherCluster';

/**
 * `ztap-etcd diff <prefix> --against-endpoints E [--against-prefix P] [--leases]`:
 * how the folder on the other cluster differs from this one, key by key (names
 * relative to the folders), values as bytes, each side read at one revision; or
 * `diff <prefix> --from-rev A [--to-rev B]`: what changed under it after A, as a tree.
 */
export async function diffCommand(ctx: CliContext): Promise<number> {
  const prefix = folderPrefix(keyArgument(ctx.args, ctx.args.positionals[0], 'diff') ?? `${ctx.config.keyPrefix}/`);
  const from = revisionOption(ctx.args.values['from-rev'], '--from-rev');
  if (from !== undefined) {
    return diffRevisions(ctx, prefix, from, revisionOption(ctx.args.values['to-rev'], '--to-rev'));
  }
  if (ctx.args.values['to-rev'] !== undefined) {
    throw new UsageError('--to-rev needs --from-rev: diff <prefix> --from-rev A [--to-rev B]');
  }
  const other = otherClusterConfig(ctx.args, 'against', ctx.config);
  const againstPrefix = typeof ctx.args.values['against-prefix'] === 'string' ? folderPrefix(ctx.args.values['against-prefix']) : prefix;
  const here = await ctx.connect();
  const comparison = await withOtherCluster(other, there =>
    compareFolders(
      { etcd: here, prefix, label: describeConnection(ctx.config) },
      { etcd: there, prefix: againstPrefix, label: describeConnection(other) },
      { leases: ctx.args.values.leases === true },
    ).catch(err => {
      throw classifyError(err);
    }),
  );
  printComparison(ctx, comparison);
  return 0;
}

/** `diff <prefix> --from-rev A [--to-rev B]`: what changed under the folder after A (up to B), as a tree. */
async function diffRevisions(ctx: CliContext, prefix: string, from: bigint, to: bigint | undefined): Promise<number> {
  if (to !== undefined && to < from) {
    throw new UsageError(`--to-rev ${to} is before --from-rev ${from}`);
  }
  const result = await readPrefixChanges(await ctx.connect(), prefix, from, to).catch(err => {
    if (err instanceof RangeError) {
      throw new UsageError(err.message);
    }
    throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, ctx.config.username);
  });
  ctx.out.result(
    () => ({
      prefix,
      from: result.from.toString(),
      to: result.to.toString(),
      changes: result.changes.map(c => ({ key: c.key, kind: c.change, toRevision: c.toRevision.toString() })),
    }),
    () => [
      `after revision ${result.from} up to ${result.to}:`,
      ...changeTree(
        prefix,
        result.changes.map(c => ({ key: c.key, kind: c.change })),
      ),
    ],
  );
  return 0;
}

function printComparison(ctx: CliContext, c: FolderComparison): void {
  const sign = { added: '+', deleted: '-', changed: '~' } as const;
  const sizes = (ch: FolderComparison['changes'][number]) =>
    ch.kind === 'changed' ? `${formatBytes(ch.before!.size)} here, ${formatBytes(ch.after!.size)} there` : ch.kind === 'added' ? 'only there' : 'only here';
  ctx.out.result(
    () => ({
      here: c.left,
      there: c.right,
      leasesCompared: c.leasesCompared,
      counts: { onlyThere: c.counts.added, onlyHere: c.counts.deleted, differ: c.counts.changed, same: c.counts.same },
      changes: c.changes.map(ch => ({
        key: ch.key,
        kind: ch.kind === 'added' ? 'only there' : ch.kind === 'deleted' ? 'only here' : 'differs',
        ...(ch.before ? { here: ch.before } : {}),
        ...(ch.after ? { there: ch.after } : {}),
      })),
    }),
    () => [
      `here:  ${c.left.label} ${c.left.prefix} at revision ${c.left.revision}`,
      `there: ${c.right.label} ${c.right.prefix} at revision ${c.right.revision}`,
      ...c.changes.map(ch => `${sign[ch.kind]} ${ch.key}  (${sizes(ch)})`),
      `${c.counts.added} only there, ${c.counts.deleted} only here, ${c.counts.changed} differ, ${c.counts.same} the same${c.leasesCompared ? ' (leases compared)' : ''}`,
    ],
  );
}

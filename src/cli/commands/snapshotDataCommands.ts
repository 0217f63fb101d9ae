import { existsSync, statSync } from 'fs';
import { EtcdFailure } from '../../core/client/errors';
import { BboltError } from '../../core/snapshot/bboltReader';
import { compareSnapshots, compareSnapshotWithLive, SnapshotComparison } from '../../core/snapshot/snapshotDiff';
import { SnapshotIndex } from '../../core/snapshot/snapshotIndex';
import { keyValueToJson } from '../../core/values/getKey';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { printListing } from '../listingOutput';
import { UsageError } from '../usageError';

/**
 * `snapshot ls <file> [prefix]`, `snapshot get <file> <key>`, `snapshot diff <file>
 * [prefix] [--live | --against FILE]`: a snapshot file read as the keys etcd would
 * serve from it (core/snapshot/snapshotIndex.ts), with no etcd running, except
 * `diff --live`, which reads the cluster of --endpoints.
 */
export async function snapshotDataCommand(ctx: CliContext, sub: 'ls' | 'get' | 'diff', file: string, argument: string | undefined): Promise<number> {
  const index = openIndex(file);
  try {
    switch (sub) {
      case 'ls': {
        const prefix = keyArgument(ctx.args, argument, 'snapshot ls') ?? `${ctx.config.keyPrefix}/`;
        printListing(ctx, index.list(prefix));
        return 0;
      }
      case 'get': {
        const key = keyArgument(ctx.args, argument, 'snapshot get');
        if (key === undefined || key === '') {
          throw new UsageError(`snapshot get needs a key${key === '' ? ' (it was empty)' : ''}: ztap-etcd snapshot get <file> <key>`);
        }
        const entry = index.get(key);
        if (!entry) {
          throw new EtcdFailure('error', `Key ${JSON.stringify(key)} is not in ${file} (revision ${index.revision}).`);
        }
        ctx.out.result(
          () => keyValueToJson(entry),
          () => entry.value,
        );
        return 0;
      }
      case 'diff':
        return await diff(ctx, index, keyArgument(ctx.args, argument, 'snapshot diff') ?? `${ctx.config.keyPrefix}/`);
    }
  } finally {
    index.close();
  }
}

async function diff(ctx: CliContext, index: SnapshotIndex, prefix: string): Promise<number> {
  const against = ctx.args.values.against as string | undefined;
  if (against !== undefined && ctx.args.values.live) {
    throw new UsageError('snapshot diff compares with --live or with --against FILE, not both');
  }
  let comparison: SnapshotComparison;
  if (against !== undefined) {
    const other = openIndex(against);
    try {
      comparison = await compareSnapshots(index, other, prefix);
    } finally {
      other.close();
    }
  } else {
    comparison = await compareSnapshotWithLive(index, await ctx.connect(), prefix);
  }
  const { from, to, counts, changes } = comparison;
  const target = against !== undefined ? `${to.label} (revision ${to.revision})` : `the live cluster (revision ${to.revision})`;
  const mark = { added: '+', changed: '~', deleted: '-' } as const;
  ctx.out.result(
    () => comparison,
    () => [
      `Comparing ${from.label} (revision ${from.revision}) with ${target} under ${comparison.prefix || 'every key'}:`,
      ...changes.map(c => {
        const size = c.kind === 'changed' ? `: ${formatBytes(c.before!.size)} -> ${formatBytes(c.after!.size)}` : '';
        return `${mark[c.kind]} ${c.key}  (${c.kind}${size})`;
      }),
      `${changes.length} change${changes.length === 1 ? '' : 's'}: ${counts.added} added, ${counts.changed} changed, ${counts.deleted} deleted; ${counts.same} the same`,
    ],
  );
  return 0;
}

/** The file as a snapshot index; a missing file or a folder is bad input (exit 2), a damaged one a failure naming it. */
function openIndex(file: string): SnapshotIndex {
  if (!existsSync(file)) {
    throw new UsageError(`${file} does not exist`);
  }
  if (statSync(file).isDirectory()) {
    throw new UsageError(`${file} is a folder, not a snapshot file: give the path of a .db file`);
  }
  try {
    return SnapshotIndex.open(file);
  } catch (err) {
    if (err instanceof BboltError) {
      throw new EtcdFailure('error', `${file}: ${err.message}`);
    }
    throw err;
  }
}

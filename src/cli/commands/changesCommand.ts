import { deniedOn } from '../../core/client/errors';
import { readPrefixChanges } from '../../core/history/prefixChanges';
import { keyFromText, keyToJson } from '../../core/keys/keyText';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { formatTable } from '../output';
import { UsageError } from '../usageError';
import { revisionOption } from './revisionOption';

/** `ztap-etcd changes <prefix> --from REV [--to REV]`: what was added, changed and deleted after REV. */
export async function changesCommand(ctx: CliContext): Promise<number> {
  const prefix = keyArgument(ctx.args, ctx.args.positionals[0], 'changes') ?? `${ctx.config.keyPrefix}/`;
  const from = revisionOption(ctx.args.values.from, '--from');
  if (from === undefined) {
    throw new UsageError('changes needs --from REV: the revision to compare with (changes after it are listed)');
  }
  const to = revisionOption(ctx.args.values.to, '--to');
  if (to !== undefined && to < from) {
    throw new UsageError(`--to ${to} is before --from ${from}`);
  }
  const result = await readPrefixChanges(await ctx.connect(), prefix, from, to).catch(err => {
    if (err instanceof RangeError) {
      throw new UsageError(err.message);
    }
    throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, ctx.config.username);
  });
  ctx.out.records(
    result.changes,
    c => ({
      ...keyToJson(keyFromText(c.key)),
      change: c.change,
      fromRevision: c.fromRevision === undefined ? null : c.fromRevision.toString(),
      toRevision: c.toRevision.toString(),
    }),
    () => {
      const counts = (['added', 'changed', 'deleted'] as const).map(kind => `${result.changes.filter(c => c.change === kind).length} ${kind}`);
      const transient = result.transient ? `, ${result.transient} created and deleted again (not listed)` : '';
      const lines = [`${prefix}: ${counts.join(', ')} after revision ${result.from} up to ${result.to}${transient}`];
      if (result.changes.length) {
        lines.push(
          ...formatTable(
            ['CHANGE', 'FROM', 'TO', 'KEY'],
            result.changes.map(c => [c.change, c.fromRevision?.toString() ?? '-', c.toRevision.toString(), c.key]),
          ),
        );
      }
      return lines;
    },
  );
  return 0;
}

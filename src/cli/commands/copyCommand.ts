import { classifyError } from '../../core/client/errors';
import { applyCopy, CopyPlan, planCopy } from '../../core/compare/folderCopy';
import { describeConnection } from '../../core/config/connectionConfig';
import { folderPrefix } from '../../core/keys/keyRange';
import { keyToText } from '../../core/keys/keyText';
import { confirm } from '../confirm';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { otherClusterConfig, withOtherCluster } from '../otherCluster';
import { UsageError } from '../usageError';

/**
 * `ztap-etcd copy <prefix> --to-endpoints E [--to-prefix P] [--overwrite] [--dry-run]
 * [--yes] [--ttl N]`: says what it would create, overwrite and leave, then writes,
 * every write guarded on what the preview saw; exit 3 when a guard skipped a key.
 * Ctrl+C stops it between transactions and says how far it got.
 */
export async function copyCommand(ctx: CliContext): Promise<number> {
  const prefix = folderPrefix(keyArgument(ctx.args, ctx.args.positionals[0], 'copy') ?? `${ctx.config.keyPrefix}/`);
  const target = otherClusterConfig(ctx.args, 'to', ctx.config);
  const toPrefix = typeof ctx.args.values['to-prefix'] === 'string' ? folderPrefix(ctx.args.values['to-prefix']) : prefix;
  const ttlText = ctx.args.values.ttl;
  const ttlSeconds = ttlText === undefined ? undefined : Number(ttlText);
  if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)) {
    throw new UsageError(`--ttl ${String(ttlText)}: use a whole number of seconds, 1 or more`);
  }
  const overwrite = ctx.args.values.overwrite === true;
  const source = await ctx.connect();
  return withOtherCluster(target, async there => {
    const plan = await planCopy(
      { etcd: source, prefix, label: describeConnection(ctx.config) },
      { etcd: there, prefix: toPrefix, label: describeConnection(target) },
    ).catch(err => {
      throw classifyError(err);
    });
    const preview = describePlan(plan, overwrite, ttlSeconds);
    const writes = plan.create.length + (overwrite ? plan.overwrite.length : 0);
    if (ctx.args.values['dry-run'] || writes === 0) {
      ctx.out.result(
        () => ({ dryRun: !!ctx.args.values['dry-run'], ...planJson(plan, overwrite) }),
        () => [...preview, writes === 0 ? 'Nothing to write.' : 'Nothing was written (--dry-run).'],
      );
      return 0;
    }
    if (!ctx.args.json) {
      preview.forEach(line => process.stderr.write(`${line}\n`));
    }
    if (ctx.args.values.yes !== true && !(await confirm(`Write ${writes} key${writes === 1 ? '' : 's'} to ${plan.target.label} ${plan.target.prefix}?`))) {
      process.stderr.write('ztap-etcd: nothing copied (confirm on a terminal, or pass --yes)\n');
      return 1;
    }
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    try {
      const result = await applyCopy(there, plan, { overwrite, ttlSeconds, signal: abort.signal }).catch(err => {
        throw classifyError(err);
      });
      ctx.out.result(
        () => result,
        () => [
          `${result.cancelled ? `Cancelled after ${result.done} of ${result.total} keys (each written whole or not at all): ` : ''}created ${result.created}, overwrote ${result.overwritten}, skipped ${result.skipped.length}`,
          ...result.skipped.map(s => `skipped ${s.key}: ${s.reason}`),
        ],
      );
      return result.cancelled ? 130 : result.skipped.length > 0 ? 3 : 0;
    } finally {
      process.removeListener('SIGINT', stop);
    }
  });
}

function describePlan(plan: CopyPlan, overwrite: boolean, ttl: number | undefined): string[] {
  return [
    `from ${plan.source.label} ${plan.source.prefix} (revision ${plan.source.revision}) to ${plan.target.label} ${plan.target.prefix} (revision ${plan.target.revision}):`,
    `  ${plan.create.length} to create (absent there)`,
    `  ${plan.overwrite.length} differ there: ${overwrite ? 'overwritten' : 'left alone (--overwrite replaces them)'}`,
    `  ${plan.same} the same, ${plan.targetOnly} only there (never touched)`,
    ...(plan.withLease
      ? [`  ${plan.withLease} had a lease: written ${ttl === undefined ? 'without one (--ttl gives them a new lease)' : `with a new lease of ${ttl} s`}`]
      : []),
  ];
}

function planJson(plan: CopyPlan, overwrite: boolean): Record<string, unknown> {
  return {
    source: plan.source,
    target: plan.target,
    create: plan.create.map(i => keyToText(i.key)),
    [overwrite ? 'overwrite' : 'differ']: plan.overwrite.map(i => keyToText(i.key)),
    same: plan.same,
    targetOnly: plan.targetOnly,
    withLease: plan.withLease,
  };
}

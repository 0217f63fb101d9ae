import { ConfigError } from '../../core/config/configError';
import { applyImport, planImport } from '../../core/writes/bulkWrites';
import { decodeEntry, KeysFileError, readKeysFile } from '../../core/writes/keysFile';
import type { CliContext } from '../context';
import { UsageError } from '../usageError';

/**
 * `ztap-etcd import <file> [--overwrite] [--dry-run]`: an export or a recovery file.
 * Says what it will create, change and leave alone; existing keys are skipped unless
 * --overwrite; a key created meanwhile is never replaced.
 */
export async function importCommand(ctx: CliContext): Promise<number> {
  const path = ctx.args.positionals[0];
  if (!path) {
    throw new UsageError('import needs a file: ztap-etcd import <file> [--overwrite] [--dry-run]');
  }
  const file = await readKeysFile(path).catch(err => {
    throw err instanceof KeysFileError ? new ConfigError(err.message) : err;
  });
  const etcd = await ctx.connect();
  const plan = await planImport(etcd, file.keys);
  const overwrite = ctx.args.values.overwrite === true;
  const summary = { create: plan.create.length, change: plan.update.length, same: plan.same.length };
  if (ctx.args.values['dry-run']) {
    ctx.out.result(
      () => ({
        dryRun: true,
        ...summary,
        keys: { create: plan.create.map(e => decodeEntry(e).key), change: plan.update.map(u => decodeEntry(u.entry).key) },
      }),
      () => [
        ...plan.create.map(e => `would create ${decodeEntry(e).key}`),
        ...plan.update.map(u => `${overwrite ? 'would change' : 'would skip (exists, differs)'} ${decodeEntry(u.entry).key}`),
        `${summary.create} to create, ${summary.change} existing with another value (${overwrite ? 'changed' : 'skipped without --overwrite'}), ${summary.same} already the same; nothing was written`,
      ],
    );
    return 0;
  }
  const result = await applyImport(etcd, plan, { overwrite });
  ctx.out.result(
    () => result,
    () => [
      `Created ${result.created}, updated ${result.updated}, skipped ${result.skipped}, failed ${result.failed.length}`,
      ...result.failed.map(f => `failed ${f.key}: ${f.reason}`),
    ],
  );
  return result.failed.length > 0 ? 1 : 0;
}

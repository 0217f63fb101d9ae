import { deniedOn } from '../../core/client/errors';
import { eventToJson, formatEventLine } from '../../core/watch/formatEvent';
import { PrefixWatcher } from '../../core/watch/prefixWatcher';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { UsageError } from '../usageError';

const MAX_REVISION = 2n ** 63n - 1n;

/**
 * `ztap-etcd watch [prefix] [--rev N]`: every event under the prefix, exactly once, in
 * revision order, across reconnects and member restarts; compaction is reported.
 * Runs until SIGINT or SIGTERM, then exits 0.
 */
export async function watchCommand(ctx: CliContext): Promise<number> {
  const prefix = keyArgument(ctx.args, ctx.args.positionals[0], 'watch') ?? `${ctx.config.keyPrefix}/`;
  const rev = ctx.args.values.rev;
  if (rev !== undefined && (typeof rev !== 'string' || !/^[1-9]\d*$/.test(rev) || BigInt(rev) > MAX_REVISION)) {
    throw new UsageError(`--rev must be a revision number from 1 to ${MAX_REVISION} (etcd's int64), not ${JSON.stringify(rev)}`);
  }
  const etcd = await ctx.connect();
  const watcher = new PrefixWatcher(etcd, { prefix, fromRevision: rev });
  watcher.onEvents(batch => ctx.out.records(batch, eventToJson, () => batch.map(ev => formatEventLine(ev))));
  watcher.onCompacted(compactRevision =>
    ctx.out.result(
      () => ({ type: 'compacted', compactRevision: Number(compactRevision) }),
      () => [`${new Date().toISOString()} COMPACTED: revision ${watcher.nextRevision} is gone (compacted up to ${compactRevision}); re-reading ${prefix}`],
    ),
  );
  watcher.onResync(({ revision, kvs }) =>
    ctx.out.result(
      () => ({ type: 'resync', revision: Number(revision) }),
      () => [`${new Date().toISOString()} RESYNC: ${kvs.length} key(s) under ${prefix} at revision ${revision}; following from there`],
    ),
  );
  watcher.onState(state => {
    if (state.kind === 'reconnecting') {
      process.stderr.write(`ztap-etcd: watch reconnecting (attempt ${state.attempt}): ${state.reason}\n`);
    }
  });
  const stopped = new Promise<void>(resolve => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      watcher.stop();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await watcher.start().catch(err => {
    throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, ctx.config.username);
  });
  await stopped;
  return 0;
}

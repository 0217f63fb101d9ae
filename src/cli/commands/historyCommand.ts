import { deniedOn } from '../../core/client/errors';
import { previewOf } from '../../core/history/changedFields';
import { KeyHistory, KeyVersion, readKeyHistory } from '../../core/history/keyHistory';
import { keyFromText, keyToJson } from '../../core/keys/keyText';
import { isUtf8 } from 'buffer';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { formatTable } from '../output';
import { UsageError } from '../usageError';

/** `ztap-etcd history <key>`: every version etcd still has, newest first, deletions included. */
export async function historyCommand(ctx: CliContext): Promise<number> {
  const key = keyArgument(ctx.args, ctx.args.positionals[0], 'history');
  if (key === undefined || key === '') {
    throw new UsageError(`history needs a key${key === '' ? ' (it was empty)' : ''}: ztap-etcd history <key>`);
  }
  const history = await readKeyHistory(await ctx.connect(), key).catch(err => {
    throw deniedOn(err, { op: 'read', key }, ctx.config.username);
  });
  const compacted = history.compactRevision === undefined ? '' : `history before revision ${history.compactRevision} has been compacted`;
  if (ctx.out.json && compacted) {
    process.stderr.write(`ztap-etcd: ${key}: ${compacted}\n`); // the JSON lines are versions only
  }
  ctx.out.records(
    history.versions,
    v => versionJson(key, v),
    () => historyText(key, history, compacted),
  );
  return 0;
}

function historyText(key: string, history: KeyHistory, compacted: string): string[] {
  const count = history.versions.length;
  const header = `${key}: ${count === 0 ? 'no versions' : count === 1 ? '1 version' : `${count} versions`} in etcd's history (read at revision ${history.revision})${compacted ? `; ${compacted}` : ''}`;
  const rows = history.versions.map(v => [
    v.modRevision.toString(),
    v.deleted ? 'deleted' : v.version.toString(),
    v.deleted ? '' : formatBytes(v.value.length),
    v.deleted ? '' : v.changed ? `changed: ${v.changed.join(', ') || 'nothing'}` : `${v.atCompaction ? '(at the compaction point) ' : ''}${previewOf(v.value)}`,
  ]);
  return [header, ...(rows.length ? formatTable(['REVISION', 'VERSION', 'SIZE', 'VALUE'], rows) : [])];
}

function versionJson(key: string, v: KeyVersion): Record<string, unknown> {
  const text = isUtf8(v.value);
  return {
    ...keyToJson(keyFromText(key)),
    modRevision: v.modRevision.toString(),
    createRevision: v.createRevision.toString(),
    version: v.version.toString(),
    deleted: v.deleted,
    value: text ? v.value.toString('utf8') : v.value.toString('base64'),
    encoding: text ? 'utf8' : 'base64',
  };
}

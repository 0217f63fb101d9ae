import { deniedOn } from '../../core/client/errors';
import { keyFromText, keyToText } from '../../core/keys/keyText';
import { folderPrefix } from '../../core/keys/keyRange';
import { FolderSpace, spaceUnder } from '../../core/space/folderSpace';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { formatTable } from '../output';
import { UsageError } from '../usageError';
import { readSnapshotFile, requireSnapshotFile } from '../snapshotFile';

/**
 * `ztap-etcd du [prefix] [--depth N] [--snapshot FILE]`: where the space goes under a
 * folder (default `{prefix}/`): keys, bytes of names and values, and versions, per
 * folder down to N levels (default 1), biggest first, read at one revision; from a
 * snapshot file also every revision it holds and their bytes.
 */
export async function duCommand(ctx: CliContext): Promise<number> {
  const given = keyArgument(ctx.args, ctx.args.positionals[0], 'du');
  const prefix = given === undefined ? `${ctx.config.keyPrefix}/` : folderPrefix(given);
  const depthText = ctx.args.values.depth;
  const depth = depthText === undefined ? 1 : Number(depthText);
  if (!Number.isInteger(depth) || depth < 0) {
    throw new UsageError(`--depth ${String(depthText)}: use a whole number of levels (0: the folder alone)`);
  }
  const file = ctx.args.values.snapshot as string | undefined;
  const { revision, space } = file === undefined ? await live(ctx, prefix, depth) : await fromFile(file, prefix, depth);
  const history = space.historyBytes !== undefined;
  const rows: string[][] = [];
  const walk = (f: FolderSpace, level: number) => {
    const historyColumns = history ? [formatBytes(f.historyBytes ?? 0), String(f.revisions ?? 0)] : [];
    rows.push([formatBytes(f.keyBytes + f.valueBytes), String(f.keys), String(f.versions), ...historyColumns, `${'  '.repeat(level)}${keyToText(f.prefix)}`]);
    f.children.forEach(c => walk(c, level + 1));
  };
  walk(space, 0);
  const where = file === undefined ? `at revision ${revision}` : `${file}, at revision ${revision}`;
  ctx.out.result(
    () => ({ revision, ...(file === undefined ? {} : { snapshot: file }), ...json(space) }),
    () => [
      ...formatTable(['SIZE', 'KEYS', 'VERSIONS', ...(history ? ['HISTORY', 'REVISIONS'] : []), 'FOLDER'], rows),
      `(${where}; size is the names' and values' bytes${history ? '; history is every revision the file holds and its bytes, deletions included' : ''})`,
    ],
  );
  return 0;
}

async function live(ctx: CliContext, prefix: string, depth: number): Promise<{ revision: string; space: FolderSpace }> {
  return spaceUnder(await ctx.connect(), keyFromText(prefix), depth).catch(err => {
    throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, ctx.config.username);
  });
}

async function fromFile(file: string, prefix: string, depth: number): Promise<{ revision: string; space: FolderSpace }> {
  requireSnapshotFile(file);
  const { spaceInSnapshot } = await import('../../core/space/snapshotSpace');
  return readSnapshotFile(file, () => spaceInSnapshot(file, keyFromText(prefix), depth));
}

function json(f: FolderSpace): Record<string, unknown> {
  const history = f.historyBytes === undefined ? {} : { revisions: f.revisions, historyBytes: f.historyBytes };
  return {
    prefix: keyToText(f.prefix),
    keys: f.keys,
    keyBytes: f.keyBytes,
    valueBytes: f.valueBytes,
    versions: f.versions,
    ...history,
    children: f.children.map(json),
  };
}

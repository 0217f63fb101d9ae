import { deniedOn } from '../../core/client/errors';
import { keyFromText, keyToText } from '../../core/keys/keyText';
import { folderPrefix } from '../../core/keys/keyRange';
import { FolderSpace, spaceUnder } from '../../core/space/folderSpace';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { keyArgument } from '../keyArgument';
import { formatTable } from '../output';
import { UsageError } from '../usageError';

/**
 * `ztap-etcd du [prefix] [--depth N]`: where the space goes under a folder (default
 * `{prefix}/`): keys, bytes of names and values, and versions, per folder down to N
 * levels (default 1), biggest first, read at one revision.
 */
export async function duCommand(ctx: CliContext): Promise<number> {
  const given = keyArgument(ctx.args, ctx.args.positionals[0], 'du');
  const prefix = given === undefined ? `${ctx.config.keyPrefix}/` : folderPrefix(given);
  const depthText = ctx.args.values.depth;
  const depth = depthText === undefined ? 1 : Number(depthText);
  if (!Number.isInteger(depth) || depth < 0) {
    throw new UsageError(`--depth ${String(depthText)}: use a whole number of levels (0: the folder alone)`);
  }
  const { revision, space } = await spaceUnder(await ctx.connect(), keyFromText(prefix), depth).catch(err => {
    throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, ctx.config.username);
  });
  const rows: string[][] = [];
  const walk = (f: FolderSpace, level: number) => {
    rows.push([formatBytes(f.keyBytes + f.valueBytes), String(f.keys), String(f.versions), `${'  '.repeat(level)}${keyToText(f.prefix)}`]);
    f.children.forEach(c => walk(c, level + 1));
  };
  walk(space, 0);
  ctx.out.result(
    () => ({ revision, ...json(space) }),
    () => [...formatTable(['SIZE', 'KEYS', 'VERSIONS', 'FOLDER'], rows), `(at revision ${revision}; size is the names' and values' bytes)`],
  );
  return 0;
}

function json(f: FolderSpace): Record<string, unknown> {
  return { prefix: keyToText(f.prefix), keys: f.keys, keyBytes: f.keyBytes, valueBytes: f.valueBytes, versions: f.versions, children: f.children.map(json) };
}

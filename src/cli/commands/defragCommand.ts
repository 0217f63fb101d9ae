import { deniedOn } from '../../core/client/errors';
import { defragmentMember } from '../../core/cluster/maintenance';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { printJson, printLines } from '../output';

/** `ztap-etcd defrag`: defragments each endpoint given (one at a time: each stops serving while it runs). */
export async function defragCommand(ctx: CliContext): Promise<number> {
  await ctx.connect();
  const lines: string[] = [];
  for (const endpoint of ctx.config.endpoints) {
    const r = await defragmentMember(ctx.config, endpoint).catch(err => {
      throw deniedOn(err, `defragmentation of ${endpoint.original}`, true);
    });
    if (ctx.args.json) {
      printJson(r);
    } else {
      lines.push(`${endpoint.original}: ${formatBytes(r.before.dbSize)} -> ${formatBytes(r.after.dbSize)} (in use ${formatBytes(r.after.dbSizeInUse)})`);
    }
  }
  printLines(lines);
  return 0;
}

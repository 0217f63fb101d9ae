import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { formatTable } from '../output';
import { readSnapshotFile, requireSnapshotFile } from '../snapshotFile';
import { UsageError } from '../usageError';

type Subcommand = 'save' | 'status' | 'ls' | 'get' | 'diff';

/** `ztap-etcd snapshot save|status|ls|get|diff <file> ...` (commandTable.ts checked the words and counts). */
export async function snapshotCommand(ctx: CliContext): Promise<number> {
  const [sub, file, third] = ctx.args.positionals;
  if (file === undefined || file.trim() === '') {
    throw new UsageError(`snapshot ${sub} needs a file name${file === undefined ? '' : ' (it was empty)'}: ztap-etcd snapshot ${sub} <file>`);
  }
  switch (sub as Subcommand) {
    case 'save':
      return save(ctx, file);
    case 'status':
      return status(ctx, file);
    default: {
      const { snapshotDataCommand } = await import('./snapshotDataCommands');
      return snapshotDataCommand(ctx, sub as 'ls' | 'get' | 'diff', file, third);
    }
  }
}

/** Streams a verified snapshot from one member (the first of --endpoints). */
async function save(ctx: CliContext, file: string): Promise<number> {
  // saveSnapshot dials the member itself (within the dial timeout): no separate connect.
  // Each subcommand loads only its own modules: every millisecond of start-up counts
  // against etcdctl (npm run bench).
  const { saveSnapshot, SnapshotCancelled } = await import('../../core/snapshot/snapshotWriter');
  const endpoint = ctx.config.endpoints[0];
  // Ctrl-C or SIGTERM cancels the stream and removes <file>.part before exiting.
  const abort = new AbortController();
  const cancel = () => abort.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  let saved;
  try {
    saved = await saveSnapshot(ctx.config, file, { endpoint: endpoint.url, signal: abort.signal });
  } catch (err) {
    if (err instanceof SnapshotCancelled) {
      process.stderr.write(`ztap-etcd: snapshot cancelled after ${err.received} bytes; ${file}.part removed, nothing saved\n`);
      return 130;
    }
    throw err;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
  ctx.out.result(
    () => ({ path: saved.path, size: saved.size, revision: Number(saved.revision) }),
    () => [`Snapshot saved to ${saved.path}: ${formatBytes(saved.size)} (${saved.size} bytes) at revision ${saved.revision}, sha256 verified`],
  );
  return 0;
}

/** etcdctl's figures, read without etcd, plus the sha256 trailer check. */
async function status(ctx: CliContext, file: string): Promise<number> {
  requireSnapshotFile(file);
  const { snapshotStatus, snapshotStatusJson, describeChecksum } = await import('../../core/snapshot/snapshotStatus');
  const status = await readSnapshotFile(file, () => snapshotStatus(file));
  const { hash, revision, totalKey, totalSize, checksumOk } = status;
  // The same record the editor's Copy JSON gives (snapshotStatusJson).
  ctx.out.result(
    () => JSON.parse(snapshotStatusJson(status)) as unknown,
    () => [
      ...formatTable(
        ['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE', ...(status.version ? ['VERSION'] : [])],
        [[hash.toString(16), String(revision), String(totalKey), formatBytes(totalSize), ...(status.version ? [status.version] : [])]],
      ),
      describeChecksum(checksumOk),
    ],
  );
  return checksumOk ? 0 : 1;
}

import { existsSync } from 'fs';
import { BboltError } from '../../core/snapshot/bboltReader';
import { snapshotStatus } from '../../core/snapshot/snapshotStatus';
import { formatBytes } from '../../core/values/valueFormat';
import { EtcdFailure } from '../../core/client/errors';
import type { CliContext } from '../context';
import { formatTable, printJson, printLines } from '../output';
import { UsageError } from '../usageError';

/** `ztap-etcd snapshot status <file>`: etcdctl's figures, read without etcd, plus the sha256 trailer check. */
export async function snapshotCommand(ctx: CliContext): Promise<number> {
  const [sub, file] = ctx.args.positionals;
  if (sub !== 'status') {
    throw new UsageError(sub === undefined ? 'snapshot needs a subcommand: ztap-etcd snapshot status <file>' : `unknown snapshot subcommand "${sub}"`);
  }
  if (file === undefined) {
    throw new UsageError('snapshot status needs a file: ztap-etcd snapshot status <file>');
  }
  if (!existsSync(file)) {
    throw new UsageError(`${file} does not exist`);
  }
  let status;
  try {
    status = snapshotStatus(file);
  } catch (err) {
    if (err instanceof BboltError) {
      throw new EtcdFailure('error', `${file}: ${err.message}`);
    }
    throw err;
  }
  const { hash, revision, totalKey, totalSize, checksumOk } = status;
  if (ctx.args.json) {
    printJson({ hash, revision, totalKey, totalSize, checksumOk });
  } else {
    printLines([
      ...formatTable(['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE'], [[hash.toString(16), String(revision), String(totalKey), formatBytes(totalSize)]]),
      checksumOk ? 'sha256 trailer: verified' : 'sha256 trailer: MISSING OR WRONG: the file is not an intact etcd snapshot',
    ]);
  }
  return checksumOk ? 0 : 1;
}

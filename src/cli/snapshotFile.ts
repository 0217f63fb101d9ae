import { existsSync, statSync } from 'fs';
import { EtcdFailure } from '../core/client/errors';
import { UsageError } from './usageError';

/** A snapshot file named on the command line, or a usage error saying what is wrong with it. */
export function requireSnapshotFile(file: string): void {
  if (!existsSync(file)) {
    throw new UsageError(`${file} does not exist`);
  }
  if (statSync(file).isDirectory()) {
    throw new UsageError(`${file} is a folder, not a snapshot file: give the path of a .db file`);
  }
}

/** Runs a read of a snapshot file; a file that is not etcd's is a failure naming it (exit 1). */
export async function readSnapshotFile<T>(file: string, read: () => T | Promise<T>): Promise<T> {
  const { BboltError } = await import('../core/snapshot/bboltReader');
  try {
    return await read();
  } catch (err) {
    if (err instanceof BboltError) {
      throw new EtcdFailure('error', `${file}: ${err.message}`);
    }
    throw err;
  }
}

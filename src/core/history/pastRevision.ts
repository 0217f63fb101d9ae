import type { Etcd3 } from 'etcd3';
import { isCompactedError } from '../client/etcd3Adapter';
import { HistoryCompacted, readRevisionSpan } from './revisionSpan';

/**
 * Runs a read at a past `revision`; one that etcd refuses as compacted becomes
 * HistoryCompacted naming the oldest revision etcd still keeps (a range does not say
 * it: a watch from `revision` does).
 */
export async function readAtRevision<T>(etcd: Etcd3, revision: bigint, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!isCompactedError(err)) {
      throw err;
    }
    throw await compactionOf(etcd, revision, err);
  }
}

async function compactionOf(etcd: Etcd3, revision: bigint, original: unknown): Promise<unknown> {
  try {
    await readRevisionSpan(etcd, { key: Buffer.from([0]), from: revision, to: revision, onCompacted: 'fail', onEvents: () => undefined });
  } catch (err) {
    if (err instanceof HistoryCompacted) {
      return err;
    }
  }
  return original;
}

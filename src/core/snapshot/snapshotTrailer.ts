import { createHash } from 'crypto';
import { closeSync, openSync, readSync } from 'fs';
import { runInWorker, WorkerRun } from './snapshotWorkers';

/** etcd appends the sha256 of the database to a snapshot: 32 bytes. */
const TRAILER = 32;

/**
 * Whether the last 32 bytes of the file are the sha256 of everything before them.
 * A database is whole pages of 512-byte multiples, so other sizes fail at once.
 */
export function verifyTrailer(path: string, fileSize: number): boolean {
  if (fileSize < TRAILER || fileSize % 512 !== TRAILER) {
    return false;
  }
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const end = fileSize - TRAILER;
    for (let at = 0; at < end;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - at), at);
      if (n === 0) {
        return false; // the file shrank under us
      }
      hash.update(chunk.subarray(0, n));
      at += n;
    }
    const trailer = Buffer.alloc(TRAILER);
    return readSync(fd, trailer, 0, TRAILER, end) === TRAILER && hash.digest().equals(trailer);
  } finally {
    closeSync(fd);
  }
}

/**
 * verifyTrailer() on a worker thread, so that hashing the whole file runs beside
 * the bbolt walk instead of after it: a status takes the longer of the two, not the sum.
 */
export function verifyTrailerInWorker(path: string, fileSize: number): WorkerRun<boolean> {
  return runInWorker<boolean>({ kind: 'trailer', path, fileSize });
}

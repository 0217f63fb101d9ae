import { statSync } from 'fs';
import { BboltReader } from './bboltReader';
import { Crc32c } from './crc32c';
import { verifyTrailerInWorker } from './snapshotTrailer';

export interface SnapshotStatus {
  /** What `etcdctl snapshot status -w json` prints, with the same values. */
  hash: number;
  revision: number;
  totalKey: number;
  totalSize: number;
  /** Whether the 32-byte sha256 trailer matches the bytes before it. */
  checksumOk: boolean;
  /** The file's size on disk (database plus trailer). */
  fileSize: number;
}

/**
 * The status of a snapshot file, read with no etcd running: the CRC-32C over every
 * bucket name, key and value in order (etcd's "hash"), the highest revision in the
 * "key" bucket, the number of keys in all buckets, bbolt's size, and the trailer check.
 */
export async function snapshotStatus(path: string): Promise<SnapshotStatus> {
  const fileSize = statSync(path).size;
  const trailer = verifyTrailerInWorker(path, fileSize);
  try {
    const status = walk(path);
    return { ...status, checksumOk: await trailer.result, fileSize };
  } finally {
    await trailer.stop();
  }
}

/** etcdctl's four figures, from one in-order walk of every bucket. */
function walk(path: string): Omit<SnapshotStatus, 'checksumOk' | 'fileSize'> {
  const db = BboltReader.open(path);
  try {
    const crc = new Crc32c();
    let totalKey = 0;
    let revision = 0;
    db.forEachBucket((name, forEachKey) => {
      crc.update(name);
      const isKeyBucket = name.toString() === 'key';
      forEachKey((key, value) => {
        crc.update(key);
        if (value) {
          crc.update(value);
        }
        if (isKeyBucket && key.length >= 8) {
          // etcd's revision key: 8 bytes big-endian main revision, then "_" and the sub
          // revision. Keys come in order, so the last is the highest.
          revision = key.readUInt32BE(0) * 2 ** 32 + key.readUInt32BE(4);
        }
        totalKey++;
      });
    });
    return { hash: crc.value, revision, totalKey, totalSize: db.size };
  } finally {
    db.close();
  }
}

/** What `ztap-etcd snapshot status --json` prints: etcdctl's four figures and the trailer check. */
export function snapshotStatusJson({ hash, revision, totalKey, totalSize, checksumOk }: SnapshotStatus): string {
  return JSON.stringify({ hash, revision, totalKey, totalSize, checksumOk });
}

/** The trailer check in words, as the CLI and the editor say it. */
export function describeChecksum(checksumOk: boolean): string {
  return checksumOk ? 'sha256 trailer: verified' : 'sha256 trailer: MISSING OR WRONG: the file is not an intact etcd snapshot';
}

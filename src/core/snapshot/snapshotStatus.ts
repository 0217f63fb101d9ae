import { createHash } from 'crypto';
import { closeSync, fstatSync, openSync, readSync } from 'fs';
import { BboltReader } from './bboltReader';
import { Crc32c } from './crc32c';

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

const TRAILER = 32;

/**
 * The status of a snapshot file, read with no etcd running: the CRC-32C over every
 * bucket name, key and value in order (etcd's "hash"), the highest revision in the
 * "key" bucket, the number of keys in all buckets, bbolt's size, and the trailer check.
 */
export function snapshotStatus(path: string): SnapshotStatus {
  const fileSize = sizeOf(path);
  const db = BboltReader.open(path);
  try {
    const checksumOk = db.contents ? trailerMatches(db.contents) : verifyTrailer(path, fileSize);
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
          // etcd's revision key: 8 bytes big-endian main revision, then "_" and the sub revision.
          revision = Number(key.readBigInt64BE(0));
        }
        totalKey++;
      });
    });
    return { hash: crc.value, revision, totalKey, totalSize: db.size, checksumOk, fileSize };
  } finally {
    db.close();
  }
}

function trailerMatches(bytes: Buffer): boolean {
  if (bytes.length < TRAILER || bytes.length % 512 !== TRAILER) {
    return false;
  }
  const end = bytes.length - TRAILER;
  return createHash('sha256').update(bytes.subarray(0, end)).digest().equals(bytes.subarray(end));
}

/** sha256 of everything before the last 32 bytes equals those 32 bytes (etcd's snapshot trailer). */
export function verifyTrailer(path: string, fileSize = sizeOf(path)): boolean {
  if (fileSize < TRAILER || fileSize % 512 !== TRAILER) {
    return false;
  }
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(1024 * 1024);
    let at = 0;
    const end = fileSize - TRAILER;
    while (at < end) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - at), at);
      hash.update(chunk.subarray(0, n));
      at += n;
    }
    const trailer = Buffer.alloc(TRAILER);
    readSync(fd, trailer, 0, TRAILER, end);
    return hash.digest().equals(trailer);
  } finally {
    closeSync(fd);
  }
}

function sizeOf(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

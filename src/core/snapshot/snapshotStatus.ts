import { statSync } from 'fs';
import { BboltReader } from './bboltReader';
import { readFields } from '../client/protoWire';
import { Crc32c } from './crc32c';
import { verifyTrailerInWorker } from './snapshotTrailer';

export interface SnapshotStatus {
  /** What the snapshot's own release's tool prints (`etcdctl snapshot status -w json` to 3.5, `etcdutl` from 3.5), with the same values. */
  hash: number;
  revision: number;
  /**
   * Up to etcd 3.5, every entry of every bucket (history and etcd's own buckets
   * included); for a file written by 3.6 or later (it records its storage version),
   * the keys alive at the file's revision, as etcdutl 3.6 counts.
   */
  totalKey: number;
  totalSize: number;
  /**
   * The keys alive at the file's revision (what a listing of the file shows), whatever
   * totalKey counts; counted only when asked for (or the file's totalKey is it).
   */
  liveKeys?: number;
  /** The storage version the file records (etcd 3.6+: "3.6.0"); undefined before 3.6, where etcdutl prints "". */
  version?: string;
  /** Whether the 32-byte sha256 trailer matches the bytes before it. */
  checksumOk: boolean;
  /** The file's size on disk (database plus trailer). */
  fileSize: number;
}

/**
 * The status of a snapshot file, read with no etcd running: the CRC-32C over every
 * bucket name, key and value in order (etcd's "hash"), the highest revision in the
 * "key" bucket, the number of keys (as the file's release counts them), bbolt's size,
 * the storage version, and the trailer check.
 */
export async function snapshotStatus(path: string, { liveKeys = false }: { liveKeys?: boolean } = {}): Promise<SnapshotStatus> {
  const fileSize = statSync(path).size;
  const trailer = verifyTrailerInWorker(path, fileSize);
  try {
    const status = walk(path, liveKeys);
    return { ...status, checksumOk: await trailer.result, fileSize };
  } finally {
    await trailer.stop();
  }
}

/** etcd's revision key: 8 bytes main revision, "_", 8 bytes sub revision, and "t" for a tombstone. */
const TOMBSTONE_KEY_LENGTH = 18;
const TOMBSTONE = 0x74;

/**
 * The figures, from one in-order walk of every bucket. Telling the live keys apart
 * costs a set of every key name, a third of the walk on a file of small keys: only
 * when asked for, or when the file (etcd 3.6+) counts its keys that way.
 */
function walk(path: string, liveKeys: boolean): Omit<SnapshotStatus, 'checksumOk' | 'fileSize'> {
  const db = BboltReader.open(path);
  try {
    // The meta bucket sorts after "key": read the storage version first, to know how to count.
    let version: string | undefined;
    db.forEachKeyOf('meta', (key, value) => {
      if (key.toString() === 'storageVersion') {
        version = value.toString() || undefined;
      }
    });
    const countLive = liveKeys || version !== undefined;
    const live = new Set<string>();
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
          if (value && countLive) {
            const name = keyOfKeyValue(value);
            if (key.length === TOMBSTONE_KEY_LENGTH && key[17] === TOMBSTONE) {
              live.delete(name);
            } else {
              live.add(name);
            }
          }
        }
        totalKey++;
      });
    });
    return {
      hash: crc.value,
      revision,
      totalKey: version === undefined ? totalKey : live.size,
      liveKeys: countLive ? live.size : undefined,
      totalSize: db.size,
      version,
    };
  } finally {
    db.close();
  }
}

/** Field 1 (key) of an mvccpb.KeyValue, as a latin1 string (a Set key that keeps every byte). */
function keyOfKeyValue(value: Buffer): string {
  // etcd writes the key first, shorter than 128 bytes as a rule: read it in place.
  if (value[0] === 0x0a && value[1] < 0x80 && 2 + value[1] <= value.length) {
    return value.toString('latin1', 2, 2 + value[1]);
  }
  let name = '';
  readFields(value, (field, v) => {
    if (field === 1 && Buffer.isBuffer(v)) {
      name = v.toString('latin1');
    }
  });
  return name;
}

/** What `ztap-etcd snapshot status --json` prints: the file's release's tool's figures (its version where it records one) and the trailer check. */
export function snapshotStatusJson({ hash, revision, totalKey, totalSize, version, checksumOk }: SnapshotStatus): string {
  return JSON.stringify({ hash, revision, totalKey, totalSize, ...(version !== undefined ? { version } : {}), checksumOk });
}

/** The trailer check in words, as the CLI and the editor say it. */
export function describeChecksum(checksumOk: boolean): string {
  return checksumOk ? 'sha256 trailer: verified' : 'sha256 trailer: MISSING OR WRONG: the file is not an intact etcd snapshot';
}

/** What totalKey counts for this file, in words (two releases' tools count differently). */
export function describeTotalKey(status: Pick<SnapshotStatus, 'version'>): string {
  return status.version
    ? 'keys alive at its revision, as etcdutl 3.6+ counts for a file written by 3.6+'
    : "etcd's entries in every bucket, history and etcd's own included, as etcdctl/etcdutl 3.4-3.5 count";
}

import { BboltError, BboltReader } from '../snapshot/bboltReader';
import { decodeKeyValue, REVISION_BYTES, TOMBSTONE } from '../snapshot/snapshotIndex';
import { FolderSpace, SpaceTally } from './folderSpace';

/**
 * Where the space goes under `prefix` in a snapshot (or data) file, with no etcd
 * running: the live keys as `spaceUnder` counts them, and every revision the file
 * still holds (old versions and deletions, kept until a compaction) with its bytes in
 * the key bucket exactly (the revision key and the stored KeyValue).
 */
export function spaceInSnapshot(path: string, prefix: Buffer, depth: number): { revision: string; space: FolderSpace } {
  const db = BboltReader.open(path);
  try {
    const counter = new SpaceTally(prefix, depth);
    const live = new Map<string, { valueBytes: number; version: number }>();
    const base = prefix.toString('latin1');
    let revision = 0;
    const hasKeys = db.forEachKeyOf('key', (revKey, value, valueOffset) => {
      if (revKey.length < REVISION_BYTES) {
        throw new BboltError(`a key bucket entry of ${revKey.length} bytes is not an etcd revision (is this an etcd database?)`);
      }
      revision = revKey.readUInt32BE(0) * 2 ** 32 + revKey.readUInt32BE(4);
      const { key, slot } = decodeKeyValue(value, valueOffset);
      if (!key.startsWith(base)) {
        return;
      }
      counter.addRevision(Buffer.from(key, 'latin1'), revKey.length + value.length);
      if (revKey.length > REVISION_BYTES && revKey[REVISION_BYTES] === TOMBSTONE) {
        live.delete(key);
      } else {
        live.set(key, { valueBytes: slot.valueLength, version: slot.version });
      }
    });
    if (!hasKeys) {
      throw new BboltError('the file has no "key" bucket: it is a bbolt database, but not etcd\'s');
    }
    for (const [key, { valueBytes, version }] of live) {
      counter.add(Buffer.from(key, 'latin1'), valueBytes, version);
    }
    return { revision: String(revision), space: counter.result() };
  } finally {
    db.close();
  }
}

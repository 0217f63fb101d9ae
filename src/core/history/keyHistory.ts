import type { Etcd3 } from 'etcd3';
import { keyFromText } from '../keys/keyText';
import { changedFields } from './changedFields';
import { HistoryEvent, readRevisionSpan } from './revisionSpan';

/** One version of a key, or its deletion. */
export interface KeyVersion {
  modRevision: bigint;
  createRevision: bigint;
  /** 1 for the first version of each life of the key; 0 for a deletion. */
  version: bigint;
  deleted: boolean;
  value: Buffer;
  lease: string;
  /** The version that stood at the compaction point (its earlier versions are gone). */
  atCompaction?: boolean;
  /** Fields that differ from the version before (JSON objects only). */
  changed?: string[];
}

export interface KeyHistory {
  key: string;
  /** etcd's revision when the history was read: the newest version is as of it. */
  revision: bigint;
  /** Set when etcd has compacted its history: nothing before this revision is known. */
  compactRevision?: bigint;
  /** Newest first. */
  versions: KeyVersion[];
}

/**
 * Every version of `key` still in etcd's history, deletions and earlier lives
 * included, newest first: one watch from revision 1 filtered to the key (restarted
 * at the compact revision when history has been compacted, with the version that
 * stood there read at that revision), ending at the key's current mod revision when
 * it exists (exact), or where etcd has caught the watch up to now.
 */
export async function readKeyHistory(etcd: Etcd3, key: string, signal?: AbortSignal): Promise<KeyHistory> {
  const bytes = keyFromText(key);
  const now = await etcd.kv.range({ key: bytes });
  const revision = BigInt(now.header.revision);
  const current = now.kvs[0];
  const events: HistoryEvent[] = [];
  const { compactRevision } = await readRevisionSpan(etcd, {
    key: bytes,
    from: 1n,
    to: revision,
    lastEventAt: current ? BigInt(current.mod_revision) : undefined,
    onCompacted: 'restart',
    onEvents: batch => void events.push(...batch),
    signal,
  });
  const oldestFirst: KeyVersion[] = [];
  if (compactRevision !== undefined) {
    const atCompaction = (await etcd.kv.range({ key: bytes, revision: compactRevision.toString() })).kvs[0];
    if (atCompaction && BigInt(atCompaction.mod_revision) < compactRevision) {
      oldestFirst.push({
        modRevision: BigInt(atCompaction.mod_revision),
        createRevision: BigInt(atCompaction.create_revision),
        version: BigInt(atCompaction.version),
        deleted: false,
        value: atCompaction.value,
        lease: atCompaction.lease,
        atCompaction: true,
      });
    }
  }
  for (const ev of events) {
    oldestFirst.push({
      modRevision: ev.modRevision,
      createRevision: ev.createRevision,
      version: ev.version,
      deleted: ev.type === 'delete',
      value: ev.value,
      lease: ev.lease,
    });
  }
  let before: KeyVersion | undefined;
  for (const v of oldestFirst) {
    const fields = changedFields(before && !before.deleted ? before.value : undefined, v.deleted ? undefined : v.value);
    if (fields && before && !before.deleted && !v.deleted) {
      v.changed = fields;
    }
    before = v;
  }
  return { key, revision, compactRevision, versions: oldestFirst.reverse() };
}

import { isCompactedError } from '../client/etcd3Adapter';
import type { Etcd3 } from 'etcd3';
import { keyFromText } from '../keys/keyText';
import { changedFields } from './changedFields';
import { planKeyChunks } from './keyChunks';
import { HistoryCompacted, HistoryEvent, readRevisionSpan } from './revisionSpan';

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
 * included, newest first: read with watches from the oldest revision etcd keeps
 * (readKeyEvents), with the version that stood at the compaction point read at that
 * revision, and each version's changed fields for JSON values.
 */
export async function readKeyHistory(etcd: Etcd3, key: string, signal?: AbortSignal): Promise<KeyHistory> {
  const bytes = keyFromText(key);
  const now = await etcd.kv.range({ key: bytes });
  const revision = BigInt(now.header.revision);
  const { events, compactRevision } = await readKeyEvents(etcd, bytes, revision, signal);
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

/**
 * The key's events from the oldest revision etcd keeps up to `to`. A long history is
 * read in chunks of under 1,000 versions each (planKeyChunks), one watch per chunk, all
 * at once: etcd catches up every watch in the same pass. A compaction meanwhile starts
 * it over from the new compact revision.
 */
async function readKeyEvents(etcd: Etcd3, key: Buffer, to: bigint, signal?: AbortSignal): Promise<{ events: HistoryEvent[]; compactRevision?: bigint }> {
  for (let attempt = 1; ; attempt++) {
    let compactRevision: bigint | undefined;
    try {
      await etcd.kv.range({ key, revision: '1', keys_only: true });
    } catch (err) {
      if (!isCompactedError(err)) {
        throw err;
      }
      // etcd's range error does not say where history starts; a watch from 1 does, at once.
      compactRevision = await readRevisionSpan(etcd, { key, from: 1n, to: 1n, onCompacted: 'fail', onEvents: () => undefined, signal }).then(
        () => undefined,
        e => {
          if (e instanceof HistoryCompacted) {
            return e.compactRevision;
          }
          throw e;
        },
      );
    }
    const from = compactRevision ?? 1n;
    try {
      const chunks = await planKeyChunks(etcd, key, from, to);
      const parts = await Promise.all(
        chunks
          .filter(c => !c.empty)
          .map(async c => {
            const got: HistoryEvent[] = [];
            await readRevisionSpan(etcd, {
              key,
              from: c.from,
              to: c.to,
              lastEventAt: c.lastEventAt,
              onCompacted: 'fail',
              onEvents: b => void got.push(...b),
              signal,
            });
            return got;
          }),
      );
      return { events: parts.flat(), compactRevision };
    } catch (err) {
      if (!(err instanceof HistoryCompacted) || attempt >= 3) {
        throw err;
      }
    }
  }
}

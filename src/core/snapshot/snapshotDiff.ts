import type { Etcd3 } from 'etcd3';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { readRangePaged } from '../keys/pagedRange';
import { keyFromText, keyToText } from '../keys/keyText';
import type { SnapshotIndex } from './snapshotIndex';

/** One side's version of a key, as far as a comparison needs it. */
interface Side {
  keyBytes: Buffer;
  value: Buffer;
  modRevision: string;
}

export interface KeyChange {
  key: string;
  /** From the first side (the snapshot) to the second (the live cluster, or the other snapshot). */
  kind: 'added' | 'changed' | 'deleted';
  /** The key's mod revision and size on each side where it exists. */
  before?: { modRevision: string; size: number };
  after?: { modRevision: string; size: number };
}

export interface SnapshotComparison {
  prefix: string;
  /** What was compared: the snapshot's file and revision, and the live cluster's revision or the other file's. */
  from: { label: string; revision: string };
  to: { label: string; revision: string };
  changes: KeyChange[];
  counts: { added: number; changed: number; deleted: number; same: number };
}

/**
 * Walks two sorted sequences of keys in step (a merge join): memory holds one page of
 * the live side and the changes found, never both keyspaces. Values are compared byte
 * for byte: revisions differ between a cluster and a copy restored from a snapshot.
 */
class MergeJoin {
  readonly changes: KeyChange[] = [];
  readonly counts = { added: 0, changed: 0, deleted: 0, same: 0 };
  private pending: IteratorResult<Side>;

  constructor(private readonly before: Iterator<Side>) {
    this.pending = before.next();
  }

  /** The next key of the second side, in key order. */
  next(after: Side): void {
    while (!this.pending.done && Buffer.compare(this.pending.value.keyBytes, after.keyBytes) < 0) {
      this.deleted(this.pending.value);
      this.pending = this.before.next();
    }
    if (!this.pending.done && this.pending.value.keyBytes.equals(after.keyBytes)) {
      const was = this.pending.value;
      this.pending = this.before.next();
      if (was.value.equals(after.value)) {
        this.counts.same++;
      } else {
        this.counts.changed++;
        this.changes.push({ key: keyToText(after.keyBytes), kind: 'changed', before: sideInfo(was), after: sideInfo(after) });
      }
      return;
    }
    this.counts.added++;
    this.changes.push({ key: keyToText(after.keyBytes), kind: 'added', after: sideInfo(after) });
  }

  /** The second side ended: what is left of the first was deleted. */
  finish(): void {
    while (!this.pending.done) {
      this.deleted(this.pending.value);
      this.pending = this.before.next();
    }
  }

  private deleted(was: Side): void {
    this.counts.deleted++;
    this.changes.push({ key: keyToText(was.keyBytes), kind: 'deleted', before: sideInfo(was) });
  }
}

function sideInfo(side: Side): { modRevision: string; size: number } {
  return { modRevision: side.modRevision, size: side.value.length };
}

/** What the live cluster has under `prefix` that differs from the snapshot: added, changed and deleted keys. */
export async function compareSnapshotWithLive(index: SnapshotIndex, etcd: Etcd3, prefix: string, signal?: AbortSignal): Promise<SnapshotComparison> {
  const folder = prefix === '' ? '' : folderPrefix(prefix);
  const join = new MergeJoin(index.entries(folder));
  const key = keyFromText(folder);
  const rangeEnd = folder === '' ? Buffer.from([0]) : prefixRangeEnd(key);
  const { revision } = await readRangePaged(etcd, { key: folder === '' ? Buffer.from([0]) : key, rangeEnd, keysOnly: false }, kvs => {
    if (signal?.aborted) {
      throw new Error('comparison cancelled');
    }
    for (const kv of kvs) {
      join.next({ keyBytes: kv.key, value: kv.value, modRevision: kv.mod_revision });
    }
  });
  join.finish();
  return {
    prefix: folder,
    from: { label: index.path, revision: String(index.revision) },
    to: { label: 'live cluster', revision },
    changes: join.changes,
    counts: join.counts,
  };
}

/** What `other` has under `prefix` that differs from `index`. */
export function compareSnapshots(index: SnapshotIndex, other: SnapshotIndex, prefix: string): SnapshotComparison {
  const folder = prefix === '' ? '' : folderPrefix(prefix);
  const join = new MergeJoin(index.entries(folder));
  for (const entry of other.entries(folder)) {
    join.next(entry);
  }
  join.finish();
  return {
    prefix: folder,
    from: { label: index.path, revision: String(index.revision) },
    to: { label: other.path, revision: String(other.revision) },
    changes: join.changes,
    counts: join.counts,
  };
}

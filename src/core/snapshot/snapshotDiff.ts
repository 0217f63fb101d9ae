import type { Etcd3 } from 'etcd3';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { readRangePaged } from '../keys/pagedRange';
import { keyFromText, keyToText } from '../keys/keyText';

/** The user cancelled a comparison. */
export class ComparisonCancelled extends Error {
  constructor() {
    super('The comparison was cancelled.');
  }
}

/** One side's version of a key, as far as a comparison needs it. */
export interface Side {
  keyBytes: Buffer;
  value: Buffer;
  modRevision: string;
  /** The lease ID (decimal, "0" for none), where the side knows it. */
  lease?: string;
}

export interface KeyChange {
  key: string;
  /** From the first side (the snapshot) to the second (the live cluster, or the other snapshot). */
  kind: 'added' | 'changed' | 'deleted';
  /** The key's mod revision and size on each side where it exists (and its lease, where known). */
  before?: { modRevision: string; size: number; lease?: string };
  after?: { modRevision: string; size: number; lease?: string };
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
export class MergeJoin {
  readonly changes: KeyChange[] = [];
  readonly counts = { added: 0, changed: 0, deleted: 0, same: 0 };
  private pending: IteratorResult<Side> | undefined;
  private readonly before: AsyncIterator<Side>;

  /**
   * `before` may be read from another thread (the extension's snapshot worker): it is
   * asynchronous. With `leases`, a key with a lease on one side and none on the other
   * differs too (lease IDs themselves differ between clusters, so only their presence counts).
   */
  constructor(
    before: AsyncIterable<Side> | Iterable<Side>,
    private readonly leases = false,
    /** Told of each difference with both sides' entries (their values included), for a caller that shows them. */
    private readonly onDifference?: (change: KeyChange, before: Side | undefined, after: Side | undefined) => void,
  ) {
    this.before = Symbol.asyncIterator in before ? before[Symbol.asyncIterator]() : toAsync(before);
  }

  /** The next key of the second side, in key order. */
  async next(after: Side): Promise<void> {
    this.pending ??= await this.before.next();
    while (!this.pending.done && Buffer.compare(this.pending.value.keyBytes, after.keyBytes) < 0) {
      this.deleted(this.pending.value);
      this.pending = await this.before.next();
    }
    if (!this.pending.done && this.pending.value.keyBytes.equals(after.keyBytes)) {
      const was = this.pending.value;
      this.pending = await this.before.next();
      if (was.value.equals(after.value) && !(this.leases && hasLease(was) !== hasLease(after))) {
        this.counts.same++;
      } else {
        this.counts.changed++;
        this.record({ key: keyToText(after.keyBytes), kind: 'changed', before: sideInfo(was), after: sideInfo(after) }, was, after);
      }
      return;
    }
    this.counts.added++;
    this.record({ key: keyToText(after.keyBytes), kind: 'added', after: sideInfo(after) }, undefined, after);
  }

  /** The second side ended: what is left of the first was deleted. */
  async finish(): Promise<void> {
    this.pending ??= await this.before.next();
    while (!this.pending.done) {
      this.deleted(this.pending.value);
      this.pending = await this.before.next();
    }
  }

  private deleted(was: Side): void {
    this.counts.deleted++;
    this.record({ key: keyToText(was.keyBytes), kind: 'deleted', before: sideInfo(was) }, was, undefined);
  }

  private record(change: KeyChange, before: Side | undefined, after: Side | undefined): void {
    this.changes.push(change);
    this.onDifference?.(change, before, after);
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

const hasLease = (side: Side) => side.lease !== undefined && side.lease !== '0';

function sideInfo(side: Side): { modRevision: string; size: number; lease?: string } {
  return { modRevision: side.modRevision, size: side.value.length, ...(side.lease === undefined ? {} : { lease: side.lease }) };
}

/** Where a comparison's first side comes from: a snapshot index here, or one on another thread. */
export interface SnapshotSource {
  readonly path: string;
  readonly revision: number;
  entries(prefix: string): AsyncIterable<Side> | Iterable<Side>;
}

/** What the live cluster has under `prefix` that differs from the snapshot: added, changed and deleted keys. */
export async function compareSnapshotWithLive(index: SnapshotSource, etcd: Etcd3, prefix: string, signal?: AbortSignal): Promise<SnapshotComparison> {
  const folder = prefix === '' ? '' : folderPrefix(prefix);
  const join = new MergeJoin(index.entries(folder));
  const key = keyFromText(folder);
  const rangeEnd = folder === '' ? Buffer.from([0]) : prefixRangeEnd(key);
  const { revision } = await readRangePaged(etcd, { key: folder === '' ? Buffer.from([0]) : key, rangeEnd, keysOnly: false }, async kvs => {
    if (signal?.aborted) {
      throw new ComparisonCancelled();
    }
    for (const kv of kvs) {
      await join.next({ keyBytes: kv.key, value: kv.value, modRevision: kv.mod_revision });
    }
  });
  await join.finish();
  return {
    prefix: folder,
    from: { label: index.path, revision: String(index.revision) },
    to: { label: 'live cluster', revision },
    changes: join.changes,
    counts: join.counts,
  };
}

/** What `other` has under `prefix` that differs from `index`. */
export async function compareSnapshots(index: SnapshotSource, other: SnapshotSource, prefix: string): Promise<SnapshotComparison> {
  const folder = prefix === '' ? '' : folderPrefix(prefix);
  const join = new MergeJoin(index.entries(folder));
  for await (const entry of other.entries(folder)) {
    await join.next(entry);
  }
  await join.finish();
  return {
    prefix: folder,
    from: { label: index.path, revision: String(index.revision) },
    to: { label: other.path, revision: String(other.revision) },
    changes: join.changes,
    counts: join.counts,
  };
}

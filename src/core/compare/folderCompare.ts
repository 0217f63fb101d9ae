import type { Etcd3 } from 'etcd3';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { readRangePaged } from '../keys/pagedRange';
import { keyFromText } from '../keys/keyText';
import { ComparisonCancelled, KeyChange, MergeJoin, Side } from '../snapshot/snapshotDiff';

/** One side of a comparison: a folder on a cluster, read at one revision. */
export interface FolderSide {
  etcd: Etcd3;
  /** The folder, "/" ended ('' for the whole keyspace). */
  prefix: string;
  /** What it is called where it is shown (the connection's name, its endpoints). */
  label: string;
}

export interface FolderComparison {
  /** The two folders, and the revision each was read at. */
  left: { label: string; prefix: string; revision: string };
  right: { label: string; prefix: string; revision: string };
  /** Keys named relative to their folder; from the left side to the right: "added" is only on the right. */
  changes: KeyChange[];
  counts: { added: number; changed: number; deleted: number; same: number };
  /** Whether a lease on one side and none on the other counted as a difference. */
  leasesCompared: boolean;
}

/** A folder's range: '' is the whole keyspace. */
export function folderRange(prefix: string): { key: Buffer; rangeEnd: Buffer } {
  return prefix === '' ? { key: Buffer.from([0]), rangeEnd: Buffer.from([0]) } : { key: keyFromText(prefix), rangeEnd: prefixRangeEnd(keyFromText(prefix)) };
}

/** Every key under a folder, named relative to it, with value, revision and lease: one paged read at one revision. */
export async function readFolderSides(side: FolderSide, signal?: AbortSignal): Promise<{ revision: string; sides: Side[] }> {
  const sides: Side[] = [];
  const strip = keyFromText(side.prefix).length;
  const { revision } = await readRangePaged(side.etcd, { ...folderRange(side.prefix), keysOnly: false, onRestart: () => (sides.length = 0) }, kvs => {
    if (signal?.aborted) {
      throw new ComparisonCancelled();
    }
    for (const kv of kvs) {
      sides.push({ keyBytes: Buffer.from(kv.key.subarray(strip)), value: Buffer.from(kv.value), modRevision: kv.mod_revision, lease: String(kv.lease) });
    }
  });
  return { revision, sides };
}

/**
 * How the `right` folder differs from the `left` one, key by key (named relative to
 * their folders, so two folders of different names compare), values as bytes. Each
 * side is read at one revision; the left is held, the right streamed through a merge
 * join. Leases count only when asked (`leases`): by presence, as IDs differ anyway.
 */
export async function compareFolders(
  left: FolderSide,
  right: FolderSide,
  {
    leases = false,
    signal,
    onDifference,
  }: { leases?: boolean; signal?: AbortSignal; onDifference?: (change: KeyChange, left: Side | undefined, right: Side | undefined) => void } = {},
): Promise<FolderComparison> {
  const leftFolder = left.prefix === '' ? '' : folderPrefix(left.prefix);
  const rightFolder = right.prefix === '' ? '' : folderPrefix(right.prefix);
  const held = await readFolderSides({ ...left, prefix: leftFolder }, signal);
  const join = new MergeJoin(held.sides, leases, onDifference);
  const strip = keyFromText(rightFolder).length;
  const restarted = () => {
    throw new Error(`${right.label}: its revision was compacted during the read: compare again`);
  };
  const { revision } = await readRangePaged(right.etcd, { ...folderRange(rightFolder), keysOnly: false, onRestart: restarted }, async kvs => {
    if (signal?.aborted) {
      throw new ComparisonCancelled();
    }
    for (const kv of kvs) {
      await join.next({ keyBytes: kv.key.subarray(strip), value: kv.value, modRevision: kv.mod_revision, lease: String(kv.lease) });
    }
  });
  await join.finish();
  return {
    left: { label: left.label, prefix: leftFolder, revision: held.revision },
    right: { label: right.label, prefix: rightFolder, revision },
    changes: join.changes,
    counts: join.counts,
    leasesCompared: leases,
  };
}

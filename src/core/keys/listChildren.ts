import type { Etcd3, IKeyValue } from 'etcd3';
import { idToHex } from '../cluster/ids';
import { folderPrefix, prefixRangeEnd } from './keyRange';
import { readRangePaged } from './pagedRange';
import { keyFromText, keyToText } from './keyText';

/** One entry of a folder listing: a key, a folder, or both (`/a` and `/a/b` both exist). */
export interface KeyChild {
  name: string;
  isKey: boolean;
  isFolder: boolean;
  /** Keys at or under this child. */
  keys: number;
  /** The key's own metadata when `isKey` (keys-only ranges still carry it). */
  meta?: KeyMeta;
}

export interface KeyMeta {
  createRevision: string;
  modRevision: string;
  version: string;
  /** Hex, "0" when none. */
  lease: string;
}

export interface KeyListing {
  prefix: string;
  revision: string;
  children: KeyChild[];
  /** A compaction during the listing made it start over; this was the revision it had pinned first. */
  restartedFrom?: string;
}

const SLASH = 0x2f;

/** A key's metadata as shown: revisions as etcd gives them, the lease in hex. */
export function keyMeta(createRevision: string, modRevision: string, version: string, lease: string): KeyMeta {
  return { createRevision, modRevision, version, lease: lease === '0' ? '0' : idToHex(lease) };
}

/**
 * Lists the immediate children of a folder with a key count for each.
 * Reads the folder keys-only in pages at one revision and aggregates as pages
 * arrive, so memory stays at one page plus one entry per child.
 */
export async function listChildren(etcd: Etcd3, prefix: string, { pageSize }: { pageSize?: number } = {}): Promise<KeyListing> {
  const folder = folderPrefix(prefix);
  const key = keyFromText(folder);
  let aggregate = new ChildAggregator(key.length);
  const { revision, restartedFrom } = await readRangePaged(
    etcd,
    { key, rangeEnd: prefixRangeEnd(key), keysOnly: true, pageSize, onRestart: () => (aggregate = new ChildAggregator(key.length)) },
    kvs => aggregate.add(kvs),
  );
  return { prefix: folder, revision, children: aggregate.result(), ...(restartedFrom ? { restartedFrom } : {}) };
}

class ChildAggregator {
  private readonly byName = new Map<string, KeyChild>();
  private lastSegment: Buffer | undefined;
  private lastChild: KeyChild | undefined;

  constructor(private readonly prefixLength: number) {}

  add(kvs: IKeyValue[]): void {
    for (const kv of kvs) {
      const slash = kv.key.indexOf(SLASH, this.prefixLength);
      const end = slash < 0 ? kv.key.length : slash;
      const segment = kv.key.subarray(this.prefixLength, end);
      // Keys arrive sorted, so runs of one child are the common case: skip the string work.
      const child = this.lastSegment?.equals(segment) ? this.lastChild! : this.childFor(segment);
      child.keys++;
      if (slash < 0) {
        child.isKey = true;
        child.meta = keyMeta(kv.create_revision, kv.mod_revision, kv.version, kv.lease);
      } else {
        child.isFolder = true;
      }
    }
  }

  result(): KeyChild[] {
    return [...this.byName.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'))).map(([, c]) => c);
  }

  private childFor(segment: Buffer): KeyChild {
    // Keyed by the exact bytes (latin1 maps each byte to one char): two names that
    // differ only in bytes that are not UTF-8 must never merge.
    const bytes = segment.toString('latin1');
    let child = this.byName.get(bytes);
    if (!child) {
      child = { name: keyToText(segment), isKey: false, isFolder: false, keys: 0 };
      this.byName.set(bytes, child);
    }
    this.lastSegment = Buffer.from(segment);
    this.lastChild = child;
    return child;
  }
}

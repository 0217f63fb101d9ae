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

/** A read under way that can tell, mid-read, what it has seen of the folders below it. */
export interface DeepRead {
  /**
   * The children seen so far of `prefix` (a folder below the read's root) when the
   * read is inside it now: it saw the folder from its first key, so what it has is
   * complete up to the read's position; undefined when the read is not inside it.
   * The folder is then kept to the end and reported to `onClosed`.
   */
  attach(prefix: Buffer): KeyChild[] | undefined;
}

/**
 * The listing of `prefix` and, from the same read, of the folders below it, as long as
 * they stay small: keys arrive sorted, so all keys of a folder are contiguous and a
 * folder's aggregation, once begun, sees every key of it; after `budget` children in
 * all, no further folder is kept (those are listed when asked for). The folders the
 * read is inside are always aggregated, so a caller can attach to one mid-read
 * (`onStart` hands over the DeepRead) and is told when it closes (`onClosed`). One pass
 * over a big subtree then answers the next levels of a Find Key at once.
 */
export async function listChildrenDeep(
  etcd: Etcd3,
  prefix: string,
  {
    budget = 50_000,
    onPartial,
    onStart,
    onClosed,
  }: {
    budget?: number;
    onPartial?: (children: KeyChild[]) => void;
    onStart?: (read: DeepRead) => void;
    onClosed?: (prefix: Buffer, children: KeyChild[], revision: string) => void;
  } = {},
): Promise<KeyListing[]> {
  const folder = folderPrefix(prefix);
  const key = keyFromText(folder);
  let revisionNow = '';
  let deep = new DeepAggregator(key, budget, (p, c) => onClosed?.(p, c, revisionNow));
  onStart?.({ attach: p => deep.attach(p) });
  const { revision } = await readRangePaged(
    etcd,
    // A small first page: something to show while a big folder is read.
    {
      key,
      rangeEnd: prefixRangeEnd(key),
      keysOnly: true,
      firstPageSize: onPartial ? 1000 : undefined,
      onRestart: () => (deep = new DeepAggregator(key, budget, (p, c) => onClosed?.(p, c, revisionNow))),
    },
    (kvs, rev) => {
      revisionNow = rev;
      deep.add(kvs);
      onPartial?.(deep.rootChildren());
    },
  );
  deep.closeAll();
  return deep.results().map(([bytes, children]) => ({ prefix: keyToText(bytes), revision, children }));
}

class DeepAggregator {
  private readonly done: Array<[Buffer, ChildAggregator]> = [];
  /** The open folder at each depth below the root: its prefix bytes, aggregation, and whether it is kept. */
  private readonly open: Array<{ prefix: Buffer; aggregate: ChildAggregator; kept: boolean; attached: boolean }> = [];
  private readonly root: ChildAggregator;
  private started = 0;

  constructor(
    private readonly rootPrefix: Buffer,
    private readonly budget: number,
    private readonly closed: (prefix: Buffer, children: KeyChild[]) => void,
  ) {
    this.root = new ChildAggregator(rootPrefix.length);
  }

  attach(prefix: Buffer): KeyChild[] | undefined {
    const level = this.open.find(l => l.prefix.equals(prefix));
    if (!level) {
      return undefined;
    }
    level.attached = true;
    return level.aggregate.result();
  }

  add(kvs: IKeyValue[]): void {
    this.root.add(kvs);
    for (const kv of kvs) {
      let depth = 0;
      for (let slash = kv.key.indexOf(SLASH, this.rootPrefix.length); slash >= 0; slash = kv.key.indexOf(SLASH, slash + 1), depth++) {
        const level = this.open[depth];
        const prefix = kv.key.subarray(0, slash + 1);
        if (!level || !level.prefix.equals(prefix)) {
          // A new folder at this depth (and so below it): close the ones open there.
          this.closeFrom(depth);
          this.open.push({ prefix: Buffer.from(prefix), aggregate: new ChildAggregator(prefix.length), kept: this.started < this.budget, attached: false });
        }
        const current = this.open[depth];
        const before = current.aggregate.size;
        current.aggregate.add([kv]);
        if (current.kept) {
          this.started += current.aggregate.size - before;
        }
      }
    }
  }

  /** The end of the read: every open folder is complete. */
  closeAll(): void {
    this.closeFrom(0);
  }

  private closeFrom(depth: number): void {
    for (const level of this.open.splice(depth).reverse()) {
      if (level.kept || level.attached) {
        this.done.push([level.prefix, level.aggregate]);
      }
      if (level.attached) {
        this.closed(level.prefix, level.aggregate.result());
      }
    }
  }

  rootChildren(): KeyChild[] {
    return this.root.result().map(c => ({ ...c }));
  }

  results(): Array<[Buffer, KeyChild[]]> {
    return [[this.rootPrefix, this.root.result()], ...this.done.map(([prefix, a]): [Buffer, KeyChild[]] => [prefix, a.result()])];
  }
}

class ChildAggregator {
  get size(): number {
    return this.byName.size;
  }

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

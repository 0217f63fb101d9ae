import type { Etcd3 } from 'etcd3';
import { KeyChild, KeyListing } from './keyChild';
import { folderPrefix, prefixRangeEnd } from './keyRange';
import { readPages } from './pagedRange';
import { ChildList } from './childList';
import { keyFromText, keyToText } from './keyText';

const SLASH = 0x2f;

/**
 * Lists the immediate children of a folder with a key count for each.
 * Reads the folder keys-only in pages at one revision and aggregates as pages
 * arrive, so memory stays at one page plus one entry per child.
 */
export async function listChildren(
  etcd: Etcd3,
  prefix: string,
  { pageSize, revision: atRevision }: { pageSize?: number; revision?: string } = {},
): Promise<KeyListing> {
  const folder = folderPrefix(prefix);
  const key = keyFromText(folder);
  let aggregate = new ChildList(key.length);
  const { revision, restartedFrom } = await readPages(
    etcd,
    { key, rangeEnd: prefixRangeEnd(key), keysOnly: true, pageSize, revision: atRevision, onRestart: () => (aggregate = new ChildList(key.length)) },
    (buf, ks, ke, rs, re) => aggregate.addKey(buf, ks, ke, rs, re),
  );
  return { prefix: folder, revision, children: aggregate.sorted(), ...(restartedFrom ? { restartedFrom } : {}) };
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
  const { revision } = await readPages(
    etcd,
    // A small first page: something to show while a big folder is read.
    {
      key,
      rangeEnd: prefixRangeEnd(key),
      keysOnly: true,
      firstPageSize: onPartial ? 1000 : undefined,
      firstPageFromParts: true,
      onRestart: () => (deep = new DeepAggregator(key, budget, (p, c) => onClosed?.(p, c, revisionNow))),
    },
    (buf, ks, ke, rs, re) => deep.add(buf, ks, ke, rs, re),
    rev => {
      revisionNow = rev;
      onPartial?.(deep.rootChildren());
    },
  );
  deep.closeAll();
  return deep.results().map(([bytes, children]) => ({ prefix: keyToText(bytes), revision, children }));
}

class DeepAggregator {
  private readonly done: Array<[Buffer, ChildList]> = [];
  /** The open folder at each depth below the root: its prefix bytes, aggregation, and whether it is kept. */
  private readonly open: Array<{ prefix: Buffer; aggregate: ChildList; kept: boolean; attached: boolean }> = [];
  private readonly root: ChildList;
  private started = 0;

  constructor(
    private readonly rootPrefix: Buffer,
    private readonly budget: number,
    private readonly closed: (prefix: Buffer, children: KeyChild[]) => void,
  ) {
    this.root = new ChildList(rootPrefix.length);
  }

  attach(prefix: Buffer): KeyChild[] | undefined {
    const level = this.open.find(l => l.prefix.equals(prefix));
    if (!level) {
      return undefined;
    }
    level.attached = true;
    return level.aggregate.sorted();
  }

  /** One key, buf[ks, ke), of the record buf[rs, re). */
  add(buf: Buffer, ks: number, ke: number, rs: number, re: number): void {
    this.root.addKey(buf, ks, ke, rs, re);
    let depth = 0;
    for (let slash = slashIn(buf, ks + this.rootPrefix.length, ke); slash >= 0; slash = slashIn(buf, slash + 1, ke), depth++) {
      const level = this.open[depth];
      const prefixLength = slash + 1 - ks;
      if (!level || level.prefix.length !== prefixLength || buf.compare(level.prefix, 0, prefixLength, ks, slash + 1) !== 0) {
        // A new folder at this depth (and so below it): close the ones open there.
        this.closeFrom(depth);
        this.open.push({
          prefix: Buffer.from(buf.subarray(ks, slash + 1)),
          aggregate: new ChildList(prefixLength),
          kept: this.started < this.budget,
          attached: false,
        });
      }
      const current = this.open[depth];
      const before = current.aggregate.size;
      current.aggregate.addKey(buf, ks, ke, rs, re);
      if (current.kept) {
        this.started += current.aggregate.size - before;
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
        this.closed(level.prefix, level.aggregate.sorted());
      }
    }
  }

  rootChildren(): KeyChild[] {
    return this.root.sorted().map(c => ({ ...c }));
  }

  results(): Array<[Buffer, KeyChild[]]> {
    return [[this.rootPrefix, this.root.sorted()], ...this.done.map(([prefix, a]): [Buffer, KeyChild[]] => [prefix, a.sorted()])];
  }
}

/** The first "/" in buf[from, end), or -1. */
function slashIn(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (buf[i] === SLASH) {
      return i;
    }
  }
  return -1;
}

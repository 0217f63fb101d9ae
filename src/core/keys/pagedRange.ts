import { isCompactedError } from '../client/etcd3Adapter';
import type { Etcd3, IKeyValue } from 'etcd3';
import { keyAfter } from './keyRange';
import { decodeKeyValue, firstPartWithKeys, RangeWalker, rawRange, RangeSummary, walkRangeResponse } from './rawRange';

export interface PagedRangeOptions {
  key: Buffer;
  rangeEnd: Buffer;
  /** Keys and their revisions only; values stay in etcd. */
  keysOnly: boolean;
  /**
   * etcd 3.4/3.5 walk the rest of the range on every page to compute `count`,
   * so small pages cost O(n^2) (docs/etcd-client-pitfalls.md: 1,000-key pages took 7x longer).
   * Keys-only pages are therefore large; value pages are bounded by memory.
   */
  pageSize?: number;
  /** A smaller first page (then `pageSize` or the default): a first answer sooner. */
  firstPageSize?: number;
  /** Look for that first page in the first part of the range that holds keys (firstPartWithKeys). */
  firstPageFromParts?: boolean;
  /** Read at this revision; by default the first page's revision is pinned. */
  revision?: string;
  /**
   * The pinned revision was compacted between pages and the read starts over at the
   * current revision: pages handed over so far must be forgotten.
   */
  onRestart?: (compactedRevision: string) => void;
}

export interface PagedRangeResult {
  /** The revision every page was read at. */
  revision: string;
  pages: number;
  /** Set when a compaction during the read made it start over: the revision it had pinned first. */
  restartedFrom?: string;
}

/** Keys-only pages this large: etcd 3.4 walks the rest of the range for every page (~65 bytes a key on the wire). */
const KEYS_PAGE = 250_000;
/** Value pages start small (values can be up to 1.5 MiB each)... */
const VALUE_PAGE = 1_000;
/**
 * ...and grow towards this many bytes a page while the values are small, up to this
 * many keys: fewer pages, fewer walks of the rest of the range in etcd 3.4 (an export
 * of 200,000 keys: 8 MiB / 50,000-key pages 1.04 s, these 0.83 s, one page 0.83 s).
 */
const VALUE_PAGE_BYTES = 16 * 1024 * 1024;
const VALUE_PAGE_MAX = 100_000;

/** The next value page's limit: VALUE_PAGE_BYTES at the size a key had in a page of `pageLimit` keys and `bytes`. */
function valuePageLimit(pageLimit: number, bytes: number): number {
  return Math.max(VALUE_PAGE, Math.min(VALUE_PAGE_MAX, Math.floor((pageLimit * VALUE_PAGE_BYTES) / Math.max(bytes, 1))));
}

/** Records handed on between two looks at the socket while the next page is on its way. */
const RECORDS_PER_TURN = 16_384;

/** One KeyValue of a page: its key, buf[keyStart, keyEnd), in its record, buf[recordStart, recordEnd) (no copy). */
export type RecordVisitor = (buf: Buffer, keyStart: number, keyEnd: number, recordStart: number, recordEnd: number) => void;

/**
 * The one paged reader: a range in pages at one pinned revision (the first page's,
 * started over once at the current one if it is compacted meanwhile; a revision the
 * caller gives is kept), as Go's mirror syncer does, so a read of any size is one
 * consistent snapshot and no single response is huge. Each page is one raw range call
 * (rawRange.ts: encoded and decoded here, on the client's own channel and request
 * policy); its records go to `onRecord` as offsets into the page (no object per key),
 * then `afterPage` is called (a promise it returns holds the next page's records
 * back: a slow sink; the next page itself is already asked for). Keys-only pages are
 * large; value pages are sized by their bytes. With `firstPageFromParts`, the first
 * page is a small one from the first part of the folder that holds keys
 * (firstPartWithKeys): something to show sooner.
 */
export function readPages(
  etcd: Etcd3,
  options: PagedRangeOptions,
  onRecord: RecordVisitor,
  afterPage?: (revision: string) => void | Promise<void>,
): Promise<PagedRangeResult> {
  return readRestartingOnCompaction(options, async () => {
    let revision = options.revision;
    const fullPage = options.pageSize ?? (options.keysOnly ? KEYS_PAGE : VALUE_PAGE);
    // Unless a page size is given, value pages are sized by bytes: small pages cost
    // O(n^2) in etcd's count (see pageSize), big values cost memory.
    const adaptive = options.pageSize === undefined && !options.keysOnly;
    let limit = options.firstPageSize ?? fullPage;
    const fetch = (from: Buffer, to: Buffer, pageLimit: number): Promise<Buffer> =>
      rawRange(etcd, { key: from, rangeEnd: to, limit: pageLimit, revision, keysOnly: options.keysOnly }).catch(err => {
        throw pageError(revision, err);
      });
    /** The first page from the first part of the folder holding keys (firstPartWithKeys). */
    const read = async (from: Buffer, to: Buffer, pageLimit: number): Promise<RangeSummary & { revision: string }> => {
      const buf = await fetch(from, to, pageLimit);
      let bytes = 0;
      const summary = walkRangeResponse(buf, (ks, ke, rs, re) => {
        bytes += re - rs;
        onRecord(buf, ks, ke, rs, re);
      });
      revision ??= summary.revision;
      if (adaptive && summary.lastKey) {
        limit = valuePageLimit(pageLimit, bytes);
      }
      return { ...summary, revision };
    };
    let from = options.key;
    let pages = 0;
    if (options.firstPageFromParts && options.firstPageSize !== undefined) {
      const firstPageSize = options.firstPageSize;
      let lastKey: Buffer | undefined;
      await firstPartWithKeys(options.key, options.rangeEnd, async (partFrom, partTo) => {
        lastKey = (await read(partFrom, partTo, firstPageSize)).lastKey;
        return lastKey !== undefined;
      });
      pages++;
      await afterPage?.(revision!);
      if (!lastKey) {
        return { revision: revision!, pages }; // no key in any part: the range is empty
      }
      from = keyAfter(lastKey);
      limit = fullPage;
    }
    let next: Promise<Buffer> | undefined;
    for (;;) {
      const pageLimit = limit;
      const buf = await (next ?? fetch(from, options.rangeEnd, pageLimit));
      // A value page's end is found first (its records stepped over whole) and the next
      // page asked for before this one's records are handed on, so etcd reads it while
      // they are worked on (an export's encoding) and while `afterPage` works. Keys-only
      // records are cheap to hand on: they go first, and a listing of one page (most) does
      // not pay a second pass. Either way the next page's records reach `onRecord` only
      // after `afterPage` is done: one page more in memory, no more.
      const records = new RangeWalker(buf);
      const visit = (ks: number, ke: number, rs: number, re: number) => onRecord(buf, ks, ke, rs, re);
      if (options.keysOnly) {
        records.visit(Infinity, visit);
      }
      const page = options.keysOnly ? records.summary() : walkRangeResponse(buf);
      revision ??= page.revision;
      pages++;
      if (adaptive && page.lastKey) {
        limit = valuePageLimit(pageLimit, buf.length);
      } else if (pages === 1 && !adaptive) {
        limit = fullPage;
      }
      next = undefined;
      if (page.more && page.lastKey) {
        from = keyAfter(page.lastKey);
        next = fetch(from, options.rangeEnd, limit);
        next.catch(() => undefined); // awaited below; not unhandled if onRecord or afterPage throws first
      }
      // While the next page comes in, its bytes are taken in between (the socket is read
      // only when this loop lets go): otherwise they wait in the kernel, etcd stops
      // sending, and the whole page arrives after this one is done.
      while (records.visit(next ? RECORDS_PER_TURN : Infinity, visit)) {
        await new Promise<void>(resolve => setImmediate(resolve));
      }
      await afterPage?.(revision);
      if (!next) {
        return { revision: revision, pages };
      }
    }
  });
}

/**
 * Reads a range in pages (readPages), each page handed to `onPage` as etcd3's
 * key-values (decoded from the page's bytes, values as views of it), so callers can
 * aggregate without keeping every key.
 */
export async function readRangePaged(
  etcd: Etcd3,
  options: PagedRangeOptions,
  onPage: (kvs: IKeyValue[], revision: string) => void | Promise<void>,
): Promise<PagedRangeResult> {
  let kvs: IKeyValue[] = [];
  return readPages(
    etcd,
    options,
    (buf, _ks, _ke, rs, re) => kvs.push(decodeKeyValue(buf, rs, re)),
    revision => {
      const page = kvs;
      kvs = [];
      return onPage(page, revision);
    },
  );
}

/**
 * Runs a paged read. A long read pinned at its first page's revision meets a
 * compaction of that revision: it starts over once at the current one, so the result
 * is still one consistent snapshot. A revision the caller asked for is not ours to move.
 */
export async function readRestartingOnCompaction(
  options: { revision?: string; onRestart?: (compactedRevision: string) => void },
  read: () => Promise<PagedRangeResult>,
): Promise<PagedRangeResult> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof CompactedDuringRead) || options.revision !== undefined) {
      throw err instanceof CompactedDuringRead ? err.cause : err;
    }
    options.onRestart?.(err.revision);
    const again = await read().catch(e => {
      throw e instanceof CompactedDuringRead ? e.cause : e;
    });
    return { ...again, restartedFrom: err.revision };
  }
}

class CompactedDuringRead extends Error {
  constructor(
    readonly revision: string,
    readonly cause: unknown,
  ) {
    super(`revision ${revision} was compacted during the read`);
  }
}

/** A page's failure as readRestartingOnCompaction needs it: the compaction of the pinned revision told apart. */
export function pageError(pinnedRevision: string | undefined, err: unknown): unknown {
  return pinnedRevision !== undefined && isCompactedError(err) ? new CompactedDuringRead(pinnedRevision, err) : err;
}

import { isCompactedError } from '../client/etcd3Adapter';
import type { Etcd3, IKeyValue } from 'etcd3';
import { keyAfter } from './keyRange';

export interface PagedRangeOptions {
  key: Buffer;
  rangeEnd: Buffer;
  keysOnly: boolean;
  /**
   * etcd 3.4/3.5 walk the rest of the range on every page to compute `count`,
   * so small pages cost O(n^2) (docs/etcd-client-pitfalls.md: 1,000-key pages took 7x longer).
   * Keys-only pages are therefore large; value pages are bounded by memory.
   */
  pageSize?: number;
  /** A smaller first page (then `pageSize` or the default): a first answer sooner. */
  firstPageSize?: number;
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

const KEYS_ONLY_PAGE = 50_000;
/** Value pages start small (values can be up to 1.5 MiB each)... */
const VALUE_PAGE = 1_000;
/** ...and grow towards this many bytes a page while the values are small. */
const VALUE_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * Reads a range in pages at one pinned revision, as Go's mirror syncer does,
 * so a listing of any size is one consistent snapshot and no single response is huge.
 * Pages are handed to `onPage` as they arrive, so callers can aggregate without
 * keeping every key.
 */
export async function readRangePaged(
  etcd: Etcd3,
  options: PagedRangeOptions,
  onPage: (kvs: IKeyValue[], revision: string) => void | Promise<void>,
): Promise<PagedRangeResult> {
  return readRestartingOnCompaction(options, () => readPages(etcd, options, onPage));
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

async function readPages(
  etcd: Etcd3,
  options: PagedRangeOptions,
  onPage: (kvs: IKeyValue[], revision: string) => void | Promise<void>,
): Promise<PagedRangeResult> {
  const fullPage = options.pageSize ?? (options.keysOnly ? KEYS_ONLY_PAGE : VALUE_PAGE);
  let limit = options.firstPageSize ?? fullPage;
  // Unless a page size is given, value pages are sized by bytes: small pages cost
  // O(n^2) in etcd's count (see pageSize), big values cost memory.
  const adaptive = options.pageSize === undefined && !options.keysOnly;
  let revision = options.revision;
  let start = options.key;
  let pages = 0;
  for (;;) {
    let res;
    try {
      res = await etcd.kv.range({
        key: start,
        range_end: options.rangeEnd,
        limit,
        revision: revision ?? 0,
        keys_only: options.keysOnly,
      });
    } catch (err) {
      throw pageError(revision, err);
    }
    pages++;
    revision ??= res.header.revision;
    if (pages === 1) {
      limit = fullPage;
    }
    if (adaptive && res.kvs.length > 0) {
      const bytes = res.kvs.reduce((sum, kv) => sum + kv.key.length + kv.value.length, 0);
      limit = Math.max(VALUE_PAGE, Math.min(KEYS_ONLY_PAGE, Math.floor((limit * VALUE_PAGE_BYTES) / Math.max(bytes, 1))));
    }
    // A consumer may hold the next page back (a slow sink) by returning a promise.
    await onPage(res.kvs, revision);
    if (!res.more || res.kvs.length === 0) {
      return { revision, pages };
    }
    start = keyAfter(res.kvs[res.kvs.length - 1].key);
  }
}

import type { Etcd3, IKeyValue } from 'etcd3';
import { keyAfter } from './keyRange';

export interface PagedRangeOptions {
  key: Buffer;
  rangeEnd: Buffer;
  keysOnly: boolean;
  /**
   * etcd 3.4/3.5 walk the rest of the range on every page to compute `count`,
   * so small pages cost O(n^2) (pitfalls doc: 1,000-key pages took 7x longer).
   * Keys-only pages are therefore large; value pages are bounded by memory.
   */
  pageSize?: number;
  /** Read at this revision; by default the first page's revision is pinned. */
  revision?: string;
}

export interface PagedRangeResult {
  /** The revision every page was read at. */
  revision: string;
  pages: number;
}

const KEYS_ONLY_PAGE = 50_000;
const VALUE_PAGE = 1_000;

/**
 * Reads a range in pages at one pinned revision, as Go's mirror syncer does,
 * so a listing of any size is one consistent snapshot and no single response is huge.
 * Pages are handed to `onPage` as they arrive, so callers can aggregate without
 * keeping every key.
 */
export async function readRangePaged(
  etcd: Etcd3,
  options: PagedRangeOptions,
  onPage: (kvs: IKeyValue[]) => void,
): Promise<PagedRangeResult> {
  const limit = options.pageSize ?? (options.keysOnly ? KEYS_ONLY_PAGE : VALUE_PAGE);
  let revision = options.revision;
  let start = options.key;
  let pages = 0;
  for (;;) {
    const res = await etcd.kv.range({
      key: start,
      range_end: options.rangeEnd,
      limit,
      revision: revision ?? 0,
      keys_only: options.keysOnly,
    });
    pages++;
    revision ??= res.header.revision;
    onPage(res.kvs);
    if (!res.more || res.kvs.length === 0) {
      return { revision, pages };
    }
    start = keyAfter(res.kvs[res.kvs.length - 1].key);
  }
}

import { closeSync, fstatSync, openSync, readSync } from 'fs';

/**
 * A small read-only reader of the bbolt file format (etcd's backend): meta pages,
 * branch and leaf pages, overflow, inline buckets. Enough to walk every bucket and
 * key in order, as `etcdctl snapshot status` does, without etcd.
 *
 * Pages are read into one reused buffer per tree depth rather than the file read
 * whole: fresh memory for a 100 MiB file cost more (page faults) than the reads.
 * So the keys and values a visitor gets are views valid only during its call.
 */

const MAGIC = 0xed0cdaed;
const PAGE_HEADER = 16;
const BRANCH = 0x01;
const LEAF = 0x02;
const META = 0x04;
const BUCKET_LEAF = 0x01;
const ELEMENT = 16;
/** Far deeper than any real tree (bucket nesting included): past it, a damaged file loops. */
const MAX_DEPTH = 64;

export class BboltError extends Error {}

interface Meta {
  pageSize: number;
  root: bigint;
  pgid: bigint;
  txid: bigint;
}

export class BboltReader {
  private readonly meta: Meta;
  /** scratch[depth]: the buffer the page at that depth of the current walk is read into. */
  private readonly scratch: Buffer[] = [];

  private constructor(
    private readonly fd: number,
    private readonly fileSize: number,
  ) {
    this.meta = this.readMeta();
  }

  static open(path: string): BboltReader {
    const fd = openSync(path, 'r');
    try {
      return new BboltReader(fd, fstatSync(fd).size);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The database's size as bbolt reports it (Tx.Size: high-water page id x page size). */
  get size(): number {
    return Number(this.meta.pgid) * this.meta.pageSize;
  }

  /**
   * Calls `fn` for every top-level bucket, in key order; its `forEachKey` visits the
   * bucket's keys in order (value null for a nested bucket). Names, keys and values
   * are views into reused buffers: copy what must outlive the call.
   */
  forEachBucket(fn: (name: Buffer, forEachKey: (visit: (key: Buffer, value: Buffer | null) => void) => void) => void): void {
    this.walk(this.meta.root, null, 0, (name, value, flags, depth) => {
      if (!(flags & BUCKET_LEAF)) {
        throw new BboltError(`a top-level entry (${name.toString()}) is not a bucket`);
      }
      fn(name, visit => this.walkBucket(value, depth + 1, visit));
    });
  }

  /**
   * Visits the keys of the top-level bucket `name` in order, each value with its offset
   * in the file (-1 for a bucket small enough to be stored inline in its parent), so a
   * caller can index values and read them later (readAt) instead of keeping them.
   * False when there is no such bucket.
   */
  forEachKeyOf(name: string, visit: (key: Buffer, value: Buffer, valueOffset: number) => void): boolean {
    let found = false;
    this.walk(this.meta.root, null, 0, (bucket, header, flags, depth) => {
      if (flags & BUCKET_LEAF && bucket.toString('latin1') === name) {
        found = true;
        const root = header.readBigUInt64LE(0);
        const inline = root === 0n ? Buffer.from(header.subarray(16)) : null;
        this.walk(root, inline, depth + 1, (key, value, elemFlags, _depth, valueOffset) => {
          if (!(elemFlags & BUCKET_LEAF)) {
            visit(key, value, valueOffset);
          }
        });
      }
    });
    return found;
  }

  /** `length` bytes at `offset` of the file, in a new buffer. */
  readAt(offset: number, length: number): Buffer {
    if (offset < 0 || offset + length > this.fileSize) {
      throw new BboltError(`a value at offset ${offset} runs past the end of the file (truncated file?)`);
    }
    const out = Buffer.allocUnsafe(length);
    if (readSync(this.fd, out, 0, length, offset) !== length) {
      throw new BboltError(`the file ended inside the value at offset ${offset} (truncated file?)`);
    }
    return out;
  }

  private walkBucket(header: Buffer, depth: number, visit: (key: Buffer, value: Buffer | null) => void): void {
    const root = header.readBigUInt64LE(0);
    const inline = root === 0n ? header.subarray(16) : null;
    this.walk(root, inline, depth, (key, value, flags) => visit(key, flags & BUCKET_LEAF ? null : value));
  }

  /**
   * In-order walk of the B+tree under `pgid` (or an inline page), its root read at
   * `depth`; each leaf value comes with its offset in the file (-1 inside an inline page).
   */
  private walk(
    pgid: bigint,
    inline: Buffer | null,
    depth: number,
    visit: (key: Buffer, value: Buffer, flags: number, depth: number, valueOffset: number) => void,
  ): void {
    if (depth > MAX_DEPTH) {
      throw new BboltError(`the page tree under page ${pgid} is deeper than any bbolt database's (a damaged file?)`);
    }
    const page = inline ?? this.page(pgid, depth);
    const pageOffset = inline ? -1 : Number(pgid) * this.meta.pageSize;
    const flags = page.readUInt16LE(8);
    const count = page.readUInt16LE(10);
    if (flags & LEAF) {
      for (let i = 0; i < count; i++) {
        const at = PAGE_HEADER + i * ELEMENT;
        const elemFlags = page.readUInt32LE(at);
        const pos = page.readUInt32LE(at + 4);
        const ksize = page.readUInt32LE(at + 8);
        const vsize = page.readUInt32LE(at + 12);
        const k = at + pos;
        if (k + ksize + vsize > page.length) {
          throw new BboltError(`an element of page ${pgid} runs past the page's end (a damaged file?)`);
        }
        visit(page.subarray(k, k + ksize), page.subarray(k + ksize, k + ksize + vsize), elemFlags, depth, pageOffset < 0 ? -1 : pageOffset + k + ksize);
      }
    } else if (flags & BRANCH) {
      for (let i = 0; i < count; i++) {
        const at = PAGE_HEADER + i * ELEMENT;
        this.walk(page.readBigUInt64LE(at + 8), null, depth + 1, visit);
      }
    } else {
      throw new BboltError(`page ${pgid} has unexpected flags 0x${flags.toString(16)}`);
    }
  }

  /** A page with its overflow pages, read into the scratch buffer of `depth`. */
  private page(pgid: bigint, depth: number): Buffer {
    const size = this.meta.pageSize;
    const offset = Number(pgid) * size;
    if (pgid >= this.meta.pgid || offset + size > this.fileSize) {
      throw new BboltError(`page ${pgid} is beyond the end of the database (truncated file?)`);
    }
    // One read for the page; most have no overflow, and those that do are read again whole.
    let page = this.read(offset, size, depth);
    const overflow = page.readUInt32LE(12);
    if (overflow > 0) {
      const length = (overflow + 1) * size;
      if (offset + length > this.fileSize) {
        throw new BboltError(`page ${pgid} runs past the end of the file (truncated file?)`);
      }
      page = this.read(offset, length, depth);
    }
    return page;
  }

  private read(offset: number, length: number, depth: number): Buffer {
    let buf = this.scratch[depth];
    if (!buf || buf.length < length) {
      buf = this.scratch[depth] = Buffer.allocUnsafe(Math.max(length, 64 * 1024));
    }
    if (readSync(this.fd, buf, 0, length, offset) !== length) {
      throw new BboltError(`the file ended inside the page at offset ${offset} (truncated file?)`);
    }
    return buf.subarray(0, length);
  }

  /** The valid meta page with the highest transaction id (bbolt keeps two). */
  private readMeta(): Meta {
    const metas: Meta[] = [];
    for (const at of [0, 4096]) {
      if (at + PAGE_HEADER + 64 > this.fileSize) {
        continue;
      }
      const buf = this.read(at, PAGE_HEADER + 64, 0);
      const m = PAGE_HEADER;
      if (!(buf.readUInt16LE(8) & META) || buf.readUInt32LE(m) !== MAGIC || buf.readUInt32LE(m + 4) !== 2) {
        continue;
      }
      const checksum = buf.readBigUInt64LE(m + 56);
      if (fnv1a64(buf.subarray(m, m + 56)) !== checksum) {
        continue;
      }
      const meta = {
        pageSize: buf.readUInt32LE(m + 8),
        root: buf.readBigUInt64LE(m + 16),
        pgid: buf.readBigUInt64LE(m + 40),
        txid: buf.readBigUInt64LE(m + 48),
      };
      // The second meta sits at pageSize, which is 4096 on the machines etcd runs on.
      if (at === 0 || meta.pageSize === at) {
        metas.push(meta);
      }
    }
    if (metas.length === 0) {
      throw new BboltError('not a bbolt database (no valid meta page): is it an etcd snapshot or data file?');
    }
    return metas.reduce((a, b) => (b.txid > a.txid ? b : a));
  }
}

/** FNV-1a 64-bit, bbolt's meta checksum. */
function fnv1a64(data: Buffer): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of data) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'fs';

/** Files up to this size are read whole (one read instead of one per page). */
const READ_WHOLE_LIMIT = 1024 * 1024 * 1024;

/**
 * A small read-only reader of the bbolt file format (etcd's backend): meta pages,
 * branch and leaf pages, overflow, inline buckets. Enough to walk every bucket and
 * key in order, as `etcdctl snapshot status` does, without etcd.
 */

const MAGIC = 0xed0cdaed;
const PAGE_HEADER = 16;
const BRANCH = 0x01;
const LEAF = 0x02;
const META = 0x04;
const BUCKET_LEAF = 0x01;
const ELEMENT = 16;

export class BboltError extends Error {}

interface Meta {
  pageSize: number;
  root: bigint;
  pgid: bigint;
  txid: bigint;
}

export class BboltReader {
  private readonly meta: Meta;
  private readonly whole: Buffer | undefined;

  private constructor(private readonly fd: number, private readonly fileSize: number) {
    this.whole = fileSize <= READ_WHOLE_LIMIT ? readFileSync(fd) : undefined;
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

  /** The whole file, when it was small enough to read at once. */
  get contents(): Buffer | undefined {
    return this.whole;
  }

  /** The database's size as bbolt reports it (Tx.Size: high-water page id x page size). */
  get size(): number {
    return Number(this.meta.pgid) * this.meta.pageSize;
  }

  /** Calls `fn` for every top-level bucket, in key order. */
  forEachBucket(fn: (name: Buffer, forEachKey: (visit: (key: Buffer, value: Buffer | null) => void) => void) => void): void {
    this.walk(this.meta.root, null, (name, value, flags) => {
      if (!(flags & BUCKET_LEAF)) {
        throw new BboltError(`a top-level entry (${name.toString()}) is not a bucket`);
      }
      fn(name, visit => this.walkBucket(value, visit));
    });
  }

  private walkBucket(header: Buffer, visit: (key: Buffer, value: Buffer | null) => void): void {
    const root = header.readBigUInt64LE(0);
    const inline = root === 0n ? header.subarray(16) : null;
    this.walk(root, inline, (key, value, flags) => visit(key, flags & BUCKET_LEAF ? null : value));
  }

  /** In-order walk of the B+tree under `pgid` (or an inline page). */
  private walk(pgid: bigint, inline: Buffer | null, visit: (key: Buffer, value: Buffer, flags: number) => void): void {
    const page = inline ?? this.page(pgid);
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
        visit(page.subarray(k, k + ksize), page.subarray(k + ksize, k + ksize + vsize), elemFlags);
      }
    } else if (flags & BRANCH) {
      for (let i = 0; i < count; i++) {
        const at = PAGE_HEADER + i * ELEMENT;
        this.walk(page.readBigUInt64LE(at + 8), null, visit);
      }
    } else {
      throw new BboltError(`page ${pgid} has unexpected flags 0x${flags.toString(16)}`);
    }
  }

  /** A page with its overflow pages. */
  private page(pgid: bigint): Buffer {
    const size = this.meta.pageSize;
    const offset = Number(pgid) * size;
    if (pgid >= this.meta.pgid || offset + PAGE_HEADER > this.fileSize) {
      throw new BboltError(`page ${pgid} is beyond the end of the database (truncated file?)`);
    }
    const head = this.read(offset, PAGE_HEADER);
    const overflow = head.readUInt32LE(12);
    const length = (overflow + 1) * size;
    if (offset + length > this.fileSize) {
      throw new BboltError(`page ${pgid} runs past the end of the file (truncated file?)`);
    }
    return this.read(offset, length);
  }

  private read(offset: number, length: number): Buffer {
    if (this.whole) {
      return this.whole.subarray(offset, offset + length);
    }
    const buf = Buffer.alloc(length);
    readSync(this.fd, buf, 0, length, offset);
    return buf;
  }

  /** The valid meta page with the highest transaction id (bbolt keeps two). */
  private readMeta(): Meta {
    const metas: Meta[] = [];
    for (const at of [0, 4096]) {
      if (at + PAGE_HEADER + 64 > this.fileSize) {
        continue;
      }
      const buf = this.read(at, PAGE_HEADER + 64);
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

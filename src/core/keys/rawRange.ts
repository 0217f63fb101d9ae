import type { Etcd3, IKeyValue } from 'etcd3';
import { execRaw, RawRequest } from '../client/requestPolicy';
import { bytesField, NumberCursor, ProtoError, readFields, varintField } from '../client/protoWire';

// etcd's RangeRequest and RangeResponse on the wire (etcdserverpb/rpc.proto), for
// listings: a keys-only range of a million keys decoded by protobufjs is an object,
// two Longs and a Buffer per key, only to be counted. Here the response's bytes are
// walked once, children counted from key slices, and only a direct child's own key
// has its revisions decoded.

export interface RawRangeRequest {
  key: Buffer;
  /** Exclusive end of the range; none (or empty) for the one key. */
  rangeEnd?: Buffer;
  limit?: number;
  revision?: string;
  keysOnly?: boolean;
  /** Only the count (etcd walks its index, reads no value). */
  countOnly?: boolean;
}

/**
 * RangeRequest: key=1, range_end=2, limit=3, revision=4, keys_only=8. An empty range_end
 * is left out: sent as a field of length 0, etcd's index (which asks `end == nil`) reads
 * it as "to the end of the keyspace", not as the one key.
 */
export function encodeRangeRequest(req: RawRangeRequest): Buffer {
  const parts: Buffer[] = [bytesField(1, req.key)];
  if (req.rangeEnd?.length) {
    parts.push(bytesField(2, req.rangeEnd));
  }
  if (req.limit) {
    parts.push(varintField(3, BigInt(req.limit)));
  }
  if (req.revision && req.revision !== '0') {
    parts.push(varintField(4, BigInt(req.revision)));
  }
  if (req.keysOnly) {
    parts.push(varintField(8, 1n));
  }
  if (req.countOnly) {
    parts.push(varintField(9, 1n));
  }
  return Buffer.concat(parts);
}

export interface RangeSummary {
  revision: string;
  count: number;
  more: boolean;
  /** The last key of the response (to go on from when `more`). */
  lastKey?: Buffer;
}

/**
 * Called for each KeyValue of a response with offsets into its buffer (no copy): the
 * key's bytes and the whole record's, for keyValueMeta when the caller needs revisions.
 */
export type KeyVisitor = (keyStart: number, keyEnd: number, recordStart: number, recordEnd: number) => void;

/**
 * Walks a RangeResponse (header=1, kvs=2, more=3, count=4), handing each KeyValue's
 * key to `onKey` as offsets into `buf`. Nothing is allocated per key: a listing of a
 * million keys spends its time here. Without `onKey` the records are stepped over
 * whole and only the last one's key is read (where a page ends).
 */
export function walkRangeResponse(buf: Buffer, onKey?: KeyVisitor): RangeSummary {
  const walker = new RangeWalker(buf);
  walker.visit(Infinity, onKey);
  return walker.summary();
}

/** walkRangeResponse a few records at a time: `visit` goes on where the last call stopped. */
export class RangeWalker {
  private readonly c: NumberCursor;
  private revision = '0';
  private count = 0;
  private more = false;
  private lastStart = -1;
  private lastEnd = -1;

  constructor(private readonly buf: Buffer) {
    this.c = new NumberCursor(buf);
  }

  /** Visits up to `max` more records (steps over them without `onKey`); true while the response has more. */
  visit(max: number, onKey?: KeyVisitor): boolean {
    // Locals in the loop, fields written once on the way out: this loop is a listing's hot path.
    const { buf, c } = this;
    let visited = 0;
    let lastStart = this.lastStart;
    let lastEnd = this.lastEnd;
    let more = true;
    for (;;) {
      if (c.pos >= buf.length) {
        more = false;
        break;
      }
      const tag = c.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 1 && wire === 2) {
        const end = c.delimitedEnd();
        this.revision = headerRevision(buf, c.pos, end);
        c.pos = end;
      } else if (field === 2 && wire === 2) {
        const end = c.delimitedEnd();
        const start = c.pos;
        lastStart = start;
        lastEnd = end;
        if (onKey) {
          // The key's bounds found inline (no pair allocated per key): all a walk needs.
          let keyStart = -1;
          let keyEnd = -1;
          while (c.pos < end) {
            const t = c.varint();
            if (t === 0x0a) {
              keyEnd = c.delimitedEnd();
              keyStart = c.pos;
              break;
            }
            c.skip(t & 7);
          }
          if (keyEnd > end || keyStart < 0) {
            throw new ProtoError('malformed RangeResponse: a KeyValue without its key');
          }
          onKey(keyStart, keyEnd, start, end);
        }
        c.pos = end;
        if (++visited === max) {
          break;
        }
      } else if (field === 3 && wire === 0) {
        this.more = c.varint() !== 0;
      } else if (field === 4 && wire === 0) {
        this.count = c.varint();
      } else {
        c.skip(wire);
      }
    }
    this.lastStart = lastStart;
    this.lastEnd = lastEnd;
    return more && c.pos < buf.length;
  }

  /** What the records walked so far say (all of them once `visit` has returned false). */
  summary(): RangeSummary {
    let lastKey: Buffer | undefined;
    if (this.lastStart >= 0) {
      const at = new NumberCursor(this.buf, this.lastStart);
      const [keyStart, keyEnd] = recordKey(at, this.lastEnd);
      lastKey = Buffer.from(this.buf.subarray(keyStart, keyEnd));
    }
    return { revision: this.revision, count: this.count, more: this.more, lastKey };
  }
}

/** The key of the KeyValue record that starts at the cursor and ends at `end`: [start, end) in the buffer. */
function recordKey(c: NumberCursor, end: number): [number, number] {
  while (c.pos < end) {
    const t = c.varint();
    if (t === 0x0a) {
      const keyEnd = c.delimitedEnd();
      if (keyEnd > end) {
        break;
      }
      return [c.pos, keyEnd]; // the key is all a walk needs; the record's end is known
    }
    c.skip(t & 7);
  }
  throw new ProtoError('malformed RangeResponse: a KeyValue without its key');
}

/** ResponseHeader: revision=3. */
function headerRevision(buf: Buffer, start: number, end: number): string {
  const c = new NumberCursor(buf, start);
  while (c.pos < end) {
    const t = c.varint();
    if (t === 0x18) {
      return c.varintDecimal();
    }
    c.skip(t & 7);
  }
  return '0';
}

/**
 * A KeyValue record's revisions (create_revision=2, mod_revision=3, version=4, lease=6),
 * as decimal strings: revisions and versions as numbers (they stay far below 2^53), a
 * lease ID (64 bits) through BigInt, only when the key has one.
 */
export function keyValueMeta(buf: Buffer, start: number, end: number): { createRevision: string; modRevision: string; version: string; lease: string } {
  const out = { createRevision: '0', modRevision: '0', version: '0', lease: '0' };
  const c = new NumberCursor(buf, start);
  while (c.pos < end) {
    const t = c.varint();
    const field = Math.floor(t / 8);
    if ((t & 7) !== 0) {
      c.skip(t & 7);
    } else if (field === 6) {
      out.lease = c.varintDecimal();
    } else {
      const v = c.varint();
      if (field === 2) {
        out.createRevision = String(v);
      } else if (field === 3) {
        out.modRevision = String(v);
      } else if (field === 4) {
        out.version = String(v);
      }
    }
  }
  return out;
}

/** Where a KeyValue record's value (field 5) lies in `buf`: [start, end), empty when it has none. */
export function valueBounds(buf: Buffer, start: number, end: number): [number, number] {
  const c = new NumberCursor(buf, start);
  while (c.pos < end) {
    const t = c.varint();
    if (t === 0x2a) {
      const valueEnd = c.delimitedEnd();
      return [c.pos, valueEnd];
    }
    c.skip(t & 7);
  }
  return [end, end];
}

/**
 * A whole KeyValue record (key=1, create_revision=2, mod_revision=3, version=4,
 * value=5, lease=6) as etcd3 hands one over: revisions as decimal strings, key and value
 * as views of `buf` (no copy: they keep the page alive while they are held).
 */
export function decodeKeyValue(buf: Buffer, start: number, end: number): IKeyValue {
  const kv: IKeyValue = { key: EMPTY, value: EMPTY, create_revision: '0', mod_revision: '0', version: '0', lease: '0' };
  const c = new NumberCursor(buf, start);
  while (c.pos < end) {
    const t = c.varint();
    const field = Math.floor(t / 8);
    const wire = t & 7;
    if (wire === 2 && (field === 1 || field === 5)) {
      const valueEnd = c.delimitedEnd();
      const bytes = buf.subarray(c.pos, valueEnd);
      c.pos = valueEnd;
      if (field === 1) {
        kv.key = bytes;
      } else {
        kv.value = bytes;
      }
    } else if (wire === 0 && field === 6) {
      kv.lease = c.varintDecimal(true);
    } else if (wire === 0 && field >= 2 && field <= 4) {
      const n = String(c.varint());
      if (field === 2) {
        kv.create_revision = n;
      } else if (field === 3) {
        kv.mod_revision = n;
      } else {
        kv.version = n;
      }
    } else {
      c.skip(wire);
    }
  }
  if (c.pos > end) {
    throw new ProtoError('malformed KeyValue: a field runs past its record');
  }
  return kv;
}

const EMPTY = Buffer.alloc(0);

/** One range call, encoded and decoded here, on the client's own channel and request policy. */
export async function rawRange(etcd: Etcd3, req: RawRangeRequest): Promise<Buffer> {
  return execRaw(etcd, 'KV', 'range', new RawRequest('/etcdserverpb.KV/Range', encodeRangeRequest(req), req.key, req.rangeEnd));
}

/** etcd's default --max-txn-ops: the most operations one transaction may hold. */
export const TXN_OPS = 128;

/**
 * Ranges in one read-only transaction (at most etcd's --max-txn-ops of them), encoded
 * and decoded here: each RangeResponse's bytes, in order, for walkRangeResponse.
 * TxnRequest: success=2 of RequestOp (request_range=1); TxnResponse: responses=3 of
 * ResponseOp (response_range=1).
 */
export async function rawReadTxn(etcd: Etcd3, ranges: RawRangeRequest[]): Promise<Buffer[]> {
  const request = Buffer.concat(ranges.map(r => bytesField(2, bytesField(1, encodeRangeRequest(r)))));
  const bytes = await execRaw(etcd, 'KV', 'txn', new RawRequest('/etcdserverpb.KV/Txn', request, ranges[0]?.key, undefined, true));
  const out: Buffer[] = [];
  readFields(bytes, (field, op) => {
    if (field === 3 && Buffer.isBuffer(op)) {
      readFields(op, (f, range) => {
        if (f === 1 && Buffer.isBuffer(range)) {
          out.push(range);
        }
      });
    }
  });
  if (out.length !== ranges.length) {
    throw new ProtoError(`malformed TxnResponse: ${out.length} range responses for ${ranges.length} ranges`);
  }
  return out;
}

/**
 * Bytes that split a folder's range, after its prefix, into ascending parts: below
 * "0", then parts that double ("0", "1"-"2", "3"-"6", ... "o" up to 0xae), then the
 * rest. Any range, even `limit: 1`, makes etcd 3.4 walk all of it in its index to
 * count it; a part walks only its own keys, so a folder's first keys are looked for
 * part by part: names spread over many first bytes (hex, words: ZTAP's `election`
 * and `nodes` before `policies`) cost a small part of the folder, names that share
 * their first byte one walk of it, as one range did, and a few ranges over nothing.
 */
const PART_BOUNDS = [0x30, 0x31, 0x33, 0x37, 0x3f, 0x4f, 0x6f, 0xaf];

/**
 * Reads the parts of [prefix, rangeEnd) in order with `read` until it says one held
 * keys (true); false when none did.
 */
export async function firstPartWithKeys(prefix: Buffer, rangeEnd: Buffer, read: (from: Buffer, to: Buffer) => Promise<boolean>): Promise<boolean> {
  let from = prefix;
  for (const to of [...PART_BOUNDS.map(b => Buffer.concat([prefix, Buffer.from([b])])), rangeEnd]) {
    if (await read(from, to)) {
      return true;
    }
    from = to;
  }
  return false;
}

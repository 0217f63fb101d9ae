import type { Etcd3 } from 'etcd3';
import { RawRequest, requestPolicyOf } from '../client/requestPolicy';
import { KeyChild, keyMeta } from './listChildren';
import { keyToText } from './keyText';
import { readVarintNumber as readVarint } from '../client/protoWire';

// etcd's RangeRequest and RangeResponse on the wire (etcdserverpb/rpc.proto), for
// listings: a keys-only range of a million keys decoded by protobufjs is an object,
// two Longs and a Buffer per key, only to be counted. Here the response's bytes are
// walked once, children counted from key slices, and only a direct child's own key
// has its revisions decoded.

const SLASH = 0x2f;

export interface RawRangeRequest {
  key: Buffer;
  rangeEnd: Buffer;
  limit?: number;
  revision?: string;
  keysOnly?: boolean;
}

/** RangeRequest: key=1, range_end=2, limit=3, revision=4, keys_only=8. */
export function encodeRangeRequest(req: RawRangeRequest): Buffer {
  const parts: Buffer[] = [bytesField(1, req.key), bytesField(2, req.rangeEnd)];
  if (req.limit) {
    parts.push(varintField(3, BigInt(req.limit)));
  }
  if (req.revision && req.revision !== '0') {
    parts.push(varintField(4, BigInt(req.revision)));
  }
  if (req.keysOnly) {
    parts.push(varintField(8, 1n));
  }
  return Buffer.concat(parts);
}

function varint(n: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) {
      byte |= 0x80;
    }
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

function varintField(field: number, n: bigint): Buffer {
  return Buffer.concat([varint(BigInt((field << 3) | 0)), varint(n)]);
}

function bytesField(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([varint(BigInt((field << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
}

/** A varint at `pos` as a decimal string (64-bit lease IDs do not fit a number). */
function readVarintString(buf: Buffer, pos: number): [string, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++];
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) {
      return [result.toString(), pos];
    }
    shift += 7n;
  }
}

function skip(buf: Buffer, pos: number, wire: number): number {
  switch (wire) {
    case 0:
      return readVarint(buf, pos)[1];
    case 1:
      return pos + 8;
    case 2: {
      const [len, at] = readVarint(buf, pos);
      return at + len;
    }
    case 5:
      return pos + 4;
    default:
      throw new Error(`malformed RangeResponse: wire type ${wire}`);
  }
}

export interface RangeSummary {
  revision: string;
  count: number;
  more: boolean;
  /** The last key of the response (to go on from when `more`). */
  lastKey?: Buffer;
}

/**
 * Walks a RangeResponse (header=1, kvs=2, more=3, count=4), handing each KeyValue's
 * key to `onKey` as offsets into `buf` (no copy), with a way to decode that record's
 * metadata when the caller needs it.
 */
export function walkRangeResponse(
  buf: Buffer,
  onKey: (keyStart: number, keyEnd: number, meta: () => { createRevision: string; modRevision: string; version: string; lease: string }) => void,
): RangeSummary {
  let pos = 0;
  let revision = '0';
  let count = 0;
  let more = false;
  let lastStart = -1;
  let lastEnd = -1;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    pos = afterTag;
    if (field === 1 && wire === 2) {
      const [len, start] = readVarint(buf, pos);
      revision = headerRevision(buf, start, start + len);
      pos = start + len;
    } else if (field === 2 && wire === 2) {
      const [len, start] = readVarint(buf, pos);
      const end = start + len;
      let p = start;
      let keyStart = -1;
      let keyEnd = -1;
      while (p < end) {
        const [t, a] = readVarint(buf, p);
        if (t === 0x0a) {
          const [klen, ks] = readVarint(buf, a);
          keyStart = ks;
          keyEnd = ks + klen;
          p = keyEnd;
        } else {
          p = skip(buf, a, t & 7);
        }
      }
      lastStart = keyStart;
      lastEnd = keyEnd;
      onKey(keyStart, keyEnd, () => kvMeta(buf, start, end));
      pos = end;
    } else if (field === 3 && wire === 0) {
      const [v, next] = readVarint(buf, pos);
      more = v !== 0;
      pos = next;
    } else if (field === 4 && wire === 0) {
      const [v, next] = readVarint(buf, pos);
      count = v;
      pos = next;
    } else {
      pos = skip(buf, pos, wire);
    }
  }
  return { revision, count, more, lastKey: lastStart >= 0 ? Buffer.from(buf.subarray(lastStart, lastEnd)) : undefined };
}

/** ResponseHeader: revision=3. */
function headerRevision(buf: Buffer, start: number, end: number): string {
  let p = start;
  while (p < end) {
    const [t, a] = readVarint(buf, p);
    if (t === 0x18) {
      return readVarintString(buf, a)[0];
    }
    p = skip(buf, a, t & 7);
  }
  return '0';
}

/** KeyValue: create_revision=2, mod_revision=3, version=4, lease=6. */
function kvMeta(buf: Buffer, start: number, end: number): { createRevision: string; modRevision: string; version: string; lease: string } {
  const out = { createRevision: '0', modRevision: '0', version: '0', lease: '0' };
  let p = start;
  while (p < end) {
    const [t, a] = readVarint(buf, p);
    const field = Math.floor(t / 8);
    if ((t & 7) === 0 && (field === 2 || field === 3 || field === 4 || field === 6)) {
      const [v, next] = readVarintString(buf, a);
      if (field === 2) {
        out.createRevision = v;
      } else if (field === 3) {
        out.modRevision = v;
      } else if (field === 4) {
        out.version = v;
      } else {
        out.lease = v;
      }
      p = next;
    } else {
      p = skip(buf, a, t & 7);
    }
  }
  return out;
}

/** One range call, encoded and decoded here, on the client's own channel and request policy. */
export async function rawRange(etcd: Etcd3, req: RawRangeRequest): Promise<Buffer> {
  const policy = requestPolicyOf(etcd);
  if (!policy) {
    throw new Error('rawRange needs a client made by createEtcd3');
  }
  return policy.execRaw('KV', 'range', new RawRequest('/etcdserverpb.KV/Range', encodeRangeRequest(req), req.key, req.rangeEnd));
}

/**
 * Counts the children under `prefixLength` bytes of every key in [key, rangeEnd) at
 * `revision`, keys-only, in as few requests as etcd allows (a page of `pageSize`
 * keys, then on from the last one), into `into` (keyed by the name's exact bytes).
 * Returns how many keys it read.
 */
export async function countChildrenRaw(
  etcd: Etcd3,
  range: { key: Buffer; rangeEnd: Buffer; revision: string; pageSize: number },
  prefixLength: number,
  into: Map<string, KeyChild>,
  { meta: withMeta = true }: { meta?: boolean } = {},
): Promise<number> {
  let from = range.key;
  let read = 0;
  for (;;) {
    const buf = await rawRange(etcd, { key: from, rangeEnd: range.rangeEnd, limit: range.pageSize, revision: range.revision, keysOnly: true });
    let lastName = '';
    let last: KeyChild | undefined;
    const summary = walkRangeResponse(buf, (ks, ke, meta) => {
      read++;
      const slash = buf.indexOf(SLASH, ks + prefixLength);
      const nameEnd = slash < 0 || slash >= ke ? ke : slash;
      // latin1: one char per byte, so two names differing only in bytes that are not UTF-8 never merge.
      const name = buf.toString('latin1', ks + prefixLength, nameEnd);
      let child = name === lastName ? last : into.get(name);
      if (!child) {
        child = { name: keyToText(buf.subarray(ks + prefixLength, nameEnd)), isKey: false, isFolder: false, keys: 0 };
        into.set(name, child);
      }
      lastName = name;
      last = child;
      child.keys++;
      if (nameEnd === ke) {
        child.isKey = true;
        if (withMeta) {
          const m = meta();
          child.meta = keyMeta(m.createRevision, m.modRevision, m.version, m.lease);
        }
      } else {
        child.isFolder = true;
      }
    });
    if (!summary.more || !summary.lastKey) {
      return read;
    }
    from = Buffer.concat([summary.lastKey, Buffer.from([0])]);
  }
}

import { NumberCursor, ProtoError } from '../client/protoWire';
import { idToHex } from '../cluster/ids';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { keyFromText, keyToText } from '../keys/keyText';
import type { KeyChild, KeyListing } from '../keys/keyChild';
import type { KeyValueRecord } from '../values/getKey';
import { BboltError, BboltReader } from './bboltReader';

/**
 * The keys of an etcd snapshot (or data) file as etcd would serve them at the file's
 * revision, read with no etcd running.
 *
 * etcd's "key" bucket holds every revision still kept: the bucket key is the revision
 * (8 bytes big-endian main revision, "_", 8 bytes sub revision, and a trailing "t"
 * for a deletion, a tombstone), the value an mvccpb.KeyValue. Walked in revision order,
 * the last entry of each key is its state at the end; a tombstone means deleted.
 * Compaction only drops entries older than a key's last one, so this holds on any file.
 * Values are not kept: each key's value is indexed by its offset in the file and read
 * when asked for, so memory grows with the number of keys, not the size of the values.
 */

export const REVISION_BYTES = 17;
export const TOMBSTONE = 0x74; // "t"

/** One revision of a key as decoded: its metadata and where its value lies in the file. */
export interface Slot {
  create: number;
  mod: number;
  version: number;
  /** The lease ID as decimal text ("0" for none): 64-bit IDs do not fit a number. */
  lease: string;
  valueOffset: number;
  valueLength: number;
  /** The value itself, only for a key bucket stored inline in the file (tiny databases). */
  inlineValue?: Buffer;
}

/**
 * The keys' metadata in columns of numbers, not an object per key: a million keys'
 * objects cost more memory than the keys themselves. Slot numbers index every column.
 */
class SlotTable {
  private size = 0;
  private create = new Float64Array(1024);
  private mod = new Float64Array(1024);
  private version = new Float64Array(1024);
  private offset = new Float64Array(1024);
  private length = new Float64Array(1024);
  /** Only the slots with a lease or an inline value have an entry. */
  private readonly leases = new Map<number, string>();
  private readonly inline = new Map<number, Buffer>();

  add(slot: Slot): number {
    if (this.size === this.create.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      [this.create, this.mod, this.version, this.offset, this.length] = [this.create, this.mod, this.version, this.offset, this.length].map(grow);
    }
    const i = this.size++;
    this.create[i] = slot.create;
    this.mod[i] = slot.mod;
    this.version[i] = slot.version;
    this.offset[i] = slot.valueOffset;
    this.length[i] = slot.valueLength;
    if (slot.lease !== '0') {
      this.leases.set(i, slot.lease);
    }
    if (slot.inlineValue) {
      this.inline.set(i, slot.inlineValue);
    }
    return i;
  }

  get(i: number): Slot {
    return {
      create: this.create[i],
      mod: this.mod[i],
      version: this.version[i],
      lease: this.leases.get(i) ?? '0',
      valueOffset: this.offset[i],
      valueLength: this.length[i],
      inlineValue: this.inline.get(i),
    };
  }

  lease(i: number): string {
    return this.leases.get(i) ?? '0';
  }
}

export interface SnapshotLease {
  /** Hex, as etcdctl and the tree show lease IDs. */
  id: string;
  /** The TTL it was granted with, in seconds. */
  ttl: number;
  /** Keys of the snapshot attached to it. */
  keys: number;
}

export interface SnapshotEntry extends KeyValueRecord {
  /** The key's bytes (the record's `key` is its text form). */
  keyBytes: Buffer;
}

export class SnapshotIndex {
  /** Live keys in byte order, as latin1 strings (one char per byte, so string order is byte order). */
  private readonly keys: string[];
  /** The slot of each key in `keys`. */
  private readonly slotOf: Int32Array;

  private constructor(
    private readonly db: BboltReader,
    readonly path: string,
    /** The highest revision in the file: the revision the snapshot was taken at. */
    readonly revision: number,
    /** The revision etcd had compacted the file's history to (0 when never). */
    readonly compactRevision: number,
    live: Map<string, number>,
    private readonly slots: SlotTable,
    private readonly leaseTtls: Map<string, number>,
  ) {
    this.keys = [...live.keys()].sort();
    this.slotOf = Int32Array.from(this.keys, k => live.get(k)!);
  }

  /** Reads the file's key and lease buckets; a file that is not an etcd database is a BboltError. */
  static open(path: string): SnapshotIndex {
    const db = BboltReader.open(path);
    try {
      const live = new Map<string, number>();
      const slots = new SlotTable();
      let revision = 0;
      const hasKeys = db.forEachKeyOf('key', (revKey, value, valueOffset) => {
        if (revKey.length < REVISION_BYTES) {
          throw new BboltError(`a key bucket entry of ${revKey.length} bytes is not an etcd revision (is this an etcd database?)`);
        }
        revision = revKey.readUInt32BE(0) * 2 ** 32 + revKey.readUInt32BE(4);
        const kv = decodeKeyValue(value, valueOffset);
        if (revKey.length > REVISION_BYTES && revKey[REVISION_BYTES] === TOMBSTONE) {
          live.delete(kv.key);
        } else {
          live.set(kv.key, slots.add(kv.slot));
        }
      });
      if (!hasKeys) {
        throw new BboltError('the file has no "key" bucket: it is a bbolt database, but not etcd\'s');
      }
      const leaseTtls = new Map<string, number>();
      db.forEachKeyOf('lease', (_id, value) => {
        const lease = decodeLease(value);
        leaseTtls.set(lease.id, lease.ttl);
      });
      return new SnapshotIndex(db, path, revision, readCompactRevision(db), live, slots, leaseTtls);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }

  get keyCount(): number {
    return this.keys.length;
  }

  /** The immediate children of a folder with key counts, as listChildren gives them for a live cluster. */
  list(prefix: string): KeyListing {
    const folder = folderPrefix(prefix);
    const base = keyFromText(folder).toString('latin1');
    const byName = new Map<string, KeyChild>();
    const order: string[] = [];
    const [start, end] = this.span(folder);
    for (let i = start; i < end; i++) {
      const key = this.keys[i];
      const slash = key.indexOf('/', base.length);
      const segment = key.slice(base.length, slash < 0 ? undefined : slash);
      let child = byName.get(segment);
      if (!child) {
        child = { name: keyToText(Buffer.from(segment, 'latin1')), isKey: false, isFolder: false, keys: 0, meta: undefined };
        byName.set(segment, child);
        order.push(segment);
      }
      child.keys++;
      if (slash < 0) {
        const s = this.slots.get(this.slotOf[i]);
        child.isKey = true;
        child.meta = { createRevision: String(s.create), modRevision: String(s.mod), version: String(s.version), lease: leaseHex(s.lease) };
      } else {
        child.isFolder = true;
      }
    }
    // By name bytes, as listChildren gives them: "a/x" sorts after "a-b", so a child's keys
    // need not be contiguous, and first sight is not name order.
    order.sort();
    return { prefix: folder, revision: String(this.revision), children: order.map(s => byName.get(s)!) };
  }

  /** One key with its value, or null when the snapshot does not have it. */
  get(key: string): SnapshotEntry | null {
    const bytes = keyFromText(key).toString('latin1');
    const i = this.lowerBound(bytes);
    return i < this.keys.length && this.keys[i] === bytes ? this.entry(i) : null;
  }

  /** Every key under `prefix` (all keys for ""), in key order, values read from the file. */
  *entries(prefix = ''): Generator<SnapshotEntry> {
    const [start, end] = this.span(prefix);
    for (let i = start; i < end; i++) {
      yield this.entry(i);
    }
  }

  /** Up to `limit` keys under `prefix` after the key `after` (from the start without it), values read. */
  page(prefix: string, after: Buffer | undefined, limit: number): SnapshotEntry[] {
    const [start, end] = this.span(prefix);
    const from = after ? Math.max(start, this.lowerBound(Buffer.concat([after, Buffer.from([0])]).toString('latin1'))) : start;
    const out: SnapshotEntry[] = [];
    for (let i = from; i < end && out.length < limit; i++) {
      out.push(this.entry(i));
    }
    return out;
  }

  /** How many keys lie under `prefix`. */
  count(prefix = ''): number {
    const [start, end] = this.span(prefix);
    return end - start;
  }

  /** The leases in the file, with how many of its keys each holds. */
  leases(): SnapshotLease[] {
    const keysOf = new Map<string, number>();
    for (const slot of this.slotOf) {
      const lease = this.slots.lease(slot);
      if (lease !== '0') {
        keysOf.set(lease, (keysOf.get(lease) ?? 0) + 1);
      }
    }
    return [...this.leaseTtls.entries()].map(([id, ttl]) => ({ id: leaseHex(id), ttl, keys: keysOf.get(id) ?? 0 }));
  }

  private entry(i: number): SnapshotEntry {
    const s = this.slots.get(this.slotOf[i]);
    const keyBytes = Buffer.from(this.keys[i], 'latin1');
    const value = s.inlineValue ?? (s.valueLength === 0 ? Buffer.alloc(0) : this.db.readAt(s.valueOffset, s.valueLength));
    return {
      key: keyToText(keyBytes),
      keyBytes,
      value,
      createRevision: String(s.create),
      modRevision: String(s.mod),
      version: String(s.version),
      lease: leaseHex(s.lease),
    };
  }

  /** The positions [start, end) of the keys under `prefix`: two binary searches, keys being in byte order. */
  private span(prefix: string): [number, number] {
    const base = keyFromText(prefix);
    const rangeEnd = prefixRangeEnd(base);
    // etcd's "to the end of the keyspace" (an empty or all-0xff prefix) is the byte 0.
    const end = rangeEnd.length === 1 && rangeEnd[0] === 0 ? this.keys.length : this.lowerBound(rangeEnd.toString('latin1'));
    return [this.lowerBound(base.toString('latin1')), end];
  }

  /** The first position whose key is >= `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}

function leaseHex(lease: string): string {
  return lease === '0' ? '0' : idToHex(lease);
}

/**
 * mvccpb.KeyValue: key=1 (bytes), create_revision=2, mod_revision=3, version=4,
 * value=5 (bytes), lease=6; decoded by hand (one per revision of every key).
 */
/** One entry of the key bucket: the key (latin1, a char per byte) and its revision's metadata. */
export function decodeKeyValue(message: Buffer, messageOffset: number): { key: string; slot: Slot } {
  try {
    return decodeKeyValueFields(message, messageOffset);
  } catch (err) {
    throw err instanceof ProtoError ? new BboltError(`a key bucket value is not an etcd KeyValue (${err.message})`) : err;
  }
}

const recordCursor = new NumberCursor(Buffer.alloc(0));

function decodeKeyValueFields(message: Buffer, messageOffset: number): { key: string; slot: Slot } {
  let key = '';
  const slot: Slot = { create: 0, mod: 0, version: 0, lease: '0', valueOffset: -1, valueLength: 0 };
  // One cursor for every record: no object per record or array per field, on the hottest loop of a million keys.
  const c = recordCursor.reset(message);
  while (c.pos < message.length) {
    const tag = c.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) {
      if (field === 6) {
        slot.lease = c.varintDecimal(true);
        continue;
      }
      const n = c.varint();
      if (field === 2) {
        slot.create = n;
      } else if (field === 3) {
        slot.mod = n;
      } else if (field === 4) {
        slot.version = n;
      }
    } else if (wire === 2 && (field === 1 || field === 5)) {
      const length = c.varint();
      const pos = c.pos;
      if (pos + length > message.length) {
        throw new ProtoError('a field runs past its end');
      }
      if (field === 1) {
        key = message.toString('latin1', pos, pos + length);
      } else {
        slot.valueLength = length;
        if (messageOffset < 0) {
          slot.inlineValue = Buffer.from(message.subarray(pos, pos + length));
        } else {
          slot.valueOffset = messageOffset + pos;
        }
      }
      c.pos = pos + length;
    } else {
      c.skip(wire);
    }
  }
  return { key, slot };
}

/** leasepb.Lease: ID=1, TTL=2. */
function decodeLease(message: Buffer): { id: string; ttl: number } {
  let id = '0';
  let ttl = 0;
  const c = new NumberCursor(message);
  while (c.pos < message.length) {
    const tag = c.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire !== 0) {
      c.skip(wire);
      continue;
    }
    if (field === 1) {
      id = c.varintDecimal(true);
    } else {
      const n = c.varint();
      if (field === 2) {
        ttl = n;
      }
    }
  }
  return { id, ttl };
}

/**
 * etcd's meta bucket: "scheduledCompactRev" holds the revision of the last compaction
 * asked for (8 bytes of the revision key). A member started on the file treats its
 * history as compacted to there, finished or not ("finishedCompactRev" may lag behind).
 */
function readCompactRevision(db: BboltReader): number {
  let compact = 0;
  db.forEachKeyOf('meta', (key, value) => {
    if (key.toString('latin1') === 'scheduledCompactRev' && value.length >= 8) {
      compact = value.readUInt32BE(0) * 2 ** 32 + value.readUInt32BE(4);
    }
  });
  return compact;
}

import type { Etcd3 } from 'etcd3';
import { KeyChild, KeyListing, keyMeta } from './keyChild';
import { folderPrefix, prefixRangeEnd } from './keyRange';
import { keyFromText, keyToText } from './keyText';
import { readPages } from './pagedRange';
import { firstPartWithKeys, keyValueMeta, rawRange, rawReadTxn, RawRangeRequest, TXN_OPS, walkRangeResponse } from './rawRange';
import { ChildList } from './childList';

const SLASH = 0x2f;
/** Ranges probed per guessed child: the gap before it, its own key, names that extend it below "/", its subtree. */
const OPS_PER_GUESS = 4;
const GUESSES_PER_TXN = Math.floor(TXN_OPS / OPS_PER_GUESS);
/** Below this many keys per child found, counting costs about what reading does: read the rest. */
const MIN_KEYS_PER_CHILD = 16;
/** A gap is read in one range up to this many keys (etcd 3.4 walks the rest of the range again for every page). */
const GAP_PAGE = 1_000_000;

/** A part of the folder's key range, in key order: a child found, or a gap whose keys are read. */
type Region =
  | { kind: 'child'; name: Buffer; key?: KeyChild['meta']; keys: number; subtree: number }
  | { kind: 'gap'; start: Buffer; end: Buffer; count: number | undefined };

export interface CountedListing extends KeyListing {
  /** How many keys were read to find the children not located by counting. */
  scannedKeys: number;
}

/**
 * Lists a folder's children with key counts by counting instead of reading, where the
 * names allow it: the folder's first key is found (firstKey); then the children that
 * follow are guessed (a numbered name's successors: tenant-07, then tenant-08...) and
 * checked with `count_only` ranges, 32 guesses to a read-only transaction, all at the
 * first range's revision. etcd walks only its index for these. The ranges probed tile
 * the folder's key range exactly (for each guess: the gap before it, its own key,
 * names extending it with a byte below "/", its subtree), so whatever a guess misses
 * lies in a gap with a count, and only gaps that hold keys are read, keys-only; the
 * rest of the folder after the last guess is read as it is (usually nothing). Guessing
 * stops as soon as a batch finds fewer than half of its guesses (names without
 * numbering), and the rest is read as one range: never much slower than reading the
 * folder whole. `meta: false` leaves out the keys' revisions (a listing that prints
 * names and counts does not need them).
 */
export async function listChildrenCounted(etcd: Etcd3, prefix: string, { meta = true }: { meta?: boolean } = {}): Promise<CountedListing> {
  const folder = folderPrefix(prefix);
  const base = keyFromText(folder);
  const end = prefixRangeEnd(base);
  const { key: firstKeyFound, revision } = await firstKey(etcd, base, end);
  if (!firstKeyFound) {
    return { prefix: folder, revision, children: [], scannedKeys: 0 };
  }
  const regions: Region[] = [];
  let cursor = base;
  let guesses: Buffer[] = [segmentOf(firstKeyFound, base.length)];
  while (guesses.length > 0) {
    const batch = await probe(etcd, base, cursor, guesses, revision);
    let found = 0;
    let keysFound = 0;
    for (const r of batch.regions) {
      regions.push(r);
      found += r.kind === 'child' ? 1 : 0;
      keysFound += r.kind === 'child' ? r.keys : 0;
    }
    cursor = batch.cursor;
    const lastFound = [...batch.regions].reverse().find((r): r is Extract<Region, { kind: 'child' }> => r.kind === 'child');
    // Go on while guesses hit and each child found spares reading many keys: a child of
    // a few keys costs as much to count as to read (a flat folder of numbered keys).
    const worthIt = found * 2 >= guesses.length && keysFound >= found * MIN_KEYS_PER_CHILD;
    guesses = worthIt && lastFound ? successors(lastFound.name, GUESSES_PER_TXN) : [];
  }
  // The rest, after the last guess: read as it is (a range over nothing walks nothing).
  regions.push({ kind: 'gap', start: cursor, end, count: undefined });
  // Read what counting could not place: only the gaps that hold keys. Regions are in key order.
  const children = new ChildList(base.length, meta);
  let scannedKeys = 0;
  for (const r of regions) {
    if (r.kind === 'child') {
      children.add(r.name.toString('latin1'), { name: keyToText(r.name), isKey: !!r.key, isFolder: r.subtree > 0, keys: r.keys, meta: r.key });
    } else if (r.count === undefined || r.count > 0) {
      const pageSize = r.count === undefined ? GAP_PAGE : Math.min(r.count + 1, GAP_PAGE);
      scannedKeys += await countChildrenRaw(etcd, { key: r.start, rangeEnd: r.end, revision, pageSize }, children);
    }
  }
  return { prefix: folder, revision, children: children.sorted(), scannedKeys };
}

/**
 * The folder's first key and the revision every later range reads at, looked for part
 * by part (firstPartWithKeys: etcd walks all of a range to count it, even with `limit: 1`).
 */
async function firstKey(etcd: Etcd3, base: Buffer, end: Buffer): Promise<{ key?: Buffer; revision: string }> {
  let revision: string | undefined;
  let key: Buffer | undefined;
  await firstPartWithKeys(base, end, async (from, to) => {
    const buf = await rawRange(etcd, { key: from, rangeEnd: to, limit: 1, keysOnly: true, revision });
    const summary = walkRangeResponse(buf);
    revision ??= summary.revision;
    key = summary.lastKey;
    return key !== undefined;
  });
  return { key, revision: revision! };
}

/** The child name a key falls under: its bytes after the folder, up to the next "/". */
function segmentOf(key: Buffer, from: number): Buffer {
  const slash = key.indexOf(SLASH, from);
  return Buffer.from(key.subarray(from, slash < 0 ? key.length : slash));
}

/** The numbered names after `name`: tenant-07 -> tenant-08, tenant-09, tenant-10...; none without a trailing number. */
export function successors(name: Buffer, count: number): Buffer[] {
  const text = name.toString('latin1');
  const m = /^(.*?)(\d+)$/s.exec(text);
  if (!m) {
    return [];
  }
  const [, head, digits] = m;
  const out: Buffer[] = [];
  let n = BigInt(digits);
  for (let i = 0; i < count; i++) {
    n += 1n;
    out.push(Buffer.from(`${head}${n.toString().padStart(digits.length, '0')}`, 'latin1'));
  }
  return out;
}

/**
 * Counts, for each guessed name in order, the four ranges that tile the key range from
 * `cursor` to the end of that name's subtree; a guess that does not exist leaves its
 * ranges as gaps (with their counts). Guesses must sort after `cursor`.
 */
async function probe(etcd: Etcd3, base: Buffer, cursor: Buffer, guesses: Buffer[], revision: string): Promise<{ regions: Region[]; cursor: Buffer }> {
  const ranges: RawRangeRequest[] = [];
  const bounds: Array<{ gapStart: Buffer; own: Buffer; inner: Buffer; subtree: Buffer; after: Buffer; name: Buffer }> = [];
  let at = cursor;
  for (const name of guesses) {
    const own = Buffer.concat([base, name]);
    if (Buffer.compare(own, at) < 0) {
      break; // not after what is counted already: the rest is read as a gap
    }
    const inner = Buffer.concat([own, Buffer.from([0])]);
    const subtree = Buffer.concat([own, Buffer.from([SLASH])]);
    const after = Buffer.concat([own, Buffer.from([SLASH + 1])]);
    bounds.push({ gapStart: at, own, inner, subtree, after, name });
    const count = (key: Buffer, rangeEnd: Buffer): RawRangeRequest => ({ key, rangeEnd, countOnly: true, revision });
    ranges.push(count(at, own), { key: own, keysOnly: true, revision }, count(inner, subtree), count(subtree, after));
    at = after;
  }
  const responses: Buffer[] = [];
  for (let i = 0; i < ranges.length; i += TXN_OPS) {
    responses.push(...(await rawReadTxn(etcd, ranges.slice(i, i + TXN_OPS))));
  }
  const countOf = (res: Buffer) => walkRangeResponse(res).count;
  const regions: Region[] = [];
  bounds.forEach((b, i) => {
    const [gap, own, inner, subtree] = responses.slice(i * OPS_PER_GUESS, i * OPS_PER_GUESS + OPS_PER_GUESS);
    let ownKv: KeyChild['meta'];
    walkRangeResponse(own, (_ks, _ke, rs, re) => {
      const m = keyValueMeta(own, rs, re);
      ownKv = keyMeta(m.createRevision, m.modRevision, m.version, m.lease);
    });
    const subtreeCount = countOf(subtree);
    const gapCount = countOf(gap);
    if (gapCount > 0) {
      regions.push({ kind: 'gap', start: b.gapStart, end: b.own, count: gapCount });
    }
    if (ownKv || subtreeCount > 0) {
      regions.push({ kind: 'child', name: b.name, key: ownKv, keys: (ownKv ? 1 : 0) + subtreeCount, subtree: subtreeCount });
    }
    const innerCount = countOf(inner);
    if (innerCount > 0) {
      regions.push({ kind: 'gap', start: b.inner, end: b.subtree, count: innerCount });
    }
  });
  return { regions, cursor: at };
}

/**
 * Counts the children of every key in [key, rangeEnd) at `revision` into `into`,
 * keys-only, in as few requests as etcd allows (pages of `pageSize` keys). Returns how
 * many keys it read.
 */
async function countChildrenRaw(etcd: Etcd3, range: { key: Buffer; rangeEnd: Buffer; revision: string; pageSize: number }, into: ChildList): Promise<number> {
  let read = 0;
  await readPages(etcd, { ...range, keysOnly: true }, (buf, ks, ke, rs, re) => {
    read++;
    into.addKey(buf, ks, ke, rs, re);
  });
  return read;
}

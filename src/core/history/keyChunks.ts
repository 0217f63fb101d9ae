import type { Etcd3 } from 'etcd3';

/** A part of a key's history to read with its own watch. */
export interface KeyChunk {
  from: bigint;
  to: bigint;
  /** The key's last put in the chunk, when the probes tell it (the chunk's read ends exactly there). */
  lastEventAt?: bigint;
  /** The key has no event in the chunk. */
  empty?: boolean;
}

interface Probe {
  at: bigint;
  /** The key at that revision: absent, or its life (create revision), version and mod revision. */
  kv?: { create: bigint; version: bigint; mod: bigint };
}

/** etcd hands a catching-up watcher 1,000 revisions per 100 ms: chunks stay below that. */
const CHUNK_VERSIONS = 800;
const MAX_CHUNKS = 48;
const ROUNDS = 5;
const SPLIT = 8;

/**
 * Splits a key's history [from, to] into chunks that each hold fewer than 1,000 of
 * its versions, so their watches are caught up by etcd in one pass each, in
 * parallel, instead of one pass per 1,000 versions. Found by reading the key at a few
 * revisions: within one life, `version` counts the puts between two reads exactly;
 * where lives change (a deletion) the part is split again, up to a bound.
 */
export async function planKeyChunks(etcd: Etcd3, key: Buffer, from: bigint, to: bigint): Promise<KeyChunk[]> {
  const probe = async (at: bigint): Promise<Probe> => {
    const kv = (await etcd.kv.range({ key, revision: at.toString() })).kvs[0];
    return { at, kv: kv ? { create: BigInt(kv.create_revision), version: BigInt(kv.version), mod: BigInt(kv.mod_revision) } : undefined };
  };
  let probes: Probe[] = await Promise.all([probe(from), probe(to)]);
  for (let round = 0; round < ROUNDS && probes.length < MAX_CHUNKS * 2; round++) {
    const next: Array<Promise<Probe>> = [];
    for (let i = 0; i + 1 < probes.length; i++) {
      const [a, b] = [probes[i], probes[i + 1]];
      const count = versionsBetween(a, b);
      if ((count === undefined || count > CHUNK_VERSIONS) && b.at - a.at > BigInt(SPLIT)) {
        const step = (b.at - a.at) / BigInt(SPLIT);
        for (let k = 1n; k < BigInt(SPLIT); k++) {
          next.push(probe(a.at + step * k));
        }
      }
    }
    if (next.length === 0) {
      break;
    }
    probes = [...probes, ...(await Promise.all(next))].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  }
  // Merge neighbouring parts while they stay under the limit.
  const chunks: KeyChunk[] = [];
  let start = from;
  let held = 0n;
  for (let i = 0; i + 1 < probes.length; i++) {
    const [a, b] = [probes[i], probes[i + 1]];
    const count = versionsBetween(a, b) ?? BigInt(CHUNK_VERSIONS);
    if (held > 0n && held + count > BigInt(CHUNK_VERSIONS) && chunks.length < MAX_CHUNKS - 1) {
      chunks.push({ from: start, to: a.at });
      start = a.at + 1n;
      held = 0n;
    }
    held += count;
  }
  chunks.push({ from: start, to });
  // Alive at a chunk's end: its mod revision there is the chunk's last event (a later
  // delete would have left it absent, a later put moved the mod revision), or, before
  // the chunk, there is no event in it at all.
  for (const c of chunks) {
    const end = probes.find(p => p.at === c.to)?.kv;
    if (end) {
      if (end.mod >= c.from) {
        c.lastEventAt = end.mod;
      } else {
        c.empty = true;
      }
    }
  }
  return chunks;
}

/**
 * The key's events in (a.at, b.at], as far as two reads tell: exact within one life;
 * a life begun in between counts its versions so far; absent at both counts as none
 * (short lives in between are possible, and only cost that chunk another pass);
 * a deletion in between is unknown, so that part is split further.
 */
function versionsBetween(a: Probe, b: Probe): bigint | undefined {
  if (a.kv && b.kv) {
    return a.kv.create === b.kv.create ? b.kv.version - a.kv.version : undefined;
  }
  if (!a.kv && b.kv) {
    return b.kv.version;
  }
  return a.kv ? undefined : 0n;
}

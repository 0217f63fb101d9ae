import type { Etcd3, IKeyValue } from 'etcd3';
import { idToHex } from '../cluster/ids';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { readRangePaged } from '../keys/pagedRange';
import { decodeNode, ZtapNode } from '../ztap/nodeJson';
import { keyToText } from '../keys/keyText';

/** One candidate's key under the election prefix. */
export interface Candidate {
  key: string;
  /** Hex, as it appears in the key. */
  leaseId: string;
  createRevision: string;
  /** Remaining lease TTL in seconds; null when the key has no lease or the lease is gone. */
  ttlSeconds: number | null;
  node: ZtapNode | null;
  /** The value as text, shown when it is not Node JSON. */
  raw: string;
}

export interface ElectionState {
  electionKey: string;
  revision: string;
  leader: Candidate | null;
  /** Every candidate in line order, the leader first. */
  candidates: Candidate[];
}

/**
 * Reads the line of candidates as Go's concurrency.Election sees it: every key
 * under `{electionKey}/`, ordered by create revision; the lowest is the leader.
 * Sorting is done here, not by etcd: a sorted range fetches the whole range first.
 */
export async function readElection(etcd: Etcd3, electionKey: string): Promise<ElectionState> {
  const { revision, kvs } = await readLine(etcd, electionKey);
  const candidates = await Promise.all(kvs.map(kv => toCandidate(etcd, kv)));
  return { electionKey, revision, leader: candidates[0] ?? null, candidates };
}

/** The raw line: every key under `{electionKey}/` in create-revision order, and the revision read at. */
export async function readLine(etcd: Etcd3, electionKey: string): Promise<{ revision: string; kvs: IKeyValue[] }> {
  const key = Buffer.from(folderPrefix(electionKey));
  const kvs: IKeyValue[] = [];
  const { revision } = await readRangePaged(
    etcd,
    { key, rangeEnd: prefixRangeEnd(key), keysOnly: false, onRestart: () => (kvs.length = 0) },
    page => void kvs.push(...page),
  );
  kvs.sort((a, b) => compareRevisions(a.create_revision, b.create_revision));
  return { revision, kvs };
}

async function toCandidate(etcd: Etcd3, kv: IKeyValue): Promise<Candidate> {
  const raw = kv.value.toString('utf8');
  return {
    key: keyToText(kv.key),
    leaseId: kv.lease === '0' ? '0' : idToHex(kv.lease),
    createRevision: kv.create_revision,
    ttlSeconds: await leaseTtl(etcd, kv.lease),
    node: decodeNode(raw),
    raw,
  };
}

/** A lease's remaining seconds (decimal ID); null without a lease ("0") or when it is gone. */
export async function leaseTtl(etcd: Etcd3, lease: string): Promise<number | null> {
  if (lease === '0') {
    return null;
  }
  const res = await etcd.leaseClient.leaseTimeToLive({ ID: lease });
  const ttl = Number(res.TTL);
  return ttl < 0 ? null : ttl;
}

function compareRevisions(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

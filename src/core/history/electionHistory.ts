import type { Etcd3 } from 'etcd3';
import { idToHex } from '../cluster/ids';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { keyToText } from '../keys/keyText';
import { readRangePaged } from '../keys/pagedRange';
import { decodeNode, ZtapNode } from '../ztap/nodeJson';
import { HistoryCompacted, HistoryEvent, readRevisionSpan } from './revisionSpan';

/**
 * How a term ended, as far as etcd's history tells: the leader's key was deleted while
 * its lease lives on (a resign); the key was deleted and its lease is gone now (expired
 * or revoked: a resign that then closed its session looks the same in etcd's
 * history); or it is still leading.
 */
export type TermEnd = 'resigned' | 'lease gone' | 'leading';

export interface Term {
  /** The leader's election key. */
  key: string;
  /** Its value: Node JSON for ZTAP nodes, a proposal for `etcdctl elect`. */
  value: string;
  node: ZtapNode | null;
  /** Lease ID in hex, "0" when none. */
  lease: string;
  createRevision: bigint;
  /** The revision it became leader; for the first term after a compaction, the compact revision. */
  began: bigint;
  /** True when it was already leading at the compaction point (it began earlier). */
  beganBeforeCompaction: boolean;
  /** The revision its key was deleted; none while leading. */
  ended?: bigint;
  end: TermEnd;
  /** Candidates waiting behind it when it took over, and at most during the term. */
  lineAtStart: number;
  longestLine: number;
}

export interface ElectionHistory {
  electionKey: string;
  /** etcd's revision when read. */
  revision: bigint;
  compactRevision?: bigint;
  /** Oldest first. */
  terms: Term[];
}

interface Live {
  createRevision: bigint;
  value: Buffer;
  lease: string;
}

/** Follows the line revision by revision and cuts it into terms. */
class TermTracker {
  readonly terms: Term[] = [];
  private readonly live = new Map<string, Live>();
  private pending: bigint | undefined;

  /** The line as it stood at `revision` (a compaction point): whoever leads there began earlier. */
  seed(line: Map<string, Live>, revision: bigint): void {
    for (const [k, v] of line) {
      this.live.set(k, v);
    }
    this.settle(revision, true);
  }

  apply(events: readonly HistoryEvent[]): void {
    for (const ev of events) {
      if (this.pending !== undefined && ev.modRevision !== this.pending) {
        this.settle(this.pending);
      }
      this.pending = ev.modRevision;
      const name = keyToText(ev.key);
      if (ev.type === 'put') {
        this.live.set(name, { createRevision: ev.createRevision, value: ev.value, lease: ev.lease });
      } else {
        this.live.delete(name);
      }
    }
  }

  finish(): Term[] {
    if (this.pending !== undefined) {
      this.settle(this.pending);
      this.pending = undefined;
    }
    return this.terms;
  }

  /** After all events of revision `at`: the lowest create revision leads. */
  private settle(at: bigint, beforeCompaction = false): void {
    let leader: [string, Live] | undefined;
    for (const entry of this.live) {
      if (!leader || entry[1].createRevision < leader[1].createRevision) {
        leader = entry;
      }
    }
    const line = Math.max(0, this.live.size - 1);
    const last = this.terms[this.terms.length - 1];
    const current = last?.end === 'leading' ? last : undefined;
    if (current && leader && leader[0] === current.key && leader[1].createRevision === current.createRevision) {
      current.longestLine = Math.max(current.longestLine, line);
      current.value = leader[1].value.toString('utf8');
      current.node = decodeNode(leader[1].value);
      return;
    }
    if (current) {
      // A leader only leaves by its key going: a lower create revision cannot appear later.
      current.ended = at;
      current.end = 'lease gone';
    }
    if (leader) {
      const [key, l] = leader;
      this.terms.push({
        key,
        value: l.value.toString('utf8'),
        node: decodeNode(l.value),
        lease: l.lease === '0' ? '0' : idToHex(l.lease),
        createRevision: l.createRevision,
        began: at,
        beganBeforeCompaction: beforeCompaction,
        end: 'leading',
        lineAtStart: line,
        longestLine: line,
      });
    }
  }
}

/**
 * The terms of the election under `{electionKey}/`, reconstructed from etcd's
 * history as Go's concurrency.Election decides: after each revision, the live key
 * with the lowest create revision leads. Where history was compacted, the line as it
 * stood at the compact revision is read at that revision and followed from there.
 * How a term ended is then told by its lease: still alive means the key was deleted
 * while the lease lived on (a resign).
 */
export async function readElectionHistory(etcd: Etcd3, electionKey: string, signal?: AbortSignal): Promise<ElectionHistory> {
  const key = Buffer.from(folderPrefix(electionKey));
  const rangeEnd = prefixRangeEnd(key);
  const revision = BigInt((await etcd.kv.range({ key, keys_only: true })).header.revision);
  let tracker = new TermTracker();
  let compactRevision: bigint | undefined;
  const follow = (from: bigint) =>
    readRevisionSpan(etcd, { key, rangeEnd, from, to: revision, onCompacted: 'fail', signal, onEvents: batch => tracker.apply(batch) });
  try {
    await follow(1n);
  } catch (err) {
    if (!(err instanceof HistoryCompacted)) {
      throw err;
    }
    compactRevision = err.compactRevision;
    tracker = new TermTracker();
    const line = new Map<string, Live>();
    await readRangePaged(etcd, { key, rangeEnd, keysOnly: false, revision: compactRevision.toString(), onRestart: () => line.clear() }, page => {
      for (const kv of page) {
        line.set(keyToText(kv.key), { createRevision: BigInt(kv.create_revision), value: kv.value, lease: kv.lease });
      }
    });
    tracker.seed(line, compactRevision);
    await follow(compactRevision + 1n);
  }
  const terms = tracker.finish();
  await classifyEnds(etcd, terms);
  return { electionKey, revision, compactRevision, terms };
}

/** A term whose key was deleted while its lease lives on was a resign. */
async function classifyEnds(etcd: Etcd3, terms: Term[]): Promise<void> {
  await Promise.all(
    terms
      .filter(t => t.end === 'lease gone' && t.lease !== '0')
      .map(async t => {
        const res = await etcd.leaseClient.leaseTimeToLive({ ID: BigInt(`0x${t.lease}`).toString() });
        if (Number(res.TTL) >= 0) {
          t.end = 'resigned';
        }
      }),
  );
  for (const t of terms) {
    if (t.end === 'lease gone' && t.lease === '0') {
      t.end = 'resigned';
    }
  }
}

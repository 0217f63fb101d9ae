import { isCompactedError } from '../client/etcd3Adapter';
import type { Etcd3 } from 'etcd3';
import { prefixRangeEnd } from '../keys/keyRange';
import { keyFromText, keyToText } from '../keys/keyText';
import { HistoryCompacted, readRevisionSpan } from './revisionSpan';
import { EtcdFailure } from '../client/errors';
import { keyValueMeta, rawReadTxn, TXN_OPS, walkRangeResponse } from '../keys/rawRange';
import { inParallel } from '../inParallel';

export type ChangeKind = 'added' | 'changed' | 'deleted';

/** What happened to one key between two revisions. */
export interface KeyChange {
  key: string;
  change: ChangeKind;
  /** The key's mod revision as of the span's start (none when added). */
  fromRevision?: bigint;
  /** Its last change within the span: a put's mod revision, or the deletion's revision. */
  toRevision: bigint;
  /** Events on the key within the span. */
  events: number;
}

export interface PrefixChanges {
  prefix: string;
  /** Changes after this revision... */
  from: bigint;
  /** ...up to and including this one. */
  to: bigint;
  /** Sorted by key. */
  changes: KeyChange[];
  /** Keys created and deleted again within the span (not listed). */
  transient: number;
  /** Events read. */
  events: number;
}

/** Transactions of point reads at `from` in flight at once. */
const TXNS_AT_ONCE = 4;

/**
 * What was added, changed and deleted under `prefix` after revision `from` up to
 * `to` (default: now): one watch over the span, so the cost follows the number of
 * changes, not of keys. Whether a key existed at `from` is in its first event (a
 * deletion, or a put of version > 1); its mod revision then is read at `from` for
 * those keys only, keys-only, 128 to a request. Not prev_kv on the watch: etcd reads
 * every event's previous value for it, one at a time (1,000 events: ~300-400 ms of
 * the member's time against ~20-90 ms without; docs/performance.md). A `from` older
 * than etcd's compaction fails with HistoryCompacted (its compact revision is the
 * oldest that can be asked for).
 */
export async function readPrefixChanges(etcd: Etcd3, prefix: string, from: bigint, to?: bigint, signal?: AbortSignal): Promise<PrefixChanges> {
  const key = keyFromText(prefix);
  const rangeEnd = prefix === '' ? Buffer.from([0]) : prefixRangeEnd(key);
  const now = BigInt((await etcd.kv.range({ key, keys_only: true })).header.revision);
  const end = to ?? now;
  if (from < 0n || end < from) {
    throw new RangeError(`the span must run forward: from ${from} to ${end}`);
  }
  if (end > now) {
    throw new RangeError(`revision ${end} is in the future: etcd's current revision is ${now}`);
  }
  // The values at `from` must still be readable for a diff: a compacted `from` fails here too.
  try {
    await etcd.kv.range({ key, keys_only: true, revision: from.toString() });
  } catch (err) {
    if (!isCompactedError(err)) {
      throw err;
    }
    // etcd's range error does not say where history starts; a watch from there does.
    await readRevisionSpan(etcd, { key, rangeEnd, from, to: from, onCompacted: 'fail', onEvents: () => undefined, signal });
    throw err;
  }
  const byKey = new Map<string, { existedBefore: boolean; fromRevision?: bigint; exists: boolean; toRevision: bigint; events: number }>();
  let events = 0;
  await readRevisionSpan(etcd, {
    key,
    rangeEnd,
    from: from + 1n,
    to: end,
    onCompacted: 'fail',
    signal,
    onEvents: batch => {
      events += batch.length;
      for (const ev of batch) {
        const name = keyToText(ev.key);
        let entry = byKey.get(name);
        if (!entry) {
          // The first event tells whether the key existed at `from`: a put of version 1 created it.
          entry = { existedBefore: ev.type === 'delete' || ev.version > 1n, exists: false, toRevision: 0n, events: 0 };
          byKey.set(name, entry);
        }
        entry.exists = ev.type === 'put';
        entry.toRevision = ev.modRevision;
        entry.events++;
      }
    },
  }).catch(err => {
    throw err instanceof HistoryCompacted ? new HistoryCompacted(from, err.compactRevision) : err;
  });
  await readModRevisionsAt(
    etcd,
    from,
    [...byKey].filter(([, e]) => e.existedBefore),
    signal,
  );
  const changes: KeyChange[] = [];
  let transient = 0;
  for (const [name, e] of byKey) {
    if (!e.existedBefore && !e.exists) {
      transient++;
      continue;
    }
    const change: ChangeKind = !e.existedBefore ? 'added' : e.exists ? 'changed' : 'deleted';
    changes.push({ key: name, change, fromRevision: e.fromRevision, toRevision: e.toRevision, events: e.events });
  }
  changes.sort((a, b) => Buffer.compare(keyFromText(a.key), keyFromText(b.key)));
  return { prefix, from, to: end, changes, transient, events };
}

/** Sets each entry's `fromRevision`: the key's mod revision at `from`, read keys-only in read transactions of point reads, a few at a time. */
async function readModRevisionsAt(etcd: Etcd3, from: bigint, entries: Array<[string, { fromRevision?: bigint }]>, signal?: AbortSignal): Promise<void> {
  const revision = from.toString();
  await inParallel(Math.ceil(entries.length / TXN_OPS), TXNS_AT_ONCE, async b => {
    if (signal?.aborted) {
      throw new EtcdFailure('error', 'cancelled');
    }
    const batch = entries.slice(b * TXN_OPS, (b + 1) * TXN_OPS);
    const responses = await rawReadTxn(
      etcd,
      batch.map(([name]) => ({ key: keyFromText(name), revision, keysOnly: true })),
    );
    responses.forEach((res, i) => {
      batch[i][1].fromRevision = undefined;
      walkRangeResponse(res, (_ks, _ke, rs, re) => {
        batch[i][1].fromRevision = BigInt(keyValueMeta(res, rs, re).modRevision);
      });
    });
  });
}

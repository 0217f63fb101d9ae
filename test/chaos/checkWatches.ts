import type { Anomaly, HistoryEntry, SeenEvent, WatchRecord } from './records';

const id = (e: { revision: bigint; key: string }) => `${e.revision}\0${e.key}`;

/**
 * Every event of every revision under the watch's prefix, from its first revision to
 * `through`, exactly once, in revision order, with the right kind and value; only a
 * declared gap (a compaction it reported) may leave events out.
 */
export function checkWatch(watch: WatchRecord, history: readonly HistoryEntry[], through: bigint): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const inGap = (revision: bigint) => watch.gaps.some(g => revision >= g.from && revision <= g.to);
  const expected = new Map<string, HistoryEntry>();
  for (const e of history) {
    if (e.key.startsWith(watch.prefix) && e.revision >= watch.from && e.revision <= through && !inGap(e.revision)) {
      expected.set(id(e), e);
    }
  }
  const seen = new Set<string>();
  let last: SeenEvent | undefined;
  for (const e of watch.events) {
    const k = id(e);
    if (seen.has(k)) {
      anomalies.push({ kind: 'repeated', what: `${watch.name}: ${e.type} ${e.key} at revision ${e.revision} delivered again`, revision: e.revision });
      continue;
    }
    seen.add(k);
    if (last && e.revision < last.revision) {
      anomalies.push({
        kind: 'out-of-order',
        what: `${watch.name}: revision ${e.revision} (${e.key}) delivered after revision ${last.revision}`,
        revision: e.revision,
      });
    }
    last = e;
    const want = expected.get(k);
    if (!want) {
      if (e.revision <= through && !inGap(e.revision)) {
        anomalies.push({
          kind: 'wrong-event',
          what: `${watch.name}: ${e.type} ${e.key} at revision ${e.revision} is not in etcd's history`,
          revision: e.revision,
        });
      }
    } else if (want.type !== e.type || want.value !== e.value) {
      anomalies.push({
        kind: 'wrong-event',
        what: `${watch.name}: ${e.key} at revision ${e.revision} delivered as ${e.type} ${JSON.stringify(e.value)}, etcd has ${want.type} ${JSON.stringify(want.value)}`,
        revision: e.revision,
      });
    }
  }
  for (const [k, e] of expected) {
    if (!seen.has(k)) {
      anomalies.push({ kind: 'lost', what: `${watch.name}: ${e.type} ${e.key} at revision ${e.revision} never delivered`, revision: e.revision });
    }
  }
  return anomalies;
}

/** Revisions from `from` to `to` that hold no event: etcd's history as read has a hole. */
export function historyHoles(history: readonly HistoryEntry[], from: bigint, to: bigint): bigint[] {
  const present = new Set(history.map(e => e.revision));
  const holes: bigint[] = [];
  for (let r = from; r <= to; r++) {
    if (!present.has(r)) {
      holes.push(r);
    }
  }
  return holes;
}

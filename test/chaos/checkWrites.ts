import type { Anomaly, EditorOutcome, FolderCycle, HistoryEntry, WriterAck } from './records';

const putAt = (history: readonly HistoryEntry[]) => {
  const puts = new Map<string, HistoryEntry>();
  for (const e of history) {
    if (e.type === 'put') {
      puts.set(`${e.revision}\0${e.key}`, e);
    }
  }
  return (key: string, revision: bigint) => puts.get(`${revision}\0${key}`);
};

/** Every acknowledged put is in etcd's history, at the revision etcd answered, with its value. */
export function checkWriter(acks: readonly WriterAck[], history: readonly HistoryEntry[]): Anomaly[] {
  const find = putAt(history);
  return acks
    .filter(a => find(a.key, a.revision)?.value !== a.value)
    .map(a => ({
      kind: 'unacknowledged' as const,
      what: `put ${a.key} acknowledged at revision ${a.revision} is not in etcd's history`,
      revision: a.revision,
      at: a.at,
    }));
}

/**
 * Counters incremented by read-modify-write saves: the final value is the successful
 * increments plus at most the unknown outcomes (0 lost updates), and each success is a
 * put of its value at its revision in etcd's history (no failed save reported as one).
 */
export function checkEditors(outcomes: readonly EditorOutcome[], finals: ReadonlyMap<string, number>, history: readonly HistoryEntry[]): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const find = putAt(history);
  for (const [counter, final] of finals) {
    const mine = outcomes.filter(o => o.counter === counter);
    const successes = mine.filter(o => o.outcome === 'success').length;
    const unknowns = mine.filter(o => o.outcome === 'unknown').length;
    if (final < successes || final > successes + unknowns) {
      anomalies.push({
        kind: 'lost-update',
        what: `${counter} ends at ${final} after ${successes} successful increments and ${unknowns} of unknown outcome (expected ${successes}..${successes + unknowns})`,
      });
    }
    for (const o of mine) {
      if (o.outcome === 'success' && (o.revision === undefined || find(counter, o.revision)?.value !== o.value)) {
        anomalies.push({
          kind: 'false-success',
          what: `a save of ${counter} = ${o.value} reported success at revision ${o.revision}, which etcd's history does not hold`,
          revision: o.revision,
          at: o.at,
        });
      }
    }
  }
  return anomalies;
}

/** After each restore the folder is what it was: every key, its value, and its lease while that lives. */
export function checkFolderCycles(cycles: readonly FolderCycle[]): Anomaly[] {
  const anomalies: Anomaly[] = [];
  cycles.forEach((cycle, n) => {
    const missing: string[] = [];
    const changed: string[] = [];
    for (const [key, was] of cycle.before) {
      const now = cycle.after.get(key);
      const lease = cycle.aliveLeases.has(was.lease) ? was.lease : '0';
      if (!now) {
        missing.push(key);
      } else if (now.value !== was.value || now.lease !== lease) {
        changed.push(`${key} (value ${now.value === was.value ? 'same' : 'differs'}, lease ${now.lease} for ${lease})`);
      }
    }
    if (missing.length || changed.length) {
      anomalies.push({
        kind: 'folder-loss',
        what: `restore ${n + 1}: ${missing.length} key(s) lost (${missing.slice(0, 5).join(', ')}), ${changed.length} changed (${changed.slice(0, 5).join(', ')})`,
        at: cycle.started,
      });
    }
  });
  return anomalies;
}

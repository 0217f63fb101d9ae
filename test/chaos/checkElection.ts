import type { AppliedFault, Anomaly, Belief, HistoryEntry, Participant } from './records';

interface Head {
  revision: bigint;
  key: string | undefined;
  value: string | undefined;
}

/**
 * The first in line after each revision that changed the election folder: the live key
 * with the lowest create revision (Go's concurrency.Election order).
 */
export function headTimeline(history: readonly HistoryEntry[], folder: string): Head[] {
  const live = new Map<string, { create: bigint; value: string }>();
  const heads: Head[] = [];
  for (const e of history) {
    if (!e.key.startsWith(folder)) {
      continue;
    }
    if (e.type === 'put') {
      live.set(e.key, { create: e.createRevision, value: e.value });
    } else {
      live.delete(e.key);
    }
    let first: [string, { create: bigint; value: string }] | undefined;
    for (const entry of live) {
      if (!first || entry[1].create < first[1].create) {
        first = entry;
      }
    }
    const head = { revision: e.revision, key: first?.[0], value: first?.[1].value };
    if (heads.length && heads[heads.length - 1].revision === e.revision) {
      heads[heads.length - 1] = head;
    } else {
      heads.push(head);
    }
  }
  return heads;
}

function headAt(heads: readonly Head[], revision: bigint): Head | undefined {
  let lo = 0;
  let hi = heads.length - 1;
  let found: Head | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (heads[mid].revision <= revision) {
      found = heads[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export interface ElectionInput {
  participants: readonly Participant[];
  beliefs: readonly Belief[];
  history: readonly HistoryEntry[];
  folder: string;
  faults: readonly AppliedFault[];
  /** The candidate name a line value stands for (ZTAP's Node JSON id, else the raw value). */
  nameOf: (value: string) => string;
  /** etcd's keepalive timeout on top of the TTL, for "says lost in time". */
  keepaliveTimeoutMs: number;
  end: number;
}

/**
 * - a leader claim at revision r: the claimant's key is first in line at r;
 * - a follower's named leader at r is the one first in line at r;
 * - no two participants believe they lead at the same moment (ours, one clock);
 * - etcdctl's claims: its value was first in line at some revision;
 * - a leader cut off from etcd says so within its TTL plus the keepalive timeout.
 */
export function checkElection(input: ElectionInput): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const heads = headTimeline(input.history, input.folder);
  const kindOf = new Map(input.participants.map(p => [p.name, p]));
  for (const b of input.beliefs) {
    const p = kindOf.get(b.participant);
    if (p?.kind === 'ours' && b.revision !== undefined && (b.kind === 'leader' || b.kind === 'follower')) {
      const head = headAt(heads, b.revision);
      if (b.kind === 'leader' && head?.key !== b.key) {
        anomalies.push({
          kind: 'false-claim',
          what: `${b.participant} claimed leadership at revision ${b.revision} with ${b.key}, but ${head?.key ?? 'nobody'} was first in line`,
          revision: b.revision,
          at: b.at,
        });
      }
      const headName = head?.value === undefined ? null : input.nameOf(head.value);
      if (b.kind === 'follower' && (b.leader ?? null) !== headName) {
        anomalies.push({
          kind: 'line-order',
          what: `${b.participant} named ${b.leader ?? 'nobody'} leader at revision ${b.revision}; etcd's line had ${headName ?? 'nobody'} first`,
          revision: b.revision,
          at: b.at,
        });
      }
    }
    if (p?.kind === 'etcdctl' && b.kind === 'leader' && !heads.some(h => h.value === b.key)) {
      anomalies.push({ kind: 'false-claim', what: `${b.participant} (etcdctl elect) said it leads, but ${b.key} was never first in line`, at: b.at });
    }
  }
  const spans = leaderSpans(input.beliefs, input.end);
  const ours = spans.filter(s => kindOf.get(s.participant)?.kind === 'ours');
  for (let i = 0; i < ours.length; i++) {
    for (let j = i + 1; j < ours.length; j++) {
      const a = ours[i];
      const b = ours[j];
      if (a.participant !== b.participant && a.from < b.to && b.from < a.to) {
        anomalies.push({
          kind: 'two-leaders',
          what: `${a.participant} and ${b.participant} both believed they led from ${iso(Math.max(a.from, b.from))} to ${iso(Math.min(a.to, b.to))}`,
          at: Math.max(a.from, b.from),
        });
      }
    }
  }
  for (const span of ours) {
    const p = kindOf.get(span.participant)!;
    const limit = p.ttlMs + input.keepaliveTimeoutMs;
    for (const f of input.faults) {
      const cutsIt = p.member !== undefined && f.members.includes(p.member) && f.kind !== 'slow' && f.kind !== 'compact';
      if (cutsIt && f.at >= span.from && f.at < span.to && f.until - f.at > limit && span.to > f.at + limit) {
        anomalies.push({
          kind: 'late-loss',
          what: `${span.participant} still believed it led ${span.to - f.at} ms after ${f.detail} cut it off (TTL plus keepalive timeout: ${limit} ms)`,
          at: f.at,
        });
      }
    }
  }
  return anomalies;
}

/** When each participant believed it led: from a "leader" to its next word (or the end). */
export function leaderSpans(beliefs: readonly Belief[], end: number): Array<{ participant: string; from: number; to: number }> {
  const open = new Map<string, number>();
  const spans: Array<{ participant: string; from: number; to: number }> = [];
  for (const b of [...beliefs].sort((x, y) => x.at - y.at)) {
    const started = open.get(b.participant);
    if (b.kind === 'leader') {
      if (started === undefined) {
        open.set(b.participant, b.at);
      }
      continue;
    }
    if (started !== undefined) {
      spans.push({ participant: b.participant, from: started, to: b.at });
      open.delete(b.participant);
    }
  }
  for (const [participant, from] of open) {
    spans.push({ participant, from, to: end });
  }
  return spans;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

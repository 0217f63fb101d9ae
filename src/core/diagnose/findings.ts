import type { MemberView } from './memberView';

export type Severity = 'critical' | 'warning' | 'info' | 'ok';

/** One thing the diagnosis found: what it is, what it means and what to do. */
export interface Finding {
  severity: Severity;
  title: string;
  detail: string;
}

const ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2, ok: 3 };

/** Worst first; in the order found within a severity. */
export function worstFirst(findings: readonly Finding[]): Finding[] {
  return [...findings]
    .map((f, i) => ({ f, i }))
    .sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
    .map(x => x.f);
}

/** A raft index this far behind the most advanced member is worth saying. */
export const INDEX_LAG = 1000;
/** A status round trip slower than this on loopback or a LAN is worth saying. */
export const SLOW_MS = 100;

const named = (v: MemberView) => v.name || v.id;

/**
 * What the members' own answers say together: who does not answer; whether they list
 * the same members and see the same leader; whether their HashKV at one revision agree
 * (a mismatch means their data differ: the loudest finding there is); how far each is
 * behind in raft index and in applying it; slow round trips; space a defragmentation
 * would give back.
 */
export function compareMembers(views: readonly MemberView[], listed: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const answering = views.filter(v => !v.error && v.status);
  for (const v of views.filter(x => x.error)) {
    findings.push({
      severity: v.isLearner ? 'warning' : 'critical',
      title: `${named(v)} does not answer`,
      detail: `${v.error}. A voting member that is down takes the cluster closer to losing its quorum: start it, or remove it and add a new one.`,
    });
  }
  const expected = [...listed].sort().join(',');
  const disagree = answering.filter(v => v.memberIds && v.memberIds.join(',') !== expected);
  findings.push(
    disagree.length
      ? {
          severity: 'critical',
          title: 'the members do not list the same members',
          detail: `${disagree.map(v => `${named(v)} lists ${v.memberIds!.join(', ')}`).join('; ')}; the connection's answer lists ${listed.join(', ')}. A member that missed a membership change needs to be removed and added again.`,
        }
      : { severity: 'ok', title: 'every member that answers lists the same members', detail: listed.join(', ') },
  );
  const leaders = new Set(answering.map(v => v.status!.leader));
  if (leaders.has('0')) {
    findings.push({
      severity: 'critical',
      title: 'a member sees no leader',
      detail: `${answering
        .filter(v => v.status!.leader === '0')
        .map(named)
        .join(', ')}: no writes or linearizable reads there until it sees one again.`,
    });
  } else if (leaders.size > 1) {
    findings.push({
      severity: 'critical',
      title: 'the members see different leaders',
      detail: answering.map(v => `${named(v)}: ${v.status!.leader}`).join('; '),
    });
  } else if (answering.length) {
    findings.push({ severity: 'ok', title: 'every member that answers sees the same leader', detail: [...leaders][0] });
  }
  const hashed = answering.filter(v => v.hash);
  const byCompaction = new Map<string, MemberView[]>();
  hashed.forEach(v => byCompaction.set(v.hash!.compactRevision, [...(byCompaction.get(v.hash!.compactRevision) ?? []), v]));
  const mismatch = [...byCompaction.values()].some(group => new Set(group.map(v => v.hash!.hash)).size > 1);
  if (mismatch) {
    findings.push({
      severity: 'critical',
      title: 'the members hold different data (HashKV differs at one revision)',
      detail: `${hashed.map(v => `${named(v)}: ${v.hash!.hash} (compacted at ${v.hash!.compactRevision})`).join('; ')}, at revision ${hashed[0].hash!.revision}. This is data corruption: stop writing, snapshot a member whose data is right, and replace the others (etcd's CORRUPT alarm may follow).`,
    });
  } else if (hashed.length > 1) {
    findings.push({
      severity: 'ok',
      title: `the members hold the same data (HashKV equal at revision ${hashed[0].hash!.revision})`,
      detail: hashed.map(named).join(', '),
    });
  }
  const top = Math.max(0, ...answering.map(v => v.status!.raftIndex));
  for (const v of answering) {
    const s = v.status!;
    if (top - s.raftIndex > INDEX_LAG) {
      findings.push({
        severity: 'warning',
        title: `${named(v)} is ${top - s.raftIndex} raft entries behind`,
        detail: 'It is catching up (or cannot): a slow disk or network on that member.',
      });
    }
    if (s.raftAppliedIndex > 0 && s.raftIndex - s.raftAppliedIndex > INDEX_LAG) {
      findings.push({
        severity: 'warning',
        title: `${named(v)} has ${s.raftIndex - s.raftAppliedIndex} committed entries not applied`,
        detail: 'It applies slower than entries commit: a busy or slow member.',
      });
    }
    if ((v.latencyMs ?? 0) > SLOW_MS) {
      findings.push({
        severity: 'warning',
        title: `${named(v)} answers slowly (${Math.round(v.latencyMs!)} ms)`,
        detail: 'A status round trip over 100 ms: network or load on that member.',
      });
    }
    if (s.dbSizeInUse > 0 && s.dbSize - s.dbSizeInUse > 100 * 1024 * 1024 && s.dbSizeInUse < s.dbSize / 2) {
      const free = Math.round((s.dbSize - s.dbSizeInUse) / 1024 / 1024);
      findings.push({ severity: 'warning', title: `${named(v)}'s database file is mostly unused`, detail: `Defragmenting it gives back ${free} MiB.` });
    }
  }
  return findings;
}

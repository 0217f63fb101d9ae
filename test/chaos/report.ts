import type { Editors } from './load/editors';
import type { ElectionLoad } from './load/election';
import type { FolderCycles } from './load/folderCycle';
import type { Writer } from './load/writer';
import type { AppliedFault, Anomaly, FaultKind, WatchRecord } from './records';

export interface ReportInput {
  seed: number;
  minutes: number;
  release: string;
  from: bigint;
  through: bigint;
  faults: readonly AppliedFault[];
  writer: Writer;
  watches: readonly WatchRecord[];
  election: ElectionLoad;
  editors: Editors;
  folder: FolderCycles;
  anomalies: readonly Anomaly[];
}

/** The faults around a moment: those active within 20 s before it up to 5 s after. */
function faultsAround(faults: readonly AppliedFault[], at: number | undefined): AppliedFault[] {
  return at === undefined ? [] : faults.filter(f => f.at <= at + 5000 && f.until >= at - 20_000);
}

/** The run's counts and every anomaly with the faults around it, as text and as JSON. */
export function chaosReport(r: ReportInput): { text: string; json: unknown } {
  const byKind = new Map<FaultKind, number>();
  for (const f of r.faults) {
    byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  }
  const outcomes = (o: string) => r.editors.outcomes.filter(e => e.outcome === o).length;
  // An anomaly known only by its revision is placed in time by the writer's nearest acknowledgement.
  const timeOf = (a: Anomaly) => a.at ?? (a.revision === undefined ? undefined : r.writer.acks.find(k => k.revision >= a.revision!)?.at);
  const counts = {
    revisions: Number(r.through - r.from + 1n),
    writes: r.writer.acks.length,
    writesUnknown: r.writer.unknown,
    watchEvents: Object.fromEntries(r.watches.map(w => [w.name, w.events.length])),
    watchGapsDeclared: r.watches.reduce((n, w) => n + w.gaps.length, 0),
    faults: Object.fromEntries(byKind),
    participants: r.election.participants.length,
    leaderClaims: r.election.beliefs.filter(b => b.kind === 'leader').length,
    saves: outcomes('success'),
    conflicts: outcomes('conflict'),
    unknowns: outcomes('unknown'),
    folderRestores: r.folder.cycles.length,
    folderStepsRetried: r.folder.failedSteps,
  };
  const anomalies = r.anomalies.map(a => ({ ...a, faultsAround: faultsAround(r.faults, timeOf(a)).map(f => `${new Date(f.at).toISOString()} ${f.detail}`) }));
  const lines = [
    '',
    `chaos run, seed ${r.seed}, ${r.minutes} min, etcd ${r.release}: revisions ${r.from}..${r.through}`,
    `  faults: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}`,
    `  writer: ${counts.writes} puts acknowledged, ${counts.writesUnknown} failed`,
    ...r.watches.map(w => `  ${w.name}: ${w.events.length} events, ${w.gaps.length} compaction gap(s) declared`),
    `  election: ${counts.participants} participants, ${counts.leaderClaims} leader claims`,
    `  editors: ${counts.saves} saves, ${counts.conflicts} conflicts, ${counts.unknowns} unknown outcomes`,
    `  folder: ${counts.folderRestores} delete-and-restore cycles of 2,000 keys (${counts.folderStepsRetried} steps retried)`,
    '',
    anomalies.length ? `${anomalies.length} ANOMALIES:` : 'no anomaly: 0 lost, 0 repeated, 0 out of order, 0 overlapping leaders, 0 lost updates, 0 keys lost',
    ...anomalies.flatMap(a => [`  ${a.kind}: ${a.what}`, ...a.faultsAround.map(f => `      around: ${f}`)]),
  ];
  return {
    text: lines.join('\n'),
    json: { seed: r.seed, minutes: r.minutes, release: r.release, counts, faults: r.faults, anomalies, beliefs: r.election.beliefs },
  };
}

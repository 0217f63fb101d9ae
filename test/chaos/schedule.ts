import { seededRandom } from '../support/seededRandom';
import type { FaultKind } from './records';

/** One fault of the schedule: offsets from the run's start. */
export interface PlannedFault {
  kind: FaultKind;
  atMs: number;
  durationMs: number;
  /** The member it hits (ignored by partition-leader, which finds the raft leader, and compact). */
  member: number;
  /** Slow links: the latency added each way. */
  delayMs: number;
}

const KINDS: FaultKind[] = ['partition', 'partition-leader', 'clients-cut', 'freeze', 'kill', 'slow', 'compact'];

/**
 * The faults of a run, drawn from the seed: one starts every 1 to 10 s, each lasts
 * long enough to matter (a freeze 1-20 s, a partition or cut 2-15 s, a killed member
 * down 1-10 s, a slow link 5-20 s at 100-500 ms), so several overlap; each ends
 * before the run does.
 */
export function drawSchedule(seed: number, runMs: number, members = 3): PlannedFault[] {
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + random(hi - lo + 1);
  const faults: PlannedFault[] = [];
  for (let at = 2000; ; at += between(1000, 10_000)) {
    const kind = KINDS[random(KINDS.length)];
    const durationMs =
      kind === 'freeze'
        ? between(1000, 20_000)
        : kind === 'kill'
          ? between(1000, 10_000)
          : kind === 'slow'
            ? between(5000, 20_000)
            : kind === 'compact'
              ? 0
              : between(2000, 15_000);
    if (at + durationMs > runMs) {
      break;
    }
    faults.push({ kind, atMs: at, durationMs, member: random(members), delayMs: kind === 'slow' ? between(100, 500) : 0 });
  }
  return faults;
}

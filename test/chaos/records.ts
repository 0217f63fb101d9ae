/**
 * What a chaos run records, and what its checker compares: etcd's own history (read
 * back revision by revision) against what each part of the load saw or was told.
 * Plain data, so the checker can be fed known-bad histories by the unit tests.
 */

/** One event of etcd's history. */
export interface HistoryEntry {
  revision: bigint;
  type: 'put' | 'delete';
  key: string;
  value: string;
  createRevision: bigint;
}

/** One event as a watch delivered it. */
export interface SeenEvent {
  revision: bigint;
  type: 'put' | 'delete';
  key: string;
  value: string;
}

/** What one watch delivered, and the gaps it declared (compacted, then re-read at `revision`). */
export interface WatchRecord {
  name: string;
  prefix: string;
  /** The first revision it was asked for. */
  from: bigint;
  events: SeenEvent[];
  /** Declared gaps: no events expected from `from` through `to`. */
  gaps: Array<{ from: bigint; to: bigint }>;
}

export type BeliefKind = 'campaigning' | 'follower' | 'leader' | 'lost' | 'resigned' | 'exited';

/** One thing an election participant said, when this process heard it. */
export interface Belief {
  participant: string;
  kind: BeliefKind;
  at: number;
  /** Its election key (ours), or the value it campaigned with (etcdctl's). */
  key: string;
  /** The revision of the line it judged by (ours, for leader and follower). */
  revision?: bigint;
  /** The leader it named (follower). */
  leader?: string | null;
}

export interface Participant {
  name: string;
  kind: 'ours' | 'etcdctl';
  /** Index of the member whose (client) endpoint it alone uses; undefined: every member. */
  member?: number;
  /** Ours: lease TTL in ms; claims must end within it (plus the keepalive timeout) once cut off. */
  ttlMs: number;
}

export interface EditorOutcome {
  counter: string;
  outcome: 'success' | 'conflict' | 'unknown';
  /** The value it wrote (success, unknown). */
  value?: string;
  /** The revision etcd answered with (success). */
  revision?: bigint;
  at: number;
}

/** One delete-and-restore cycle of the folder. */
export interface FolderCycle {
  started: number;
  /** Key -> value and lease (decimal, "0" for none) before the delete. */
  before: Map<string, { value: string; lease: string }>;
  /** As read after the restore. */
  after: Map<string, { value: string; lease: string }>;
  /** Leases alive after the restore (decimal). */
  aliveLeases: Set<string>;
}

export interface WriterAck {
  key: string;
  value: string;
  revision: bigint;
  at: number;
}

/** A fault as applied: when, what, and whom it cut off (member indexes). */
export interface AppliedFault {
  kind: FaultKind;
  at: number;
  until: number;
  members: number[];
  detail: string;
}

export type FaultKind = 'partition' | 'partition-leader' | 'clients-cut' | 'freeze' | 'kill' | 'slow' | 'compact';

export interface Anomaly {
  kind:
    | 'lost'
    | 'repeated'
    | 'out-of-order'
    | 'wrong-event'
    | 'two-leaders'
    | 'false-claim'
    | 'late-loss'
    | 'line-order'
    | 'lost-update'
    | 'false-success'
    | 'folder-loss'
    | 'unacknowledged';
  what: string;
  revision?: bigint;
  at?: number;
}

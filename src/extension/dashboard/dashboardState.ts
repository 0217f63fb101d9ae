// The messages between the extension host and the Cluster Dashboard's webview: plain
// data only (no vscode, no etcd3), imported by both sides. The webview holds no
// connection of its own: everything it draws arrives here.
import type { MetricsPoint } from '../../core/metrics/metricsPoint';

export interface MemberCard {
  id: string;
  name: string;
  isLeader: boolean;
  healthy: boolean;
  latencyMs?: number;
  error?: string;
  version?: string;
  raftTerm?: string;
  raftIndex?: string;
  dbSize?: number;
  dbSizeInUse?: number;
  /** etcd 3.6+: the backend quota; undefined where etcd does not report it. */
  dbSizeQuota?: number;
  /** etcd 3.6+: the storage schema version. */
  storageVersion?: string;
  /** Active alarms on this member (NOSPACE, CORRUPT). */
  alarms: string[];
}

export interface NodeTile {
  id: string;
  /** The registration key (or election key), for Reveal in Tree. */
  key: string;
  address: string;
  state: string;
  election: 'leader' | 'candidate' | 'none';
  position?: number;
  lastSeenAgeMs?: number;
  warnings: string[];
}

export interface LeaderInfo {
  nodeId: string;
  address: string;
  key: string;
  lease: string;
  /** Seconds left when read, and when that was (ms since epoch): the ring counts down from there. */
  ttl: number | null;
  ttlGranted: number;
  readAt: number;
}

export interface TermBar {
  leader: string;
  key: string;
  lease: string;
  began: string;
  ended?: string;
  end: 'resigned' | 'lease gone' | 'leading';
  /** Wall-clock times where this window saw the change (ms since epoch). */
  beganAt?: number;
  endedAt?: number;
}

/** Events in one second under `{prefix}/`, by top-level folder. */
export interface ActivitySample {
  /** The second (ms since epoch, a multiple of 1000). */
  at: number;
  nodes: number;
  election: number;
  policies: number;
  other: number;
}

/** One member's metrics as the page draws them: the poll's points, its warnings, or why the last read failed. */
export interface MemberMetricsView {
  url: string;
  memberId?: string;
  name: string;
  error?: string;
  warnings: Array<{ severity: 'warning' | 'critical'; code: string; message: string }>;
  points: MetricsPoint[];
}

/** A chart of the Metrics section: one field of every member's points, a line per member. */
export interface ChartSpec {
  field: Exclude<keyof MetricsPoint, 'at'>;
  title: string;
  unit: 'seconds' | 'bytes' | 'count' | 'per second' | 'flag';
  /** etcd's monitoring mixin's threshold for it, drawn dashed. */
  threshold?: number;
}

export const CHARTS: readonly ChartSpec[] = [
  { field: 'hasLeader', title: 'Has leader', unit: 'flag' },
  { field: 'leaderChanges', title: 'Leader changes (15 min)', unit: 'count', threshold: 4 },
  { field: 'backendCommitP99', title: 'Backend commit p99', unit: 'seconds', threshold: 0.25 },
  { field: 'walFsyncP99', title: 'WAL fsync p99', unit: 'seconds', threshold: 0.5 },
  { field: 'committedPerSecond', title: 'Proposals committed', unit: 'per second' },
  { field: 'appliedPerSecond', title: 'Proposals applied', unit: 'per second' },
  { field: 'pending', title: 'Proposals pending', unit: 'count' },
  { field: 'failedPerSecond', title: 'Proposals failed', unit: 'per second', threshold: 5 },
  { field: 'peerRoundTripP99', title: 'Peer round trip p99', unit: 'seconds' },
  { field: 'grpcFailedPerSecond', title: 'gRPC requests failed', unit: 'per second' },
  { field: 'watchStreams', title: 'Watch streams', unit: 'count' },
  { field: 'watchers', title: 'Watchers', unit: 'count' },
  { field: 'leases', title: 'Leases (cluster)', unit: 'count' },
  { field: 'dbTotal', title: 'DB size', unit: 'bytes' },
  { field: 'dbInUse', title: 'DB in use', unit: 'bytes' },
  { field: 'quota', title: 'DB quota', unit: 'bytes' },
];

/** A folder as the Space section draws it: its keys, their names' and values' bytes, versions, and its folders. */
export interface SpaceFolder {
  prefix: string;
  keys: number;
  bytes: number;
  versions: number;
  /** Its folders were not measured (below the depth read): clicking into it measures it. */
  cut: boolean;
  children: SpaceFolder[];
}

/** A measurement of where the space goes, or why it failed. */
export interface SpaceView {
  revision?: string;
  root?: SpaceFolder;
  /** The folder being measured now, if any. */
  measuring?: string;
  error?: string;
}

export interface DashboardSnapshot {
  /** The connection's name, as the tree shows it. */
  connection: string;
  /** Its endpoints (and user), in a line under the name. */
  endpoints: string;
  prefix: string;
  revision: string;
  members: MemberCard[];
  leader: LeaderInfo | null;
  candidates: Array<{ nodeId: string; address: string; key: string }>;
  nodes: NodeTile[];
  terms: TermBar[];
  activity: ActivitySample[];
  /** Every member's metrics; [] until the first read. */
  metrics: MemberMetricsView[];
  /** Seconds between metrics reads (ztap.metrics.interval). */
  metricsEverySeconds: number;
}

export type HostMessage =
  | { type: 'snapshot'; state: DashboardSnapshot }
  /** A round of the metrics poll: each member's newest point (appended), warnings and error. */
  | { type: 'metrics'; members: MemberMetricsView[] }
  /** A measurement of where the space goes (grafted into the one shown when it is of a folder inside it). */
  | { type: 'space'; space: SpaceView }
  | {
      type: 'update';
      revision?: string;
      members?: MemberCard[];
      leader?: LeaderInfo | null;
      candidates?: DashboardSnapshot['candidates'];
      nodes?: NodeTile[];
      terms?: TermBar[];
      activity?: ActivitySample[];
    };

/** What the feed sends (the metrics rounds come from the panel). */
export type FeedMessage = Exclude<HostMessage, { type: 'metrics' } | { type: 'space' }>;

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; kind: 'key' | 'folder' | 'member'; target: string }
  | { type: 'command'; command: DashboardCommand; arg?: string }
  | { type: 'measureSpace'; prefix: string }
  | { type: 'redraw'; ms: number };

/** The extension's commands the dashboard's buttons run. */
export type DashboardCommand = 'testConnectivity' | 'saveSnapshot' | 'watchPrefix' | 'diagnoseCluster';

/** The webview keeps this much history. */
export const ACTIVITY_SECONDS = 15 * 60;
export const MAX_TERMS = 200;

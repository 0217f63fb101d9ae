// The messages between the extension host and the Cluster Dashboard's webview: plain
// data only (no vscode, no etcd3), imported by both sides. The webview holds no
// connection of its own: everything it draws arrives here.

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
}

export type HostMessage =
  | { type: 'snapshot'; state: DashboardSnapshot }
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

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; kind: 'key' | 'folder' | 'member'; target: string }
  | { type: 'command'; command: 'testConnectivity' | 'saveSnapshot' | 'watchPrefix'; arg?: string }
  | { type: 'redraw'; ms: number };

/** The webview keeps this much history. */
export const ACTIVITY_SECONDS = 15 * 60;
export const MAX_TERMS = 200;

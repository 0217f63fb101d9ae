import { readAlarms } from '../../core/cluster/maintenance';
import type { MemberHealthPoll } from '../../core/cluster/memberHealthPoll';
import type { ClusterMembers } from '../../core/cluster/members';
import type { EtcdSession } from '../../core/connection/etcdSession';
import { readElectionHistory, Term } from '../../core/history/electionHistory';
import { folderPrefix } from '../../core/keys/keyRange';
import { leaseIdFromHex, leaseInfo } from '../../core/leases/leaseList';
import { readNodesReport } from '../../core/ztap/nodesReport';
import type { WatchEvent } from '../../core/watch/prefixWatcher';
import { REREAD_MS } from '../leases/leaseClock';
import { ActivityCounter } from './activityCounter';
import type { DashboardSnapshot, FeedMessage, LeaderInfo, MemberCard, MemberMetricsView, NodeTile, TermBar } from './dashboardState';
import { ACTIVITY_SECONDS, MAX_TERMS } from './dashboardState';
import type { ActivitySample } from './dashboardState';

export interface FeedOptions {
  /** ZTAP's heartbeat interval, for the nodes' last-seen warnings. */
  heartbeatMs: number;
  /** The connection's name as the tree shows it (the endpoints are shown under it). */
  title?: string;
  /** Activity counted by an earlier dashboard of this connection, shown again when it reopens. */
  history?: readonly ActivitySample[];
  /** The members' metrics read so far (the poll's 15 minutes), and how often they are read. */
  metrics?: MemberMetricsView[];
  metricsEverySeconds?: number;
  onError?: (what: string, err: unknown) => void;
}

/** Redraws at most this often: the webview gets a batch per interval, never a message per event. */
const FLUSH_MS = 250;
/** The election and the nodes are read again at most this often while their keys change. */
const ZTAP_MS = 1000;

/**
 * What the Cluster Dashboard shows, for one session: read once when it opens, then kept
 * current from the events of the tree's own watch (handed to `onEvents`) and a poll of
 * the members; sent to the webview as compact messages, batched. No vscode here: the
 * bench feeds it events at 1,000 a second to measure its cost.
 */
export class DashboardFeed {
  private readonly activity: ActivityCounter;
  private readonly electionFolder: Buffer;
  private readonly nodesFolder: Buffer;
  private ztapDirty = false;
  private lastZtapRead = 0;
  private revision = '0';
  private terms: TermBar[] = [];
  /** When this window saw each leader's key become leader, and stop being it. */
  private readonly seenAt = new Map<string, { beganAt?: number; endedAt?: number }>();
  private leaderKey: string | undefined;
  /** The leader last sent, whose lease is asked again as the tree's lease rows are. */
  private leader: LeaderInfo | null = null;
  private rereading = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  private membersSubscription: { dispose(): void } | undefined;

  private readonly heartbeatMs: number;
  private readonly onError: (what: string, err: unknown) => void;

  /** `memberPoll`: the connection's shared poll of its members (the tree and status bar hear the same answers). */
  constructor(
    private readonly session: EtcdSession,
    private readonly memberPoll: MemberHealthPoll,
    private readonly post: (message: FeedMessage) => void,
    private readonly options: FeedOptions,
  ) {
    this.heartbeatMs = options.heartbeatMs;
    this.onError = options.onError ?? (() => undefined);
    const { keyPrefix, electionKey } = session.config;
    this.activity = new ActivityCounter(keyPrefix, electionKey);
    this.electionFolder = Buffer.from(folderPrefix(electionKey));
    this.nodesFolder = Buffer.from(`${folderPrefix(keyPrefix)}nodes/`);
  }

  /** Reads everything once and sends it whole, then starts the batching and the members' poll. */
  async start(): Promise<DashboardSnapshot> {
    const [members, ztap, terms] = await Promise.all([this.memberPoll.current().then(m => this.members(m)), this.ztap(), this.readTerms()]);
    this.terms = terms;
    const { config } = this.session;
    // Beside the heading: the endpoints as typed, the user and TLS (no brackets: this is for reading).
    const endpoints = [config.endpoints.map(e => e.original).join(', '), config.username && `user ${config.username}`, config.tls && 'TLS']
      .filter(Boolean)
      .join(' · ');
    const state: DashboardSnapshot = {
      connection: this.options.title ?? endpoints,
      endpoints,
      prefix: folderPrefix(this.session.config.keyPrefix),
      revision: this.revision,
      members,
      ...ztap,
      terms,
      // What an earlier dashboard of this connection counted in this window.
      activity: this.options.history?.filter(a => a.at > Date.now() - ACTIVITY_SECONDS * 1000) ?? [],
      metrics: this.options.metrics ?? [],
      metricsEverySeconds: this.options.metricsEverySeconds ?? 5,
    };
    if (!this.stopped) {
      this.post({ type: 'snapshot', state });
      this.membersSubscription = this.memberPoll.subscribe(m => void this.postMembers(m));
      this.timers.push(
        setInterval(() => this.flush(), FLUSH_MS),
        // Keepalives renew the leader's lease without touching a key: no event tells of them.
        setInterval(() => void this.rereadLeaderLease(), 1000),
      );
    }
    return state;
  }

  /** Events from the tree's watch, in order: counted, and the election and nodes marked for a re-read. */
  onEvents(batch: readonly WatchEvent[]): void {
    this.activity.add(
      batch.map(e => e.key),
      Date.now(),
    );
    const last = batch[batch.length - 1];
    if (last) {
      this.revision = last.modRevision;
    }
    for (const e of batch) {
      if (startsWith(e.key, this.electionFolder) || startsWith(e.key, this.nodesFolder)) {
        this.ztapDirty = true;
        break;
      }
    }
  }

  dispose(): void {
    this.stopped = true;
    this.timers.forEach(t => clearInterval(t));
    this.membersSubscription?.dispose();
  }

  private flush(): void {
    const activity = this.activity.take();
    if (this.ztapDirty && Date.now() - this.lastZtapRead >= ZTAP_MS) {
      this.ztapDirty = false;
      void this.ztap().then(
        z => !this.stopped && this.post({ type: 'update', revision: this.revision, ...z }),
        err => this.onError('the election and nodes', err),
      );
    }
    if (activity.length > 0) {
      this.post({ type: 'update', revision: this.revision, activity });
    }
  }

  private async postMembers(answer: ClusterMembers): Promise<void> {
    try {
      const members = await this.members(answer);
      if (!this.stopped) {
        this.post({ type: 'update', members });
      }
    } catch (err) {
      this.onError('the members', err);
    }
  }

  private async rereadLeaderLease(): Promise<void> {
    const leader = this.leader;
    // As often as the tree's lease rows, and for a short lease a third of its TTL (when
    // keepalives are due), so that a live lease never counts down to 0 between reads.
    const every = Math.min(REREAD_MS, ((leader?.ttlGranted ?? 0) * 1000) / 3);
    if (!leader || leader.lease === '0' || this.rereading || Date.now() - leader.readAt < every) {
      return;
    }
    this.rereading = true;
    try {
      const info = await leaseInfo(this.session.client, leaseIdFromHex(leader.lease));
      if (this.stopped || this.leader !== leader) {
        return;
      }
      if (info.ttl < 0) {
        // Gone: its key went with it, and the election is read again.
        this.ztapDirty = true;
      }
      this.leader = { ...leader, ttl: Math.max(0, info.ttl), ttlGranted: info.grantedTtl, readAt: info.readAt };
      this.post({ type: 'update', leader: this.leader });
    } catch (err) {
      this.onError("the leader's lease", err);
    } finally {
      this.rereading = false;
    }
  }

  private async members({ members }: ClusterMembers): Promise<MemberCard[]> {
    const alarms = await readAlarms(this.session.client).catch(() => []);
    return members.map(m => ({
      id: m.id,
      name: m.name,
      isLeader: m.isLeader,
      healthy: m.health.ok,
      latencyMs: m.health.latencyMs === undefined ? undefined : Math.round(m.health.latencyMs),
      error: m.health.error,
      version: m.status?.version,
      raftTerm: m.status?.raftTerm?.toString(),
      raftIndex: m.status?.raftIndex?.toString(),
      dbSize: m.status ? Number(m.status.dbSize) : undefined,
      dbSizeInUse: m.status ? Number(m.status.dbSizeInUse) : undefined,
      dbSizeQuota: m.status?.dbSizeQuota,
      storageVersion: m.status?.storageVersion,
      alarms: alarms.filter(a => a.memberId === m.id).map(a => a.alarm),
    }));
  }

  /** The leader, the line and every node's tile; a change of leader reads the terms again (and returns them). */
  private async ztap(): Promise<{ leader: LeaderInfo | null; candidates: DashboardSnapshot['candidates']; nodes: NodeTile[]; terms?: TermBar[] }> {
    this.lastZtapRead = Date.now();
    const { electionKey, keyPrefix, sessionTtlSeconds } = this.session.config;
    // The report reads the election's line for the nodes' places: the same read serves the leader.
    const report = await readNodesReport(this.session.client, keyPrefix, electionKey, this.heartbeatMs);
    const election = report.election;
    this.revision = bigger(this.revision, election.revision);
    const now = Date.now();
    const leaderKey = election.leader?.key;
    let terms: TermBar[] | undefined;
    if (this.leaderKey !== undefined && leaderKey !== this.leaderKey) {
      // A new term seen live: its wall-clock start (and the old one's end) is now.
      this.seenAt.set(this.leaderKey, { ...this.seenAt.get(this.leaderKey), endedAt: now });
      if (leaderKey) {
        this.seenAt.set(leaderKey, { beganAt: now });
      }
      terms = this.terms = await this.readTerms();
    }
    this.leaderKey = leaderKey;
    const name = (c: { node: { id: string } | null; raw: string; key: string }) => c.node?.id ?? (c.raw.slice(0, 40) || c.key);
    const l = election.leader;
    this.leader = l
      ? { nodeId: name(l), address: l.node?.address ?? '', key: l.key, lease: l.leaseId, ttl: l.ttlSeconds, ttlGranted: sessionTtlSeconds, readAt: now }
      : null;
    return {
      ...(terms ? { terms } : {}),
      leader: this.leader,
      candidates: election.candidates.slice(1).map(c => ({ nodeId: name(c), address: c.node?.address ?? '', key: c.key })),
      nodes: report.nodes.map(n => ({
        id: n.id,
        key: n.key,
        address: n.node?.address ?? '',
        state: n.node?.state ?? '',
        election: n.election.kind,
        position: n.election.kind === 'candidate' ? n.election.position : undefined,
        lastSeenAgeMs: n.lastSeenAgeMs,
        warnings: n.warnings,
      })),
    };
  }

  private async readTerms(): Promise<TermBar[]> {
    try {
      const history = await readElectionHistory(this.session.client, this.session.config.electionKey);
      this.revision = bigger(this.revision, history.revision.toString());
      return history.terms.slice(-MAX_TERMS).map((t: Term) => {
        const leader = t.node?.id ?? (t.value.slice(0, 40) || t.key);
        const seen = this.seenAt.get(t.key);
        return {
          leader,
          key: t.key,
          lease: t.lease,
          began: t.began.toString(),
          ended: t.ended?.toString(),
          end: t.end,
          beganAt: seen?.beganAt,
          endedAt: seen?.endedAt,
        };
      });
    } catch (err) {
      this.onError("the election's terms", err);
      return this.terms;
    }
  }
}

function startsWith(key: Buffer, prefix: Buffer): boolean {
  return key.length >= prefix.length && key.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function bigger(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

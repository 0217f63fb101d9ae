import type { Etcd3, Watcher } from 'etcd3';
import { classifyError, withTimeout } from '../client/errors';
import { Disposable, Emitter } from '../events';
import { folderPrefix } from '../keys/keyRange';
import { decodeNode, encodeNode, newNode, ZtapNode } from '../ztap/nodeJson';
import { readLine } from './leaderReader';
import { NodeIdInUse, nodeKeyOf, registerNode } from './nodeRegistration';
import { LeaseKeeper } from './leaseKeeper';
import type { ParticipantConfig } from './participantConfig';

export type ElectionEventKind = 'campaigning' | 'follower' | 'leader' | 'lost' | 'resigned';

/** One state change, in the shape `ztap-etcd elect` prints. */
export interface ElectionEvent {
  event: ElectionEventKind;
  node: string;
  key: string;
  /** Hex; "" before the first lease. */
  leaseId: string;
  /** The current leader's node id (or raw value), null when unknown. */
  leader: string | null;
  ts: string;
  /** Why, for `lost` and `resigned`. */
  reason?: string;
  /**
   * For `leader` and `follower`: the etcd revision of the line the node judged by, so
   * a checker can compare the claim with etcd's history at that revision.
   */
  revision?: string;
  /**
   * For `resigned`: what made the node step back. `resign-leader` gave up the
   * leadership, `resign-follower` only gave up its place in line (both join the line
   * again at its end), `stop` leaves the election.
   */
  cause?: ResignCause;
}

export type ResignCause = 'resign-leader' | 'resign-follower' | 'stop';

export interface ElectionKeys {
  /** e.g. /ztap/election */
  electionKey: string;
  /** e.g. /ztap: node registrations go to {keyPrefix}/nodes/<id>. */
  keyPrefix: string;
}

type Role = 'idle' | 'campaigning' | 'follower' | 'leader';

interface LineEntry {
  create: bigint;
  /** Decimal lease ID. */
  lease: string;
  value: Buffer;
}

/**
 * A participant in ZTAP's election, wire-compatible with Go's concurrency.Election:
 * key `{electionKey}/<lease hex>` put in a create-revision-0 transaction with the
 * session lease; the line is create-revision order; the lowest leads.
 *
 * Unlike Go's Campaign it never trusts a past answer: leadership is claimed only
 * right after a read shows its own key, with its own lease, first in line, and
 * while the lease is still confirmed alive (see LeaseKeeper). Any event on the
 * election prefix, and every heartbeat, re-reads the line.
 */
export class ElectionParticipant implements Disposable {
  private readonly emitter = new Emitter<ElectionEvent>();
  readonly onEvent = this.emitter.event;
  private lease: LeaseKeeper | undefined;
  private role: Role = 'idle';
  private myKey = '';
  private myRev = 0n;
  private leader: string | null = null;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private resignRequested = false;
  private wakeUp: (() => void) | undefined;
  /** A wake-up that came while nothing was waiting: the next wait returns at once. */
  private woken = false;
  private watcher: Watcher | undefined;
  private loop: Promise<void> | undefined;
  /** The line as last read, kept current from the watch; `lineRev` is the revision it reflects. */
  private line = new Map<string, LineEntry>();
  private lineRev = 0n;
  /** The Node JSON registered for this session; its last_seen moves on each heartbeat. */
  private registration: ZtapNode | undefined;
  private watchTrouble = false;
  private readonly folder: string;
  private readonly nodeKey: string;

  constructor(
    private readonly etcd: Etcd3,
    readonly config: ParticipantConfig,
    keys: ElectionKeys,
    /** Take over a node id that another live session has registered. */
    private readonly force = false,
  ) {
    this.folder = folderPrefix(keys.electionKey);
    this.nodeKey = nodeKeyOf(keys.keyPrefix, config.nodeId);
  }

  /** Begins campaigning; events follow. */
  start(): void {
    this.loop ??= this.run();
  }

  get isLeader(): boolean {
    return this.role === 'leader' && !!this.lease?.isConfirmed();
  }

  get snapshot(): { role: Role; key: string; leaseId: string; leader: string | null; ttlRemainingMs: number } {
    return {
      role: this.role,
      key: this.myKey,
      leaseId: this.lease?.hexId ?? '',
      leader: this.leader,
      ttlRemainingMs: this.lease?.remainingMs() ?? 0,
    };
  }

  /** Gives up leadership (or its place in line) and joins the line again at its end. */
  resign(): void {
    this.resignRequested = true;
    this.wake();
  }

  /** Resigns, deregisters, revokes the lease; resolves when done. */
  stop(): Promise<void> {
    // A second stop resolves with the first, once it has deregistered and revoked.
    this.stopping ??= this.wind();
    return this.stopping;
  }

  private async wind(): Promise<void> {
    this.stopped = true;
    // Step down first, then hand over at once (the line moves on the key's deletion),
    // then wind down the loop and clean up.
    this.role = 'idle';
    this.emit('resigned', 'stopping', { cause: 'stop' });
    const handOver = this.deleteOwnKey().catch(() => undefined);
    this.wake();
    await this.loop;
    await handOver;
    // The loop may have granted a lease or campaigned after stop() began: clean up whatever it holds.
    const lease = this.lease;
    this.lease = undefined;
    try {
      if (lease) {
        await this.deleteOwnKey();
        await withTimeout(
          this.etcd.if(this.nodeKey, 'Lease', '==', lease.id).then(this.etcd.delete().key(this.nodeKey)).commit(),
          this.config.electionTimeoutMs,
          'deregister',
        );
        await lease.close(true);
      }
    } catch (err) {
      // The lease still expires by itself within its TTL.
      this.lastError = `cleanup incomplete (${classifyError(err).message}); the lease expires within its TTL`;
      await lease?.close(false);
    }
    this.emitter.dispose();
  }

  dispose(): void {
    void this.stop();
  }

  private async run(): Promise<void> {
    let backoff = 250;
    while (!this.stopped) {
      try {
        if (!this.lease) {
          await this.newSession();
        }
        if (this.stopped) {
          break;
        }
        await this.campaign();
        await this.followLine();
        if (this.resignRequested && !this.stopped) {
          this.resignRequested = false;
          // Step down first, then delete: the next leader can only appear after this event.
          const wasLeader = this.role === 'leader';
          this.role = 'idle';
          this.emit('resigned', wasLeader ? 'resigned; joining the line again' : 'gave up its place in line; joining again at the end', {
            cause: wasLeader ? 'resign-leader' : 'resign-follower',
          });
          await this.deleteOwnKey();
        }
        backoff = 250;
      } catch (err) {
        if (this.stopped) {
          break;
        }
        // etcd unreachable or slow: nothing new is claimed meanwhile, and the lease
        // keeper reports "lost" if this lasts past what the lease can guarantee.
        this.lastError = classifyError(err).message;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      } finally {
        await this.closeWatcher();
      }
    }
  }

  /** The reason of the last failed attempt, for the UI. */
  lastError: string | undefined;

  private async newSession(): Promise<void> {
    const lease = await LeaseKeeper.grant(this.etcd, this.config.ttlSeconds, this.config.heartbeatMs, this.config.electionTimeoutMs);
    this.lease = lease;
    lease.onDidLose(reason => this.onLeaseLost(lease, reason));
    this.registration = newNode(this.config.nodeId, this.config.address, '', this.config.metadata);
    const node = encodeNode(this.registration);
    try {
      await registerNode(this.etcd, this.nodeKey, this.config.nodeId, node, lease.id, { force: this.force, timeoutMs: this.config.electionTimeoutMs });
    } catch (err) {
      // No campaign without a registration: give the lease back, so that the next try
      // starts a new session (registered first) instead of campaigning on this one.
      this.lease = undefined;
      await lease.close(true).catch(() => undefined);
      if (err instanceof NodeIdInUse && this.lastError !== err.message) {
        // Not ours to take: say why, once; retried with backoff.
        this.emit('lost', err.message);
      }
      throw err;
    }
  }

  private async campaign(): Promise<void> {
    const lease = this.lease!;
    const key = `${this.folder}${lease.hexId}`;
    const value = encodeNode(newNode(this.config.nodeId, this.config.address, '', this.config.metadata));
    const res = await withTimeout(
      this.etcd.if(key, 'Create', '==', 0).then(this.etcd.put(key).value(value).lease(lease.id)).else(this.etcd.get(key)).commit(),
      this.config.electionTimeoutMs,
      'campaign',
    );
    this.myKey = key;
    this.myRev = res.succeeded ? BigInt(res.header.revision) : BigInt(res.responses[0].response_range.kvs[0].create_revision);
    // A retried campaign finds its own key and keeps its place: no new event then.
    if (this.role === 'idle') {
      this.role = 'campaigning';
      this.emit('campaigning');
    }
  }

  /**
   * Follows the line until the key is gone, the lease is lost, or a resign or stop
   * is asked for. The line is read once, then kept current from the watch (events
   * after the read's revision), and read again at every heartbeat and after any
   * watch trouble, so a stream that resumed past an event cannot mislead it.
   */
  private async followLine(): Promise<void> {
    let needRead = true;
    while (!this.stopped && !this.resignRequested && this.lease) {
      if (needRead) {
        const { revision, kvs } = await withTimeout(readLine(this.etcd, this.folder), this.config.electionTimeoutMs, 'read the line');
        this.line = new Map(kvs.map(kv => [kv.key.toString(), { create: BigInt(kv.create_revision), lease: kv.lease, value: kv.value }]));
        this.lineRev = BigInt(revision);
        needRead = false;
      }
      const lease = this.lease;
      if (!lease || this.stopped || this.resignRequested) {
        return;
      }
      const mine = this.line.get(this.myKey);
      if (!mine || mine.lease !== lease.id || mine.create !== this.myRev) {
        // Deleted by someone else, or expired: campaign again with the same lease if it still lives.
        if (this.role === 'leader') {
          this.role = 'idle';
          this.emit('lost', 'own election key disappeared');
        }
        return;
      }
      this.evaluate(lease);
      await this.ensureWatcher();
      const woken = await this.sleep(this.config.heartbeatMs);
      if (!woken) {
        await this.touchRegistration(lease);
      }
      needRead ||= !woken || this.watchTrouble;
      this.watchTrouble = false;
    }
  }

  /**
   * Each heartbeat, the registration's `last_seen` moves on (as ZTAP's nodes do; the
   * Nodes view warns when it is older than three heartbeats), only while the key is
   * still on this session's lease: never re-creating one deleted or taken over.
   */
  private async touchRegistration(lease: LeaseKeeper): Promise<void> {
    if (!this.registration || this.stopped) {
      return;
    }
    this.registration = { ...this.registration, last_seen: new Date().toISOString() };
    const value = encodeNode(this.registration);
    await withTimeout(
      this.etcd.if(this.nodeKey, 'Lease', '==', lease.id).then(this.etcd.put(this.nodeKey).value(value).lease(lease.id)).commit(),
      this.config.electionTimeoutMs,
      'refresh the registration',
    ).catch(() => undefined);
  }

  private evaluate(lease: LeaseKeeper): void {
    if (!lease.verify()) {
      return; // reported as "lost" by the lease keeper, synchronously
    }
    let firstKey = '';
    let first: LineEntry | undefined;
    for (const [key, entry] of this.line) {
      if (!first || entry.create < first.create) {
        first = entry;
        firstKey = key;
      }
    }
    if (firstKey === this.myKey) {
      // The claim is made here and only here, with the lease confirmed at this instant.
      if (this.role !== 'leader') {
        this.role = 'leader';
        this.leader = this.config.nodeId;
        this.emit('leader');
      }
      return;
    }
    const leaderName = first ? candidateName(first.value) : null;
    if (this.role === 'leader') {
      // Cannot happen with increasing create revisions; if it does, step down first.
      this.role = 'idle';
      this.emit('lost', `${leaderName} is first in line`);
    }
    if (this.role !== 'follower' || this.leader !== leaderName) {
      this.role = 'follower';
      this.leader = leaderName;
      this.emit('follower');
    }
  }

  /** One watch per campaign, from just after the first read; it keeps `line` current. */
  private async ensureWatcher(): Promise<void> {
    if (this.watcher) {
      return;
    }
    const creating = this.etcd
      .watch()
      .prefix(this.folder)
      .startRevision(String(this.lineRev + 1n))
      .create();
    try {
      this.watcher = await withTimeout(creating, this.config.electionTimeoutMs, 'watch the line');
    } catch (err) {
      void creating.then(
        w => w.cancel(),
        () => undefined,
      );
      throw err;
    }
    this.watcher.on('data', res => {
      for (const ev of res.events) {
        const rev = BigInt(ev.kv.mod_revision);
        if (rev <= this.lineRev) {
          continue; // already in the last read
        }
        const key = ev.kv.key.toString();
        if (ev.type === 'Delete') {
          this.line.delete(key);
        } else {
          this.line.set(key, { create: BigInt(ev.kv.create_revision), lease: ev.kv.lease, value: ev.kv.value });
        }
        this.lineRev = rev;
      }
      this.wake();
    });
    const trouble = () => {
      this.watchTrouble = true;
      this.wake();
    };
    this.watcher.on('error', trouble);
    this.watcher.on('disconnected', trouble);
    this.watcher.on('connected', trouble);
  }

  /** Waits `ms` or until woken; resolves true when woken. */
  private sleep(ms: number): Promise<boolean> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve(true);
    }
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (woken: boolean) => {
        clearTimeout(timer);
        if (this.wakeUp === wake) {
          this.wakeUp = undefined;
        }
        resolve(woken);
      };
      const wake = () => done(true);
      timer = setTimeout(() => done(false), ms);
      this.wakeUp = wake;
    });
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    if (wake) {
      wake();
    } else {
      this.woken = true;
    }
  }

  private async closeWatcher(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.cancel().catch(() => undefined);
  }

  private async deleteOwnKey(): Promise<void> {
    if (!this.myKey) {
      return;
    }
    const key = this.myKey;
    this.myKey = '';
    // Guarded by our create revision, as Go's Resign: never delete a newer campaign's key.
    await withTimeout(
      this.etcd.if(key, 'Create', '==', this.myRev.toString()).then(this.etcd.delete().key(key)).commit(),
      this.config.electionTimeoutMs,
      'resign',
    );
  }

  private onLeaseLost(lease: LeaseKeeper, reason: string): void {
    if (this.lease !== lease || this.stopped) {
      return;
    }
    this.lease = undefined;
    this.role = 'idle';
    this.emit('lost', `lease ${lease.hexId} can no longer be confirmed: ${reason}`, { leaseId: lease.hexId });
    this.myKey = '';
    void lease.close(false);
    this.wake();
  }

  private emit(event: ElectionEventKind, reason?: string, { leaseId = this.lease?.hexId ?? '', cause }: { leaseId?: string; cause?: ResignCause } = {}): void {
    const e: ElectionEvent = {
      event,
      node: this.config.nodeId,
      key: this.myKey,
      leaseId,
      leader: event === 'leader' ? this.config.nodeId : event === 'follower' ? this.leader : null,
      ts: new Date().toISOString(),
    };
    if (reason) {
      e.reason = reason;
    }
    if (cause) {
      e.cause = cause;
    }
    if ((event === 'leader' || event === 'follower') && this.lineRev > 0n) {
      e.revision = this.lineRev.toString();
    }
    this.emitter.fire(e);
  }
}

function candidateName(value: Buffer): string {
  const raw = value.toString('utf8');
  return decodeNode(raw)?.id ?? raw;
}

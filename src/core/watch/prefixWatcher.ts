import type { Etcd3, IEvent, IKeyValue, IWatchResponse } from 'etcd3';
import { renewTokenAfter } from '../client/authToken';
import { classifyError, EtcdFailure } from '../client/errors';
import { requestPolicyOf } from '../client/requestPolicy';
import { Disposable, Emitter } from '../events';
import { prefixRangeEnd } from '../keys/keyRange';
import { readRangePaged } from '../keys/pagedRange';
import { keyFromText } from '../keys/keyText';

/** One change, as delivered: every event exactly once, in revision order. */
export interface WatchEvent {
  type: 'put' | 'delete';
  key: Buffer;
  value: Buffer;
  modRevision: string;
  createRevision: string;
  version: string;
  /** Decimal lease ID, "0" when none. */
  lease: string;
}

export type WatchState =
  | { kind: 'connecting' }
  | { kind: 'live'; revision: string }
  | { kind: 'reconnecting'; reason: string; attempt: number }
  | { kind: 'stopped'; failure?: EtcdFailure };

export interface WatchOptions {
  /** A key prefix (every key starting with it) or, with `exact`, one key. */
  prefix: string;
  exact?: boolean;
  /** First revision to deliver; default: the revision after "now" when started. */
  fromRevision?: string;
}

/**
 * An exact, resumable watch. etcd guarantees ordered, unique events from any
 * revision that is not compacted; this keeps that guarantee across broken streams
 * and member restarts by resuming from the revision after the last event it
 * delivered (not after the last header it saw, which etcd3's watcher does and which
 * can skip events), on whichever member answers. If that revision has been
 * compacted it says so, re-reads the current state under the prefix, reports a
 * resync at that read's revision, and continues from there.
 *
 * A member that stops answering (frozen, partitioned) keeps its TCP connection open
 * and simply sends nothing, which looks exactly like a quiet prefix. So when a stream
 * has been silent for the keepalive time its member is sent a cheap read on the same
 * channel; no answer within the keepalive timeout ends the stream, the member is
 * suspected, and the watch reconnects to another one. The stream also carries
 * etcd's "require leader" flag (requestPolicy.ts): a member cut off from the raft
 * leader cancels it rather than serve a stream that would never see new writes.
 */
export class PrefixWatcher implements Disposable {
  private readonly eventsEmitter = new Emitter<WatchEvent[]>();
  private readonly stateEmitter = new Emitter<WatchState>();
  private readonly compactedEmitter = new Emitter<string>();
  private readonly resyncEmitter = new Emitter<{ revision: string; kvs: IKeyValue[] }>();
  /** Batches of events, in revision order. */
  readonly onEvents = this.eventsEmitter.event;
  readonly onState = this.stateEmitter.event;
  /** The resume revision was compacted; the argument is etcd's compact revision. */
  readonly onCompacted = this.compactedEmitter.event;
  /** The state under the prefix was re-read at `revision`; events continue after it. */
  readonly onResync = this.resyncEmitter.event;

  private current: WatchState = { kind: 'connecting' };
  /** The next revision to deliver. */
  private next = 0n;
  private stopped = false;
  private stream: Awaited<ReturnType<Etcd3['watchClient']['watch']>> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private livenessTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private eventCount = 0;
  private readonly key: Buffer;
  private readonly rangeEnd: Buffer | undefined;

  constructor(
    private readonly etcd: Etcd3,
    readonly options: WatchOptions,
  ) {
    this.key = keyFromText(options.prefix);
    this.rangeEnd = options.exact ? undefined : prefixRangeEnd(this.key);
  }

  get state(): WatchState {
    return this.current;
  }

  /** Events delivered so far. */
  get count(): number {
    return this.eventCount;
  }

  /** The revision the next event will have at least. */
  get nextRevision(): string {
    return this.next.toString();
  }

  /** Pins the start revision and opens the stream; resolves once the watch is created. */
  async start(): Promise<void> {
    if (this.options.fromRevision !== undefined) {
      this.next = BigInt(this.options.fromRevision);
    } else {
      const res = await this.etcd.kv.range({ key: this.key, limit: 1, keys_only: true });
      this.next = BigInt(res.header.revision) + 1n;
    }
    await new Promise<void>((resolve, reject) => {
      const sub = this.onState(state => {
        if (state.kind === 'live') {
          sub.dispose();
          resolve();
        } else if (state.kind === 'stopped') {
          sub.dispose();
          reject(state.failure ?? new Error('watch stopped before it started'));
        }
      });
      void this.open();
    });
  }

  stop(failure?: EtcdFailure): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.livenessTimer);
    this.closeStream();
    this.setState({ kind: 'stopped', failure });
  }

  dispose(): void {
    this.stop();
    this.eventsEmitter.dispose();
    this.stateEmitter.dispose();
    this.compactedEmitter.dispose();
    this.resyncEmitter.dispose();
  }

  private async open(): Promise<void> {
    if (this.stopped) {
      return;
    }
    let stream: NonNullable<typeof this.stream>;
    try {
      stream = await this.etcd.watchClient.watch();
    } catch (err) {
      renewTokenAfter(this.etcd, err);
      this.retry(classifyError(err).message);
      return;
    }
    if (this.stopped) {
      stream.cancel();
      return;
    }
    this.stream = stream;
    let ended = false;
    const end = (reason: string) => {
      if (ended || this.stream !== stream) {
        return;
      }
      ended = true;
      this.closeStream();
      this.retry(reason);
    };
    this.watchLiveness(stream, end);
    stream.on('data', res => {
      this.heardAt = Date.now();
      this.probeSentAt = undefined;
      this.onResponse(res, stream, end);
    });
    stream.on('error', err => {
      renewTokenAfter(this.etcd, err);
      end(classifyError(err, requestPolicyOf(this.etcd)?.hostOf(stream)).message);
    });
    stream.on('end', () => end('the watch stream ended'));
    stream.write({
      create_request: {
        key: this.key,
        range_end: this.rangeEnd,
        start_revision: this.next.toString(),
        progress_notify: true,
      },
    });
  }

  private onResponse(res: IWatchResponse, stream: NonNullable<typeof this.stream>, end: (reason: string) => void): void {
    if (this.stream !== stream || this.stopped) {
      return;
    }
    if (res.canceled) {
      if (res.compact_revision && res.compact_revision !== '0') {
        this.closeStream();
        void this.resync(res.compact_revision);
      } else {
        renewTokenAfter(this.etcd, new Error(res.cancel_reason));
        end(res.cancel_reason ? `watch canceled: ${res.cancel_reason}` : 'watch canceled by the server');
      }
      return;
    }
    if (res.created) {
      this.attempt = 0;
      this.setState({ kind: 'live', revision: res.header.revision });
    }
    if (res.events.length > 0) {
      const batch: WatchEvent[] = [];
      for (const ev of res.events) {
        const rev = BigInt(ev.kv.mod_revision);
        // A resumed stream starts at `next`; anything older was delivered already.
        if (rev < this.next) {
          continue;
        }
        batch.push(toEvent(ev));
      }
      if (batch.length > 0) {
        // Resume after the last delivered revision: all events of one revision come in one response.
        this.next = BigInt(batch[batch.length - 1].modRevision) + 1n;
        this.eventCount += batch.length;
        this.eventsEmitter.fire(batch);
      }
    }
  }

  /** The resume point was compacted: say so, re-read the state, go on after that read. */
  private async resync(compactRevision: string): Promise<void> {
    this.compactedEmitter.fire(compactRevision);
    try {
      const kvs: IKeyValue[] = [];
      const { revision } = await readRangePaged(
        this.etcd,
        {
          key: this.key,
          rangeEnd: this.rangeEnd ?? Buffer.concat([this.key, Buffer.from([0])]),
          keysOnly: false,
          onRestart: () => (kvs.length = 0),
        },
        page => void kvs.push(...page),
      );
      if (this.stopped) {
        return;
      }
      this.next = BigInt(revision) + 1n;
      this.resyncEmitter.fire({ revision, kvs });
      void this.open();
    } catch (err) {
      this.retry(`re-reading after compaction failed: ${classifyError(err).message}`, compactRevision);
    }
  }

  private retry(reason: string, pendingCompaction?: string): void {
    if (this.stopped) {
      return;
    }
    // Retrying cannot fix these: stop and say why.
    const failure = classifyError(new Error(reason));
    if (failure.kind === 'permission denied' || failure.kind === 'authentication failed') {
      this.stop(new EtcdFailure(failure.kind, `${this.options.prefix}: ${reason}`));
      return;
    }
    this.attempt++;
    this.setState({ kind: 'reconnecting', reason, attempt: this.attempt });
    const delay = Math.min(100 * 2 ** Math.min(this.attempt - 1, 5), 3000);
    this.retryTimer = setTimeout(() => {
      if (pendingCompaction) {
        void this.resync(pendingCompaction);
      } else {
        void this.open();
      }
    }, delay);
  }

  private heardAt = 0;
  private probeSentAt: number | undefined;

  /**
   * Asks the member of a silent stream for a sign of life (RequestPolicy.probeStreamMember:
   * a read the member answers on every release, where a progress request goes unanswered
   * on a quiet cluster from etcd 3.4.38/3.5.22/3.6.2 on), and gives up on one that gives none.
   */
  private watchLiveness(stream: NonNullable<typeof this.stream>, end: (reason: string) => void): void {
    clearInterval(this.livenessTimer);
    const policy = requestPolicyOf(this.etcd);
    const { keepaliveTimeMs, keepaliveTimeoutMs } = policy?.timings ?? { keepaliveTimeMs: 2000, keepaliveTimeoutMs: 6000 };
    this.heardAt = Date.now();
    this.probeSentAt = undefined;
    this.livenessTimer = setInterval(
      () => {
        if (this.stream !== stream || !policy || this.probeSentAt !== undefined || Date.now() - this.heardAt < keepaliveTimeMs) {
          return;
        }
        const sentAt = (this.probeSentAt = Date.now());
        void policy.probeStreamMember(stream, this.key, keepaliveTimeoutMs).then(answer => {
          if (this.stream !== stream || this.probeSentAt !== sentAt) {
            return;
          }
          this.probeSentAt = undefined;
          if (answer === 'alive') {
            // Quiet, not dead: the next check comes a keepalive time from now.
            this.heardAt = Date.now();
            return;
          }
          const host = policy.hostOf(stream) ?? 'the member';
          policy.suspect(host);
          end(`no answer from ${host} for ${Math.round((Date.now() - this.heardAt) / 1000)} s`);
        });
      },
      Math.max(Math.min(keepaliveTimeMs, keepaliveTimeoutMs) / 4, 50),
    );
  }

  private closeStream(): void {
    clearInterval(this.livenessTimer);
    const stream = this.stream;
    this.stream = undefined;
    if (stream) {
      try {
        stream.cancel();
      } catch {
        // already closed
      }
    }
  }

  private setState(state: WatchState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }
}

function toEvent(ev: IEvent): WatchEvent {
  return {
    type: ev.type === 'Delete' ? 'delete' : 'put',
    key: ev.kv.key,
    value: ev.kv.value,
    modRevision: ev.kv.mod_revision,
    createRevision: ev.kv.create_revision,
    version: ev.kv.version,
    lease: ev.kv.lease,
  };
}

import type { Etcd3, IEvent, IWatchResponse } from 'etcd3';
import { renewTokenAfter } from '../client/authToken';
import { classifyError, EtcdFailure } from '../client/errors';
import { requestPolicyOf } from '../client/requestPolicy';

/** One event of etcd's history. */
export interface HistoryEvent {
  type: 'put' | 'delete';
  key: Buffer;
  value: Buffer;
  modRevision: bigint;
  createRevision: bigint;
  version: bigint;
  lease: string;
}

/** The start of the asked span is older than what etcd keeps. */
export class HistoryCompacted extends EtcdFailure {
  constructor(
    readonly asked: bigint,
    readonly compactRevision: bigint,
  ) {
    super(
      'error',
      `revision ${asked} has been compacted: etcd keeps history from revision ${compactRevision} on; ask for revision ${compactRevision} or later`,
    );
  }
}

export interface SpanOptions {
  key: Buffer;
  /** Exclusive end of a key range; none for one key. */
  rangeEnd?: Buffer;
  /** First revision whose events are wanted. */
  from: bigint;
  /** Last revision whose events are wanted (at most etcd's current revision). */
  to: bigint;
  /** The revision of the last event in the span when the caller knows it (a key present at `to`: its mod revision): the read ends there, exactly. */
  lastEventAt?: bigint;
  /** A compacted `from`: 'restart' goes on from the compact revision (and says so); 'fail' throws HistoryCompacted. */
  onCompacted: 'restart' | 'fail';
  /** Each response's events within the span, in revision order. */
  onEvents(events: HistoryEvent[]): void;
  signal?: AbortSignal;
}

/** etcd 3.4 sends an unsynced watcher at most this many revisions per response (watchBatchMaxRevs). */
const BATCH_MAX_REVISIONS = 1000;
/**
 * etcd serves catching-up watchers every 100 ms, later on a loaded machine: a second
 * of silence before a progress answer may end a read, and only one whose last event
 * is not known otherwise.
 */
const SETTLE_MS = 1000;
const MAX_ATTEMPTS = 5;
/** How long a member that still answers may defer a progress answer (a long catch-up) before the read gives up. */
const MAX_DEFERRED_MS = 60_000;

/**
 * Reads the events of a key or key range between two revisions from etcd's history,
 * with one watch from `from`, and ends it exactly where the span ends. A watch never
 * says "that was all", so the end is found from what etcd does send:
 * - an event after `to`, or the event at `lastEventAt`, ends it;
 * - a watcher that starts in the past is caught up in responses carrying the member's
 *   current revision, each holding at most 1,000 revisions; one holding fewer, at a
 *   revision >= `to`, is the last of the catch-up;
 * - with nothing to send, etcd sends nothing: when the last event is not known, after
 *   SETTLE_MS of silence a progress answer at a revision >= `to` ends it (etcd 3.4
 *   answers progress requests at once, not after queued events, hence the silence
 *   first; a read whose last event is known never ends this way). etcd 3.5.13+ defers
 *   that answer until the watch has caught up: a member that still answers a read is
 *   waited for, not taken for dead.
 * A broken stream resumes after the last event delivered, on any member. Returns the
 * revision the read began at: `from`, or the compact revision when it was restarted.
 */
export async function readRevisionSpan(etcd: Etcd3, options: SpanOptions): Promise<{ begin: bigint; compactRevision?: bigint }> {
  let next = options.from;
  let compactRevision: bigint | undefined;
  if (options.to < options.from) {
    return { begin: options.from };
  }
  for (let attempt = 1; ; attempt++) {
    const outcome = await readOnce(etcd, options, next, delivered => (next = delivered + 1n));
    if (outcome.kind === 'done') {
      return { begin: compactRevision ?? options.from, compactRevision };
    }
    if (outcome.kind === 'compacted') {
      if (options.onCompacted === 'fail') {
        throw new HistoryCompacted(options.from, outcome.compactRevision);
      }
      compactRevision = outcome.compactRevision;
      next = outcome.compactRevision;
      attempt = 0;
      continue;
    }
    if (options.signal?.aborted) {
      throw new EtcdFailure('error', 'cancelled');
    }
    if (attempt >= MAX_ATTEMPTS || outcome.failure.kind === 'permission denied' || outcome.failure.kind === 'authentication failed') {
      throw outcome.failure;
    }
    await new Promise(resolve => setTimeout(resolve, 100 * attempt));
  }
}

type Outcome = { kind: 'done' } | { kind: 'compacted'; compactRevision: bigint } | { kind: 'broken'; failure: EtcdFailure };

async function readOnce(etcd: Etcd3, o: SpanOptions, from: bigint, delivered: (revision: bigint) => void): Promise<Outcome> {
  let stream: Awaited<ReturnType<Etcd3['watchClient']['watch']>>;
  try {
    stream = await etcd.watchClient.watch();
  } catch (err) {
    renewTokenAfter(etcd, err);
    return { kind: 'broken', failure: classifyError(err) };
  }
  const policy = requestPolicyOf(etcd);
  const answerWithinMs = policy?.timings.requestTimeoutMs ?? 5000;
  return new Promise<Outcome>(resolve => {
    let settled = false;
    let next = from;
    let quietTimer: NodeJS.Timeout | undefined;
    let probeTimer: NodeJS.Timeout | undefined;
    let probing = false;
    const finish = (outcome: Outcome) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(quietTimer);
      clearTimeout(probeTimer);
      o.signal?.removeEventListener('abort', abort);
      try {
        stream.cancel();
      } catch {
        // already closed
      }
      resolve(outcome);
    };
    const abort = () => finish({ kind: 'broken', failure: new EtcdFailure('error', 'cancelled') });
    o.signal?.addEventListener('abort', abort);
    // Silence: ask for progress. etcd 3.5.13+ defers the answer while the watch is still
    // catching up, so an unanswered request is a dead member only when the member does not
    // answer a read either (RequestPolicy.probeStreamMember); a live one is waited for.
    let waitedMs = 0;
    /** Moves on with every response, so a probe's late outcome is not taken for the latest. */
    let heard = 0;
    const awaitAnswer = () => {
      const asked = heard;
      probeTimer = setTimeout(() => {
        waitedMs += answerWithinMs;
        void (policy ? policy.probeStreamMember(stream, o.key, answerWithinMs) : Promise.resolve('silent' as const)).then(answer => {
          if (settled || !probing || heard !== asked) {
            return;
          }
          if (answer === 'alive' && waitedMs < MAX_DEFERRED_MS) {
            awaitAnswer();
            return;
          }
          const host = policy?.hostOf(stream) ?? 'the member';
          const failure =
            answer === 'alive'
              ? new EtcdFailure('timed out', `${host} answers but did not confirm the end of the history read within ${MAX_DEFERRED_MS / 1000} s`)
              : new EtcdFailure('unavailable', `no answer from ${host} for ${(waitedMs + answerWithinMs) / 1000} s reading history`);
          if (answer === 'silent') {
            policy?.suspect(host);
          }
          finish({ kind: 'broken', failure });
        });
      }, answerWithinMs);
    };
    const quiet = () => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        probing = true;
        waitedMs = 0;
        stream.write({ progress_request: {} });
        awaitAnswer();
      }, SETTLE_MS);
    };
    stream.on('data', (res: IWatchResponse) => {
      clearTimeout(probeTimer);
      heard++;
      if (settled) {
        return;
      }
      if (res.canceled) {
        if (res.compact_revision && res.compact_revision !== '0') {
          finish({ kind: 'compacted', compactRevision: BigInt(res.compact_revision) });
        } else {
          renewTokenAfter(etcd, new Error(res.cancel_reason));
          finish({ kind: 'broken', failure: classifyError(new Error(res.cancel_reason || 'watch canceled by the server')) });
        }
        return;
      }
      const header = BigInt(res.header.revision);
      if (res.events.length === 0) {
        // The created answer, or a progress answer after a silence.
        if (!res.created && probing && header >= o.to && o.lastEventAt === undefined) {
          finish({ kind: 'done' });
          return;
        }
        probing = false;
        quiet();
        return;
      }
      probing = false;
      const batch: HistoryEvent[] = [];
      let past = false;
      let revisions = 0;
      let last = -1n;
      for (const ev of res.events) {
        const rev = BigInt(ev.kv.mod_revision);
        if (rev !== last) {
          revisions++;
          last = rev;
        }
        if (rev > o.to) {
          past = true;
          break;
        }
        if (rev >= next) {
          batch.push(toHistoryEvent(ev));
        }
      }
      if (batch.length > 0) {
        next = batch[batch.length - 1].modRevision + 1n;
        delivered(next - 1n);
        o.onEvents(batch);
      }
      const reachedKnownEnd = o.lastEventAt !== undefined && next > o.lastEventAt;
      const caughtUp = header >= o.to && revisions < BATCH_MAX_REVISIONS;
      if (past || reachedKnownEnd || caughtUp || next > o.to) {
        finish({ kind: 'done' });
        return;
      }
      quiet();
    });
    stream.on('error', err => {
      renewTokenAfter(etcd, err);
      finish({ kind: 'broken', failure: classifyError(err, policy?.hostOf(stream)) });
    });
    stream.on('end', () => finish({ kind: 'broken', failure: new EtcdFailure('unavailable', 'the watch stream ended') }));
    stream.write({
      create_request: { key: o.key, range_end: o.rangeEnd, start_revision: from.toString() },
    });
    quiet();
  });
}

function toHistoryEvent(ev: IEvent): HistoryEvent {
  return {
    type: ev.type === 'Delete' ? 'delete' : 'put',
    key: ev.kv.key,
    value: ev.kv.value,
    modRevision: BigInt(ev.kv.mod_revision),
    createRevision: BigInt(ev.kv.create_revision),
    version: BigInt(ev.kv.version),
    lease: ev.kv.lease,
  };
}

import type { Etcd3 } from 'etcd3';
import { renewTokenAfter } from '../client/authToken';
import { withTimeout } from '../client/errors';
import { Emitter } from '../events';

/**
 * A session lease kept alive by hand, because etcd3's Lease reports a loss only
 * after 2 x TTL, about one TTL after etcd may have deleted our keys (docs/etcd-client-pitfalls.md).
 *
 * `confirmedUntil` is the send time of the last answered keepalive (or grant) plus
 * the TTL etcd gave: the server cannot expire the lease before then, whatever
 * happened since (a pause, a dead network). Anything that claims leadership must
 * check `isConfirmed()` at that moment; `onDidLose` fires when confirmation ends.
 */
export class LeaseKeeper {
  private readonly lostEmitter = new Emitter<string>();
  readonly onDidLose = this.lostEmitter.event;
  private confirmedUntil = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lost = false;

  private constructor(
    private readonly etcd: Etcd3,
    /** Decimal, as etcd3 passes IDs. */
    readonly id: string,
    readonly ttlSeconds: number,
    private readonly heartbeatMs: number,
    private readonly callTimeoutMs: number,
  ) {}

  static async grant(etcd: Etcd3, ttlSeconds: number, heartbeatMs: number, callTimeoutMs: number): Promise<LeaseKeeper> {
    const sent = Date.now();
    const res = await withTimeout(etcd.leaseClient.leaseGrant({ TTL: ttlSeconds }), callTimeoutMs, 'lease grant');
    const keeper = new LeaseKeeper(etcd, res.ID, Number(res.TTL), heartbeatMs, callTimeoutMs);
    keeper.confirm(sent, Number(res.TTL));
    keeper.heartbeat = setInterval(() => void keeper.keepAlive(), heartbeatMs);
    return keeper;
  }

  /** The lease ID in lowercase hex, as Go's election key has it. */
  get hexId(): string {
    return BigInt(this.id).toString(16);
  }

  /** True only while etcd cannot yet have expired the lease (with a margin for late timers). */
  isConfirmed(now = Date.now()): boolean {
    return !this.lost && now < this.confirmedUntil - this.margin();
  }

  /** isConfirmed(), and when not, reports the loss now rather than at the next timer. */
  verify(): boolean {
    if (this.isConfirmed()) {
      return true;
    }
    this.markLost('no keepalive answer for the lease TTL');
    return false;
  }

  /** Milliseconds the lease is still known to live. */
  remainingMs(now = Date.now()): number {
    return Math.max(0, this.confirmedUntil - now);
  }

  /** Stops keeping the lease alive; with `revoke`, deletes it and its keys on the server. */
  async close(revoke: boolean): Promise<void> {
    this.stopTimers();
    this.lost = true;
    if (revoke) {
      await withTimeout(this.etcd.leaseClient.leaseRevoke({ ID: this.id }), this.callTimeoutMs, 'lease revoke');
    }
    this.lostEmitter.dispose();
  }

  private async keepAlive(): Promise<void> {
    if (this.lost) {
      return;
    }
    if (!this.isConfirmed()) {
      this.markLost('no keepalive answer for the lease TTL');
      return;
    }
    const sent = Date.now();
    try {
      const stream = await this.etcd.leaseClient.leaseKeepAlive();
      const answer = new Promise<{ TTL: string }>((resolve, reject) => {
        stream.on('data', resolve);
        stream.on('error', reject);
      });
      stream.write({ ID: this.id });
      const res = await withTimeout(answer, Math.min(this.callTimeoutMs, this.heartbeatMs * 2), 'keepalive').finally(() => stream.end());
      const ttl = Number(res.TTL);
      if (ttl <= 0) {
        this.markLost('etcd says the lease has expired');
        return;
      }
      this.confirm(sent, ttl);
    } catch (err) {
      renewTokenAfter(this.etcd, err);
      // Unanswered: the watchdog decides when that becomes a loss.
      if (!this.isConfirmed()) {
        this.markLost('no keepalive answer for the lease TTL');
      }
    }
  }

  private confirm(sentAt: number, ttlSeconds: number): void {
    if (this.lost) {
      return;
    }
    this.confirmedUntil = Math.max(this.confirmedUntil, sentAt + ttlSeconds * 1000);
    if (!this.isConfirmed()) {
      // Confirmed too late to count (the process was paused meanwhile).
      this.markLost('keepalive answered too late');
      return;
    }
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(
      () => {
        if (!this.isConfirmed()) {
          this.markLost('no keepalive answer for the lease TTL');
        }
      },
      this.confirmedUntil - this.margin() - Date.now(),
    );
  }

  /** Timers can fire late on a busy machine: give up a little before the deadline. */
  private margin(): number {
    return Math.min(1000, Math.max(250, this.ttlSeconds * 50));
  }

  private markLost(reason: string): void {
    if (this.lost) {
      return;
    }
    this.lost = true;
    this.stopTimers();
    this.lostEmitter.fire(reason);
  }

  private stopTimers(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.watchdog);
  }
}

import { PollListeners } from '../poll/listeners';
import type { ClusterMembers } from './members';

/** How often members' health and status are asked for: no watch tells of them. */
export const MEMBER_POLL_MS = 5000;

type Listener = (members: ClusterMembers) => void;

/**
 * One poll of a session's members for everything that shows them (the tree's rows, the
 * connection row, the status bar, the dashboard): one set of probes per interval per
 * connection, not one per view. Polls while anyone listens; `refresh` asks now and
 * joins a poll in flight.
 */
export class MemberHealthPoll {
  private readonly listeners: PollListeners<ClusterMembers>;
  private inFlight: Promise<ClusterMembers> | undefined;
  private disposed = false;
  /** The last answer, and what failed since it (the member list could not be read). */
  latest: ClusterMembers | undefined;
  latestAt = 0;
  lastError: unknown;

  constructor(
    private readonly load: () => Promise<ClusterMembers>,
    private readonly everyMs = MEMBER_POLL_MS,
  ) {
    this.listeners = new PollListeners(() => void this.refresh().catch(() => undefined), everyMs);
  }

  /** Calls `listener` with every answer from now on; polling runs while anyone listens. */
  subscribe(listener: Listener): { dispose(): void } {
    return this.listeners.subscribe(listener);
  }

  /** The members now (joining a read in flight); every listener hears the answer. */
  refresh(): Promise<ClusterMembers> {
    if (this.disposed) {
      return Promise.reject(new Error('The connection these members belong to has ended.'));
    }
    this.inFlight ??= this.load().then(
      members => {
        this.inFlight = undefined;
        this.latest = members;
        this.latestAt = Date.now();
        this.lastError = undefined;
        this.listeners.fire(members);
        return members;
      },
      err => {
        this.inFlight = undefined;
        this.lastError = err;
        throw err;
      },
    );
    return this.inFlight;
  }

  /** The last answer when it is younger than a poll interval, else a fresh read. */
  current(): Promise<ClusterMembers> {
    return this.latest && Date.now() - this.latestAt < this.everyMs ? Promise.resolve(this.latest) : this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.stop();
  }
}

/** How many members did not answer: what the connection row and the status bar add ("1 unhealthy"). */
export function unhealthyCount(members: ClusterMembers): number {
  return members.members.filter(m => !m.health.ok).length;
}

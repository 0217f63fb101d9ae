import type { Etcd3 } from 'etcd3';
import type { ConnectionService } from './connections/connectionService';
import type { Dialogs } from './dialogs';
import type { Log } from './log';

/**
 * The one door every write of the extension goes through (values, keys, leases,
 * maintenance, restores, local nodes): the connection's write policy (a read-only
 * connection refuses, an off-machine writable one asks, naming the cluster), then the
 * work, which uses the core's guarded writes (core/writes), then a line in the log:
 * what was written and the revision it produced, never a value.
 */
export class WritePolicy {
  constructor(
    private readonly connection: ConnectionService,
    private readonly log: Log,
    private readonly dialogs: Dialogs,
  ) {}

  /** Refuses at once, saying why, on a read-only connection: before any other question. */
  refuseIfReadOnly(what: string): void {
    const reason = this.connection.readOnlyReason();
    if (reason) {
      throw new Error(`Cannot ${what}: ${reason}.`);
    }
  }

  /**
   * Whether `what` may go ahead: refused (thrown) on a read-only connection, asked on
   * an off-machine one whose entry allows writes, granted on this machine's.
   */
  async allow(what: string): Promise<boolean> {
    this.refuseIfReadOnly(what);
    const target = this.connection.writeConfirmationTarget();
    return target === undefined || this.dialogs.confirm(`ZTAP: ${what} on the cluster ${target}?`, 'It is not on this machine.', 'Yes, write');
  }

  /** The policy, then `work` on the connection's client, then the log line `describe` gives. */
  async run<T>(what: string, work: (etcd: Etcd3) => Promise<T>, describe: (result: T) => string): Promise<T | undefined> {
    if (!(await this.allow(what))) {
      return undefined;
    }
    const result = await work(this.connection.requireSession().client);
    this.written(describe(result));
    return result;
  }

  /** Logs a write done outside `run` (a value saved from its editor, a keepalive). */
  written(description: string): void {
    this.log.info(`Write: ${description}`);
  }
}

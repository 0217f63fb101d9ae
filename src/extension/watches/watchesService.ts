import * as vscode from 'vscode';
import { deniedOn } from '../../core/client/errors';
import { describeConnection } from '../../core/config/connectionConfig';
import type { EtcdSession } from '../../core/connection/etcdSession';
import { plural } from '../../core/text/plural';
import { formatEventLine } from '../../core/watch/formatEvent';
import { PrefixWatcher, WatchState } from '../../core/watch/prefixWatcher';
import { COMMANDS } from '../commands/commandIds';
import type { ConnectionService } from '../connections/connectionService';
import type { Log } from '../log';

const RECENT_KEY = 'ztap.recentWatchPrefixes';
const RECENT_MAX = 10;

/**
 * A live watch the user started. Its watcher is replaced when the connection is
 * made again (Reconnect, Switch Connection to the same cluster): the new one
 * resumes from the revision after the last event delivered, so nothing is lost
 * or repeated across the change.
 */
export class UserWatch {
  /** Events delivered by the watchers this one had before the last reconnect. */
  private earlier = 0;
  /** Why it waits (the connection is being made again), or undefined while it runs. */
  paused: string | undefined;
  /** While paused: the revision to resume from. */
  resumeFrom: string | undefined;

  constructor(
    readonly id: number,
    readonly prefix: string,
    public watcher: PrefixWatcher,
    /** The cluster it watches: it resumes only on a connection to the same one. */
    readonly clusterId: string,
  ) {}

  /** Every event delivered since the user started it. */
  get count(): number {
    return this.earlier + this.watcher.count;
  }

  get state(): WatchState | { kind: 'paused'; reason: string } {
    return this.paused ? { kind: 'paused', reason: this.paused } : this.watcher.state;
  }

  /** Ends the current watcher, keeping its count and where to resume. */
  pause(reason: string): void {
    this.resumeFrom = this.watcher.nextRevision;
    this.earlier += this.watcher.count;
    this.watcher.dispose();
    this.paused = reason;
  }
}

/**
 * The watches started with "ZTAP: Watch Prefix...": several at once, each exact
 * and resumable; their events go to the "ZTAP Watch" output channel as lines.
 * A new connection to the same cluster resumes them; one to another cluster ends
 * them with a notification that restarts them in one click.
 */
export class WatchesService implements vscode.Disposable {
  private readonly watches = new Map<number, UserWatch>();
  private readonly output = vscode.window.createOutputChannel('ZTAP Watch');
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;
  private nextId = 1;
  /** Each watcher's subscription to the end of its session. */
  private readonly sessionEnds = new Map<PrefixWatcher, { dispose(): void }>();
  private readonly subscriptions: Array<{ dispose(): void }>;
  /** Prefixes of the watches the last change of cluster ended. */
  private endedPrefixes: string[] = [];

  constructor(
    private readonly connection: ConnectionService,
    private readonly memento: vscode.Memento,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      // Each watch runs on the session it was started or resumed on, and pauses when that ends.
      connection.onDidStartSession(session => void this.resumeOn(session)),
      connection.onDidChangeState(state => state.kind === 'failed' && this.notConnected(state.failure.message)),
    ];
  }

  get all(): UserWatch[] {
    return [...this.watches.values()];
  }

  /** The prefixes whose watches ended when the connection moved to another cluster. */
  get ended(): readonly string[] {
    return this.endedPrefixes;
  }

  get recentPrefixes(): string[] {
    return this.memento.get<string[]>(RECENT_KEY, []);
  }

  async start(prefix: string): Promise<UserWatch> {
    const session = this.connection.requireSession();
    const watch = new UserWatch(this.nextId++, prefix, this.newWatcher(session, prefix), session.clusterId);
    this.watches.set(watch.id, watch);
    await this.remember(prefix);
    try {
      await watch.watcher.start();
    } catch (err) {
      this.watches.delete(watch.id);
      this.disposeWatcher(watch.watcher);
      this.changes.fire();
      throw deniedOn(err, { op: 'read', key: prefix, prefix: true }, session.config.username);
    }
    this.line(`WATCH ${prefix} from revision ${watch.watcher.nextRevision}`);
    this.log.info(`Watching ${prefix} (events in the "ZTAP Watch" output)`);
    this.output.show(true);
    this.changes.fire();
    return watch;
  }

  /** Starts again, on the current connection, the watches that a change of cluster ended. */
  async restartEnded(): Promise<UserWatch[]> {
    const prefixes = this.endedPrefixes;
    this.endedPrefixes = [];
    const started: UserWatch[] = [];
    for (const prefix of prefixes) {
      started.push(await this.start(prefix));
    }
    return started;
  }

  stop(id: number): boolean {
    const watch = this.watches.get(id);
    if (!watch) {
      return false;
    }
    this.disposeWatcher(watch.watcher);
    this.watches.delete(id);
    this.line(`STOPPED ${watch.prefix} after ${plural(watch.count, 'event')}`);
    this.changes.fire();
    return true;
  }

  stopAll(): number {
    const ids = [...this.watches.keys()];
    ids.forEach(id => this.stop(id));
    return ids.length;
  }

  /** A watcher on `session` whose events go to the output channel; the session's end pauses its watch. */
  private newWatcher(session: EtcdSession, prefix: string, fromRevision?: string): PrefixWatcher {
    const watcher = new PrefixWatcher(session.client, { prefix, fromRevision });
    this.sessionEnds.set(
      watcher,
      session.onDidEnd(() => this.pauseWatcherOf(watcher)),
    );
    watcher.onEvents(batch => {
      batch.forEach(ev => this.output.appendLine(formatEventLine(ev)));
      this.changes.fire();
    });
    watcher.onCompacted(rev => this.line(`COMPACTED ${prefix}: history up to revision ${rev} is gone; re-reading`));
    watcher.onResync(({ revision, kvs }) => this.line(`RESYNC ${prefix}: ${plural(kvs.length, 'key')} at revision ${revision}; following from there`));
    watcher.onState(state => {
      if (state.kind === 'reconnecting') {
        this.line(`RECONNECTING ${prefix} (attempt ${state.attempt}): ${state.reason}`);
      }
      this.changes.fire();
    });
    return watcher;
  }

  private disposeWatcher(watcher: PrefixWatcher): void {
    this.sessionEnds.get(watcher)?.dispose();
    this.sessionEnds.delete(watcher);
    watcher.dispose();
  }

  /** The session of a watch ended (a reconnect, another cluster): it waits, keeping where to resume. */
  private pauseWatcherOf(watcher: PrefixWatcher): void {
    this.sessionEnds.delete(watcher);
    const watch = [...this.watches.values()].find(w => w.watcher === watcher && !w.paused);
    if (watch) {
      watch.pause('reconnecting');
      this.line(`PAUSED ${watch.prefix}: the connection is being made again; resumes from revision ${watch.resumeFrom}`);
      this.changes.fire();
    }
  }

  /** The connection failed: the paused watches say why they wait. */
  private notConnected(message: string): void {
    for (const watch of this.watches.values()) {
      if (watch.paused) {
        watch.paused = `not connected: ${message}`;
      }
    }
    this.changes.fire();
  }

  /** A new session: the paused watches of its cluster resume on it; those of another cluster end. */
  private async resumeOn(session: EtcdSession): Promise<void> {
    const paused = [...this.watches.values()].filter(w => w.paused);
    const other = paused.filter(w => w.clusterId !== session.clusterId);
    for (const watch of paused.filter(w => w.clusterId === session.clusterId)) {
      const from = watch.resumeFrom;
      watch.watcher = this.newWatcher(session, watch.prefix, from);
      watch.paused = undefined;
      try {
        await watch.watcher.start();
        this.line(`RESUMED ${watch.prefix} from revision ${from}`);
      } catch (err) {
        this.line(`ENDED ${watch.prefix}: it could not resume: ${(err as Error).message}`);
        this.stop(watch.id);
      }
    }
    if (other.length > 0) {
      other.forEach(w => this.stop(w.id));
      this.endedPrefixes = other.map(w => w.prefix);
      this.notifyEnded(describeConnection(session.config));
    }
    this.changes.fire();
  }

  private notifyEnded(target: string): void {
    const prefixes = this.endedPrefixes;
    const restart = 'Restart on This Connection';
    void vscode.window
      .showWarningMessage(
        `ZTAP: the connection now leads to another etcd cluster (${target}), so ${plural(prefixes.length, 'watch', 'watches')} ended: ${prefixes.join(', ')}.`,
        restart,
      )
      .then(choice => {
        if (choice === restart) {
          void vscode.commands.executeCommand(COMMANDS.restartEndedWatches);
        }
      });
  }

  private line(text: string): void {
    this.output.appendLine(`${new Date().toISOString()} ${text}`);
  }

  private async remember(prefix: string): Promise<void> {
    const recent = [prefix, ...this.recentPrefixes.filter(p => p !== prefix)].slice(0, RECENT_MAX);
    await this.memento.update(RECENT_KEY, recent);
  }

  dispose(): void {
    this.subscriptions.forEach(s => s.dispose());
    this.stopAll();
    this.output.dispose();
    this.changes.dispose();
  }
}

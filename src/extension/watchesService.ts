import * as vscode from 'vscode';
import { formatEventLine } from '../core/watch/formatEvent';
import { PrefixWatcher } from '../core/watch/prefixWatcher';
import type { ConnectionService } from './connectionService';
import type { Log } from './log';

const RECENT_KEY = 'ztap.recentWatchPrefixes';
const RECENT_MAX = 10;

/** A live watch the user started, with what the tree shows of it. */
export interface UserWatch {
  id: number;
  prefix: string;
  watcher: PrefixWatcher;
}

/**
 * The watches started with "ZTAP: Watch Prefix...": several at once, each exact
 * and resumable; their events go to the "ZTAP Watch" output channel as lines.
 */
export class WatchesService implements vscode.Disposable {
  private readonly watches = new Map<number, UserWatch>();
  private readonly output = vscode.window.createOutputChannel('ZTAP Watch');
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;
  private nextId = 1;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connection: ConnectionService,
    private readonly memento: vscode.Memento,
    private readonly log: Log,
  ) {
    // Watches run on the connection's client: a new connection ends them.
    this.subscription = connection.onDidChangeState(state => {
      if (state.kind !== 'connected' && this.watches.size > 0) {
        this.output.appendLine(`${new Date().toISOString()} the etcd connection changed: ${this.watches.size} watch(es) stopped`);
        this.stopAll();
      }
    });
  }

  get all(): UserWatch[] {
    return [...this.watches.values()];
  }

  get recentPrefixes(): string[] {
    return this.memento.get<string[]>(RECENT_KEY, []);
  }

  async start(prefix: string): Promise<UserWatch> {
    const watcher = new PrefixWatcher(this.connection.manager.client, { prefix });
    const watch: UserWatch = { id: this.nextId++, prefix, watcher };
    const line = (text: string) => this.output.appendLine(text);
    watcher.onEvents(batch => {
      batch.forEach(ev => line(formatEventLine(ev)));
      this.changes.fire();
    });
    watcher.onCompacted(rev => line(`${new Date().toISOString()} COMPACTED ${prefix}: history up to revision ${rev} is gone; re-reading`));
    watcher.onResync(({ revision, kvs }) => line(`${new Date().toISOString()} RESYNC ${prefix}: ${kvs.length} key(s) at revision ${revision}; following from there`));
    watcher.onState(state => {
      if (state.kind === 'reconnecting') {
        line(`${new Date().toISOString()} RECONNECTING ${prefix} (attempt ${state.attempt}): ${state.reason}`);
      }
      this.changes.fire();
    });
    this.watches.set(watch.id, watch);
    await this.remember(prefix);
    try {
      await watcher.start();
    } catch (err) {
      this.watches.delete(watch.id);
      watcher.dispose();
      this.changes.fire();
      throw err;
    }
    line(`${new Date().toISOString()} WATCH ${prefix} from revision ${watcher.nextRevision}`);
    this.log.info(`Watching ${prefix} (events in the "ZTAP Watch" output)`);
    this.output.show(true);
    this.changes.fire();
    return watch;
  }

  stop(id: number): boolean {
    const watch = this.watches.get(id);
    if (!watch) {
      return false;
    }
    watch.watcher.dispose();
    this.watches.delete(id);
    this.output.appendLine(`${new Date().toISOString()} STOPPED ${watch.prefix} after ${watch.watcher.count} event(s)`);
    this.changes.fire();
    return true;
  }

  stopAll(): number {
    const ids = [...this.watches.keys()];
    ids.forEach(id => this.stop(id));
    return ids.length;
  }

  private async remember(prefix: string): Promise<void> {
    const recent = [prefix, ...this.recentPrefixes.filter(p => p !== prefix)].slice(0, RECENT_MAX);
    await this.memento.update(RECENT_KEY, recent);
  }

  dispose(): void {
    this.subscription.dispose();
    this.stopAll();
    this.output.dispose();
    this.changes.dispose();
  }
}

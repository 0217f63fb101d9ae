import type * as vscode from 'vscode';
import { watchPrefixChanges } from '../core/watch/prefixChanges';
import type { Disposable } from '../core/events';
import type { ConnectionService } from './connectionService';
import type { Log } from './log';
import type { ClusterTreeProvider } from './tree/clusterTreeProvider';

/** Keeps the Leader node current from a watch on the election prefix, re-made on every (re)connect. */
export class ElectionLiveUpdates implements vscode.Disposable {
  private watch: Disposable | undefined;
  private readonly subscription: Disposable;
  private generation = 0;

  constructor(
    private readonly connection: ConnectionService,
    private readonly tree: ClusterTreeProvider,
    private readonly log: Log,
  ) {
    this.subscription = connection.onDidChangeState(state => void this.follow(state.kind === 'connected'));
  }

  private async follow(connected: boolean): Promise<void> {
    const generation = ++this.generation;
    this.watch?.dispose();
    this.watch = undefined;
    const config = this.connection.config;
    if (!connected || !config) {
      return;
    }
    try {
      const watch = await watchPrefixChanges(this.connection.manager.client, config.electionKey, () => {
        this.log.trace(`${config.electionKey}/ changed: redrawing the Leader node`);
        void this.tree.refreshLeader();
      });
      this.log.trace(`Watching ${config.electionKey}/ for leader changes`);
      if (generation !== this.generation) {
        watch.dispose();
        return;
      }
      this.watch = watch;
    } catch (err) {
      this.log.warn(`Cannot watch ${config.electionKey}/ for leader changes: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    this.generation++;
    this.subscription.dispose();
    this.watch?.dispose();
  }
}

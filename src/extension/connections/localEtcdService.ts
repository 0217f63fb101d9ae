import * as vscode from 'vscode';
import { chooseEtcd, EtcdRelease } from '../../core/local/etcdReleases';
import { etcdInstallHint } from '../../core/local/findEtcd';
import { LocalEtcd } from '../../core/local/localEtcd';
import type { ConnectionService } from './connectionService';
import type { Log } from '../log';
import { readLocalEtcdPath } from '../settings';

/**
 * The local etcd a user can start when nothing answers: one member whose data
 * stays in the extension's global storage between sessions. Never started
 * without the user asking; stopped by "Stop Local etcd" and on deactivation.
 */
export class LocalEtcdService implements vscode.Disposable {
  private local: LocalEtcd | undefined;
  private starting: Promise<LocalEtcd> | undefined;

  constructor(
    private readonly storage: vscode.Uri,
    private readonly connection: ConnectionService,
    private readonly log: Log,
  ) {}

  get endpoint(): string | undefined {
    return this.local?.running ? this.local.clientUrl : undefined;
  }

  /** Starts (or returns the running) local etcd and switches the connection to it. */
  async start(): Promise<LocalEtcd> {
    if (this.local?.running) {
      return this.local;
    }
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Where the local etcd keeps its data (and the release that wrote it) between sessions. */
  get storageDir(): string {
    return vscode.Uri.joinPath(this.storage, 'local-etcd').fsPath;
  }

  /** The release of the running local etcd. */
  get release(): EtcdRelease | undefined {
    return this.local?.running ? this.runningRelease : undefined;
  }

  private runningRelease: EtcdRelease | undefined;

  /**
   * ztap.localEtcd.path when set, otherwise the newest etcd this machine has (on PATH,
   * or built by npm run etcd-releases). Throws DataFromOtherRelease (core/local/localEtcd.ts)
   * when the kept data was written by another minor release: the caller asks.
   */
  private async doStart(): Promise<LocalEtcd> {
    const configured = readLocalEtcdPath();
    const release = chooseEtcd(configured);
    if (!release) {
      throw new LocalEtcdMissing(etcdInstallHint(configured));
    }
    const local = await LocalEtcd.start({
      etcdPath: release.etcdPath,
      version: release.version,
      storageDir: this.storageDir,
      onOutput: line => this.log.info(`[local etcd] ${line}`),
    });
    this.local = local;
    this.runningRelease = release;
    void vscode.commands.executeCommand('setContext', 'ztap.localEtcdRunning', true);
    local.onDidExit(code => {
      void vscode.commands.executeCommand('setContext', 'ztap.localEtcdRunning', false);
      this.log.info(`[local etcd] exited (${code ?? 'signal'})`);
      if (this.local === local) {
        this.local = undefined;
        void this.connection.useLocalEndpoint(undefined);
      }
    });
    await this.connection.useLocalEndpoint(local.clientUrl, release.version);
    return local;
  }

  /** Stops it and returns the connection to the configured endpoints. */
  async stop(): Promise<boolean> {
    const local = this.local;
    if (!local) {
      return false;
    }
    this.local = undefined;
    await local.stop();
    await this.connection.useLocalEndpoint(undefined);
    return true;
  }

  dispose(): void {
    void this.local?.stop();
    this.local = undefined;
  }
}

/** No etcd binary: the message carries install hints. */
export class LocalEtcdMissing extends Error {}

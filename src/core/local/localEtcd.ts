import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdirSync } from 'fs';
import { join } from 'path';
import { Emitter } from '../events';
import { killOnExit, waitHealthy } from './etcdProcess';
import { freePort, isPortFree } from './freePort';
import { killAndWait } from './killAndWait';

export interface LocalEtcdOptions {
  etcdPath: string;
  /** Kept between sessions: the member's data lives in `<storageDir>/data`. */
  storageDir: string;
  onOutput?: (line: string) => void;
  /** 2379 unless taken, then any free port. */
  preferredClientPort?: number;
  startTimeoutMs?: number;
}

/**
 * The "embedded default": one etcd member for users without a cluster, on
 * 127.0.0.1 only, with its data kept in the extension's storage.
 */
export class LocalEtcd {
  private readonly exitEmitter = new Emitter<number | null>();
  /** Fires when the process ends for any reason (stop, crash). */
  readonly onDidExit = this.exitEmitter.event;

  private constructor(
    private readonly child: ChildProcess,
    readonly clientUrl: string,
    readonly dataDir: string,
  ) {
    child.once('exit', code => this.exitEmitter.fire(code));
  }

  static async start(options: LocalEtcdOptions): Promise<LocalEtcd> {
    const dataDir = join(options.storageDir, 'data');
    const fresh = !existsSync(join(dataDir, 'member'));
    mkdirSync(dataDir, { recursive: true });
    const preferred = options.preferredClientPort ?? 2379;
    const clientPort = (await isPortFree(preferred)) ? preferred : await freePort();
    const peerPort = (await isPortFree(preferred + 1)) && clientPort === preferred ? preferred + 1 : await freePort();
    const clientUrl = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const args = [
      '--name',
      'ztap-local',
      '--data-dir',
      dataDir,
      '--listen-client-urls',
      clientUrl,
      '--advertise-client-urls',
      clientUrl,
      '--listen-peer-urls',
      peerUrl,
      '--initial-advertise-peer-urls',
      peerUrl,
      '--initial-cluster',
      `ztap-local=${peerUrl}`,
      '--initial-cluster-state',
      'new',
    ];
    options.onOutput?.(`Starting ${options.etcdPath} (${fresh ? 'new data' : 'existing data'} in ${dataDir}) on ${clientUrl}`);
    const child = spawn(options.etcdPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(child);
    const forward = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach(l => options.onOutput?.(l));
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    const local = new LocalEtcd(child, clientUrl, dataDir);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', err => reject(new Error(`Cannot run ${options.etcdPath}: ${err.message}`)));
      child.once('exit', code => reject(new Error(`etcd exited with status ${code} while starting; see the log for its output.`)));
    });
    try {
      await Promise.race([waitHealthy(clientUrl, options.startTimeoutMs ?? 30_000), failed]);
    } catch (err) {
      await local.stop();
      throw err;
    }
    return local;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM (etcd shuts down cleanly), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    await killAndWait(this.child, 'SIGTERM', 5000);
    this.exitEmitter.dispose();
  }
}

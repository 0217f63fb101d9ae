import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { minorOf } from './etcdReleases';
import { Emitter } from '../events';
import { killOnExit, waitHealthy } from './etcdProcess';
import { freePort, isPortFree } from './freePort';
import { killAndWait } from './killAndWait';

export interface LocalEtcdOptions {
  etcdPath: string;
  /** What `etcd --version` says: recorded beside the data, checked against it at the next start. */
  version: string;
  /** Kept between sessions: the member's data lives in `<storageDir>/data`. */
  storageDir: string;
  onOutput?: (line: string) => void;
  /** 2379 unless taken, then any free port. */
  preferredClientPort?: number;
  startTimeoutMs?: number;
}

/** Where the release that last ran on a local etcd's data is recorded (beside the data folder). */
const RELEASE_FILE = 'etcd-release.json';

/** The local etcd's data was written by another minor release (or by one not recorded). */
export class DataFromOtherRelease extends Error {
  constructor(
    readonly writtenBy: string | undefined,
    readonly running: string,
    readonly dataDir: string,
  ) {
    super(
      `The local etcd's data (${dataDir}) was written by ${writtenBy ? `etcd ${writtenBy}` : 'an etcd release that was not recorded'}, ` +
        `and this is etcd ${running}: another minor release may refuse it or upgrade it one way. Start with fresh data (the old data is kept), or set ztap.localEtcd.path to etcd ${writtenBy ?? 'of that release'}.`,
    );
    this.name = 'DataFromOtherRelease';
  }
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
    if (!fresh) {
      // etcd refuses data written by a newer minor release and upgrades older data one
      // way (docs/etcd-client-pitfalls.md): never open another minor's data silently.
      const writtenBy = LocalEtcd.dataRelease(options.storageDir);
      if (writtenBy === undefined || minorOf(writtenBy) !== minorOf(options.version)) {
        throw new DataFromOtherRelease(writtenBy, options.version, dataDir);
      }
    }
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
    options.onOutput?.(`Starting etcd ${options.version} (${options.etcdPath}; ${fresh ? 'new data' : 'existing data'} in ${dataDir}) on ${clientUrl}`);
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
    writeFileSync(join(options.storageDir, RELEASE_FILE), `${JSON.stringify({ version: options.version })}\n`);
    return local;
  }

  /** The release that last ran on the data in `storageDir`, when it was recorded. */
  static dataRelease(storageDir: string): string | undefined {
    try {
      const version: unknown = JSON.parse(readFileSync(join(storageDir, RELEASE_FILE), 'utf8')).version;
      return typeof version === 'string' ? version : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Moves the data of another release aside (nothing is deleted): the next start begins
   * with fresh data. Returns the folder the old data now lives in.
   */
  static setDataAside(storageDir: string): string {
    const writtenBy = LocalEtcd.dataRelease(storageDir) ?? 'unknown-release';
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = join(storageDir, `data-etcd-${writtenBy}-${stamp}`);
    renameSync(join(storageDir, 'data'), aside);
    return aside;
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

import { ChildProcess, spawn } from 'child_process';
import type { Etcd3 } from 'etcd3';
import { chmodSync, chownSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { get } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from './freePort';
import { killAndWait } from './killAndWait';

/** One etcd member run as a child process on loopback ports. */
export interface LocalMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  process?: ChildProcess;
}

export interface LocalClusterOptions {
  members?: number;
  /** Defaults to `etcd` on PATH. */
  etcdPath?: string;
  /** A fresh temporary folder when omitted; removed by stop() only then. */
  dataRoot?: string;
  extraArgs?: string[];
  startTimeoutMs?: number;
  /**
   * Runs member `index` as this user (and group) id, its data dir owned by it: the chaos
   * run tells the members' connections apart by their owner (needs root).
   */
  uidOf?: (index: number) => number;
  /** Called with the members' URLs chosen, before any member starts (the chaos run routes their links). */
  beforeStart?: (members: readonly LocalMember[]) => Promise<void>;
}

// Every process we start, so an abnormal exit of the host process still kills them.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills `child` if this process exits first, so no etcd outlives its owner. */
export function killOnExit(child: ChildProcess): void {
  installExitHook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      child.kill('SIGKILL');
    }
  });
}

/**
 * A single member or an n-member cluster of real etcd processes, only on 127.0.0.1,
 * each with its own data dir. Used by the tests, the benchmarks and the demo.
 */
export class LocalEtcdCluster {
  readonly members: LocalMember[];
  private readonly ownsDataRoot: boolean;

  private constructor(
    readonly dataRoot: string,
    members: LocalMember[],
    private readonly options: LocalClusterOptions,
    ownsDataRoot: boolean,
  ) {
    this.members = members;
    this.ownsDataRoot = ownsDataRoot;
  }

  static async start(options: LocalClusterOptions = {}): Promise<LocalEtcdCluster> {
    // A port found free can be taken again before etcd binds it (the OS hands a port it
    // just freed to the next caller, another test's etcd among them): a start that fails
    // on a port in use is tried again, on new ports, once.
    for (let attempt = 1; ; attempt++) {
      try {
        return await LocalEtcdCluster.startOnce(options);
      } catch (err) {
        if (attempt >= 2 || !/address already in use/.test((err as Error).message)) {
          throw err;
        }
      }
    }
  }

  private static async startOnce(options: LocalClusterOptions): Promise<LocalEtcdCluster> {
    const count = options.members ?? 1;
    const ownsDataRoot = options.dataRoot === undefined;
    const dataRoot = options.dataRoot ?? mkdtempSync(join(tmpdir(), 'ztap-etcd-'));
    if (options.uidOf) {
      mkdirSync(dataRoot, { recursive: true });
      chmodSync(dataRoot, 0o755);
    }
    const members: LocalMember[] = [];
    const ports = await distinctPorts(2 * count);
    for (let i = 1; i <= count; i++) {
      const name = `n${i}`;
      const dataDir = join(dataRoot, name);
      mkdirSync(dataDir, { recursive: true });
      members.push({
        name,
        clientUrl: `http://127.0.0.1:${ports[2 * i - 2]}`,
        peerUrl: `http://127.0.0.1:${ports[2 * i - 1]}`,
        dataDir,
        logFile: join(dataRoot, `${name}.log`),
      });
    }
    const cluster = new LocalEtcdCluster(dataRoot, members, options, ownsDataRoot);
    try {
      await options.beforeStart?.(members);
      await Promise.all(members.map((_, i) => cluster.startMember(i, 'new')));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** Client URLs, for a connection config. */
  get endpoints(): string[] {
    return this.members.map(m => m.clientUrl);
  }

  /**
   * Adds a member to the running cluster through `etcd` (a client of it), as a raft
   * learner unless `voter`, starts it with the flags a joining member needs and waits
   * until it serves. Returns its index in `members`.
   */
  async addMember(etcd: Etcd3, { voter = false }: { voter?: boolean } = {}): Promise<number> {
    const name = `n${this.members.length + 1}`;
    const dataDir = join(this.dataRoot, name);
    mkdirSync(dataDir, { recursive: true });
    const member: LocalMember = {
      name,
      clientUrl: `http://127.0.0.1:${await freePort()}`,
      peerUrl: `http://127.0.0.1:${await freePort()}`,
      dataDir,
      logFile: join(this.dataRoot, `${name}.log`),
    };
    // etcd refuses a reconfiguration ("unhealthy cluster") until every member has been
    // connected for a few seconds (--strict-reconfig-check): a cluster just started waits.
    for (const deadline = Date.now() + 30_000; ;) {
      try {
        await etcd.cluster.memberAdd({ peerURLs: [member.peerUrl], isLearner: !voter });
        break;
      } catch (err) {
        if (!/unhealthy cluster/.test(String(err)) || Date.now() > deadline) {
          throw err;
        }
        await new Promise(resolve => setTimeout(resolve, 500));
      }
    }
    this.members.push(member);
    await this.startMember(this.members.length - 1, 'existing');
    return this.members.length - 1;
  }

  /** Starts (or restarts) member `index` and waits until it serves. */
  async startMember(index: number, state: 'new' | 'existing' = 'existing'): Promise<void> {
    const m = this.members[index];
    if (m.process) {
      return;
    }
    const initialCluster = this.members.map(x => `${x.name}=${x.peerUrl}`).join(',');
    const args = [
      '--name',
      m.name,
      '--data-dir',
      m.dataDir,
      '--listen-client-urls',
      m.clientUrl,
      '--advertise-client-urls',
      m.clientUrl,
      '--listen-peer-urls',
      m.peerUrl,
      '--initial-advertise-peer-urls',
      m.peerUrl,
      '--initial-cluster',
      initialCluster,
      '--initial-cluster-state',
      state,
      '--initial-cluster-token',
      `ztap-test-${process.pid}`,
      ...(this.options.extraArgs ?? []),
    ];
    const log = createWriteStream(m.logFile, { flags: 'a' });
    const uid = this.options.uidOf?.(index);
    if (uid !== undefined) {
      chownSync(m.dataDir, uid, uid);
    }
    const child = spawn(this.options.etcdPath ?? 'etcd', args, { stdio: ['ignore', 'pipe', 'pipe'], uid, gid: uid });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    // Its last words, for the error if it exits while starting (etcd logs to stderr).
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000)));
    killOnExit(child);
    m.process = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('error', err => reject(new Error(`cannot start etcd (${err.message}); is etcd installed?`)));
      // The log's last lines say why (a test run removes the file when it stops the cluster).
      child.once('close', code => reject(new Error(`etcd ${m.name} exited with ${code}: ${lastLines(tail) || `no output (${m.logFile})`}`)));
    });
    child.once('exit', () => {
      if (m.process === child) {
        m.process = undefined;
      }
    });
    await Promise.race([waitHealthy(m.clientUrl, this.options.startTimeoutMs ?? 30_000), exited]);
  }

  /** Stops member `index` (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  async stopMember(index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.members[index].process;
    if (!child) {
      return;
    }
    await killAndWait(child, signal);
  }

  /** Stops every member and removes the data it created. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((_, i) => this.stopMember(i)));
    if (this.ownsDataRoot) {
      rmSync(this.dataRoot, { recursive: true, force: true });
    }
  }
}

/** Polls etcd's HTTP /health until it reports true. */
export async function waitHealthy(clientUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await healthy(`${clientUrl}/health`)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`etcd at ${clientUrl} did not become healthy within ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

function healthy(url: string): Promise<boolean> {
  return new Promise(resolve => {
    const req = get(url, { timeout: 1000 }, res => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('"true"')));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** `n` distinct free ports (two calls to freePort can return the same one). */
async function distinctPorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) {
    ports.add(await freePort());
  }
  return [...ports];
}

/** The last lines of a process's output, in one line for an error message. */
function lastLines(output: string, count = 3): string {
  return output.trim().split('\n').slice(-count).join(' | ').slice(-600);
}

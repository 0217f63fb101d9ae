import { ChildProcess, execFile, spawn, spawnSync } from 'child_process';
import { killAndWait } from '../../src/core/local/killAndWait';
export { eventually } from './eventually';

// etcdctl speaks the v3 API by default since 3.4, and 3.6 warns about ETCDCTL_API.
const ENV = process.env;

/** Runs `etcdctl` once against `endpoints`. */
export function etcdctl(endpoints: string[], args: string[]): Promise<string> {
  return run('etcdctl', [`--endpoints=${endpoints.join(',')}`, ...args]);
}

function run(tool: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env: ENV, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${tool} ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
}

/**
 * The tool that reads and restores snapshot files in the release under test: etcdutl
 * from etcd 3.5 (etcdctl's `snapshot status` and `restore` are gone in 3.6), etcdctl
 * in 3.4, which has no etcdutl.
 */
export const SNAPSHOT_TOOL = spawnSync('sh', ['-c', 'command -v etcdutl'], { stdio: 'ignore' }).status === 0 ? 'etcdutl' : 'etcdctl';

/** `snapshot status|restore ...` with SNAPSHOT_TOOL. */
export function snapshotTool(args: string[]): Promise<string> {
  return run(SNAPSHOT_TOOL, ['snapshot', ...args]);
}

/** A long-running `etcdctl elect NAME VALUE` participant (Go's concurrency.Election). */
export class ElectParticipant {
  private constructor(readonly process: ChildProcess) {}

  static start(endpoints: string[], name: string, value: string): ElectParticipant {
    const child = spawn('etcdctl', [`--endpoints=${endpoints.join(',')}`, 'elect', name, value], {
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ElectParticipant(child);
  }

  /** SIGINT makes etcdctl resign before it exits. */
  stop(signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
    return killAndWait(this.process, signal);
  }
}

/** etcdctl prints 64-bit IDs as JSON numbers, which JSON.parse rounds: keep big ones as strings. */
export function parseEtcdctlJson(text: string): any {
  return JSON.parse(text.replace(/([:[,]\s*)(\d{16,})/g, '$1"$2"'));
}

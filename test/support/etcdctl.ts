import { ChildProcess, execFile, spawn, spawnSync } from 'child_process';
import { killAndWait } from '../../src/core/local/killAndWait';
import { eventually } from './eventually';
export { eventually };

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

/** One event as etcdctl prints it (key and value as text). */
export interface HistoryLine {
  type: 'put' | 'delete';
  key: string;
  modRevision: string;
  value: string;
}

/** etcd's own history, as `etcdctl watch --rev=N --prefix -w json` prints it, up to `end`. */
export async function etcdHistory(endpoints: string[], prefix: string, start: string, end: string): Promise<HistoryLine[]> {
  const child = spawn('etcdctl', [`--endpoints=${endpoints.join(',')}`, 'watch', `--rev=${start}`, '--prefix', prefix, '-w', 'json'], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: HistoryLine[] = [];
  let buffer = '';
  child.stdout.on('data', (c: Buffer) => {
    buffer += c.toString();
    // One JSON object per watch response, one per line.
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('{')) {
        continue;
      }
      const res = parseEtcdctlJson(line);
      for (const e of res.Events ?? []) {
        events.push({
          type: e.type === 1 || e.type === 'DELETE' ? 'delete' : 'put',
          key: Buffer.from(e.kv.key, 'base64').toString(),
          modRevision: String(e.kv.mod_revision),
          value: e.kv.value ? Buffer.from(e.kv.value, 'base64').toString() : '',
        });
      }
    }
  });
  try {
    await eventually(() => events.some(e => BigInt(e.modRevision) >= BigInt(end)) || undefined, 30_000, 'etcdctl watch to catch up');
  } finally {
    await killAndWait(child, 'SIGINT');
  }
  return events.filter(e => BigInt(e.modRevision) <= BigInt(end));
}

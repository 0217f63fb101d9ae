import { ChildProcess, execFile, spawn } from 'child_process';
import { killAndWait } from '../../src/core/local/killAndWait';
export { eventually } from './eventually';

const ENV = { ...process.env, ETCDCTL_API: '3' };

/** Runs `etcdctl` once against `endpoints`. */
export function etcdctl(endpoints: string[], args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('etcdctl', [`--endpoints=${endpoints.join(',')}`, ...args], { env: ENV, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`etcdctl ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
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

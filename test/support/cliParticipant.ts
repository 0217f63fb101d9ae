import { ChildProcess, spawn } from 'child_process';
import type { ElectionEvent } from '../../src/core/election/participant';
import { killAndWait } from '../../src/core/local/killAndWait';
import { eventually } from './eventually';
import { CLI } from './runCli';

export interface SeenEvent extends ElectionEvent {
  /** When this test process received the line. */
  at: number;
}

/** A `ztap-etcd elect` process (the built CLI) whose JSON lines are collected. */
export class CliParticipant {
  readonly events: SeenEvent[] = [];
  stderr = '';
  private constructor(
    readonly id: string,
    readonly process: ChildProcess,
  ) {
    let buffer = '';
    process.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) {
          this.events.push({ ...(JSON.parse(line) as ElectionEvent), at: Date.now() });
        }
      }
    });
    process.stderr?.on('data', (c: Buffer) => (this.stderr += c.toString()));
  }

  static start(endpoints: string[], id: string, args: string[] = []): CliParticipant {
    const child = spawn(process.execPath, [CLI, 'elect', id, '--endpoints', endpoints.join(','), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new CliParticipant(id, child);
  }

  get last(): SeenEvent | undefined {
    return this.events[this.events.length - 1];
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Waits for an event of `kind` after index `from`. */
  waitFor(kind: ElectionEvent['event'], timeoutMs: number, from = 0): Promise<SeenEvent> {
    return eventually(
      () => this.events.slice(from).find(e => e.event === kind),
      timeoutMs,
      `${this.id} to report ${kind} (saw ${this.events.map(e => e.event).join(', ') || 'nothing'}; stderr ${this.stderr.trim() || 'empty'})`,
    );
  }

  stop(signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
    return killAndWait(this.process, signal);
  }

  exitCode(): Promise<number | null> {
    if (!this.alive) {
      return Promise.resolve(this.process.exitCode);
    }
    return new Promise(resolve => this.process.once('exit', code => resolve(code)));
  }
}

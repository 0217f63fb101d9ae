import { ChildProcess, spawn } from 'child_process';
import type { Etcd3 } from 'etcd3';
import { killAndWait } from '../../../src/core/local/killAndWait';
import { PrefixWatcher } from '../../../src/core/watch/prefixWatcher';
import { CLI } from '../../support/runCli';
import type { WatchRecord } from '../records';
import { clientOf } from './client';

/** A PrefixWatcher (what the tree's live updates and Watch Prefix run on), recording all it delivers. */
export class WatchRecorder {
  readonly record: WatchRecord;
  private readonly etcd: Etcd3;
  private readonly watcher: PrefixWatcher;

  constructor(name: string, endpoints: readonly string[], prefix: string, from: bigint) {
    this.record = { name, prefix, from, events: [], gaps: [] };
    this.etcd = clientOf(endpoints);
    this.watcher = new PrefixWatcher(this.etcd, { prefix, fromRevision: from.toString() });
    let gapFrom: bigint | undefined;
    this.watcher.onEvents(batch => {
      for (const e of batch) {
        this.record.events.push({ revision: BigInt(e.modRevision), type: e.type, key: e.key.toString(), value: e.value.toString() });
      }
    });
    this.watcher.onCompacted(() => (gapFrom = BigInt(this.watcher.nextRevision)));
    this.watcher.onResync(({ revision }) => {
      this.record.gaps.push({ from: gapFrom ?? this.record.from, to: BigInt(revision) });
      gapFrom = undefined;
    });
  }

  start(): Promise<void> {
    return this.watcher.start();
  }

  /** Every revision up to `revision` delivered (or declared gone). */
  caughtUp(revision: bigint): boolean {
    return BigInt(this.watcher.nextRevision) > revision;
  }

  stop(): void {
    this.watcher.dispose();
    this.etcd.close();
  }
}

/** `ztap-etcd watch --json --rev N`, the built CLI as users run it, recording its lines. */
export class CliWatchRecorder {
  readonly record: WatchRecord;
  stderr = '';
  private readonly child: ChildProcess;

  constructor(endpoints: readonly string[], prefix: string, from: bigint) {
    this.record = { name: 'ztap-etcd watch', prefix, from, events: [], gaps: [] };
    this.child = spawn(process.execPath, [CLI, 'watch', prefix, '--json', '--rev', from.toString(), '--endpoints', endpoints.join(',')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let gapFrom: bigint | undefined;
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, nl)) as Record<string, string | number>;
        buffer = buffer.slice(nl + 1);
        if (line.type === 'compacted') {
          const last = this.record.events[this.record.events.length - 1];
          gapFrom = last ? last.revision + 1n : this.record.from;
        } else if (line.type === 'resync') {
          this.record.gaps.push({ from: gapFrom ?? this.record.from, to: BigInt(line.revision) });
        } else {
          this.record.events.push({
            revision: BigInt(line.modRevision),
            type: line.type as 'put' | 'delete',
            key: String(line.key),
            value: String(line.value),
          });
        }
      }
    });
    this.child.stderr!.on('data', (c: Buffer) => (this.stderr = (this.stderr + c.toString()).slice(-4000)));
  }

  caughtUp(revision: bigint): boolean {
    const last = this.record.events[this.record.events.length - 1];
    return !!last && last.revision >= revision;
  }

  /** SIGTERM: the CLI's watch ends and exits 0. */
  stop(): Promise<void> {
    return killAndWait(this.child, 'SIGTERM');
  }
}

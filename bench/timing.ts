import { execFile, spawn } from 'child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export interface Timed {
  ms: number;
  bytes: number;
}

/** Runs a command to completion, draining stdout, and returns its wall time. */
export function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (bytes += c.length));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      } else {
        resolve({ ms, bytes });
      }
    });
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface TimedRss {
  ms: number;
  /** Peak resident memory of the process, KiB (GNU time's %M). */
  maxRssKiB: number;
}

/**
 * Runs a command with its stdout going to /dev/null (no pipe to drain: a drained pipe
 * doubled etcdctl's time, which writes two unbuffered lines per key), under GNU time
 * for its peak memory. Wall time as the parent sees it; both tools get the same.
 */
export function timeToDevNull(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<TimedRss> {
  const dir = mkdtempSync(join(tmpdir(), 'ztap-time-'));
  const out = join(dir, 'rss');
  const devNull = openSync('/dev/null', 'w');
  return new Promise<TimedRss>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', out, cmd, ...args], { env, stdio: ['ignore', devNull, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      closeSync(devNull);
      try {
        if (code !== 0) {
          reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
        } else {
          resolve({ ms, maxRssKiB: Number(readFileSync(out, 'utf8').trim().split('\n').pop()) });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Runs a bash script (with its own redirections: the same sink for both tools) and returns its wall time in ms. */
export function timeShell(script: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile('bash', ['-c', script], { env: { ...process.env, ETCDCTL_API: '3' }, maxBuffer: 1 << 30 }, (err: Error | null) =>
      err ? reject(err) : resolve(Number(process.hrtime.bigint() - started) / 1e6),
    );
  });
}

/** A warm-up of each, then `runs` interleaved runs of both; their medians and the ratio ours / theirs. */
export async function interleavedMedians(
  ours: () => Promise<number>,
  theirs: () => Promise<number>,
  runs: number,
): Promise<{ oursMs: number; etcdctlMs: number; ratio: number }> {
  await ours();
  await theirs();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await ours());
    b.push(await theirs());
  }
  return { oursMs: median(a), etcdctlMs: median(b), ratio: median(a) / median(b) };
}

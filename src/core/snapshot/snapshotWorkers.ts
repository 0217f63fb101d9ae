import { join } from 'path';
import { Worker } from 'worker_threads';
import { BboltError } from './bboltReader';
import type { SnapshotStatus } from './snapshotStatus';

/** What a snapshot worker is asked to do (snapshotWorker.ts). */
export type WorkerJob = { kind: 'trailer'; path: string; fileSize: number } | { kind: 'status'; path: string } | { kind: 'browse'; path: string };
export type WorkerReply = { value: unknown } | { error: string; damaged: boolean };

/** A job on another thread; stop() ends it early (no thread left behind). */
export interface WorkerRun<T> {
  readonly result: Promise<T>;
  stop(): Promise<void>;
}

/**
 * Runs a job on a worker thread. The script is a file built next to this module
 * and next to the bundles in dist/, since a worker cannot run part of a bundle.
 */
export function runInWorker<T>(job: WorkerJob): WorkerRun<T> {
  const worker = new Worker(join(__dirname, 'snapshotWorker.js'), { workerData: job });
  const result = new Promise<T>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      if ('error' in reply) {
        reject(reply.damaged ? new BboltError(reply.error) : new Error(reply.error));
      } else {
        resolve(reply.value as T);
      }
    });
    worker.once('error', reject);
    worker.once('exit', code => reject(new Error(`the snapshot worker stopped (exit ${code}) before it answered`)));
  });
  // Read by the caller only on success; a rejection after stop() is expected.
  result.catch(() => undefined);
  return { result, stop: async () => void (await worker.terminate()) };
}

/**
 * snapshotStatus() with all of its work off this thread: for the extension host,
 * which must not stop for the walk of a large file.
 */
export async function snapshotStatusOffThread(path: string): Promise<SnapshotStatus> {
  const run = runInWorker<SnapshotStatus>({ kind: 'status', path });
  try {
    return await run.result;
  } finally {
    await run.stop();
  }
}

/** A worker that stays: its first answer, then messages both ways until stop(). */
export interface LongWorker {
  /** The worker's first reply (a browse job: the index opened, or why not). */
  readonly first: Promise<unknown>;
  post(message: unknown): void;
  onMessage(fn: (message: unknown) => void): void;
  /** The thread ended by itself (a crash): pending requests must fail. */
  onExit(fn: (err: Error) => void): void;
  stop(): Promise<void>;
}

export function startWorker(job: WorkerJob): LongWorker {
  const worker = new Worker(join(__dirname, 'snapshotWorker.js'), { workerData: job });
  let stopping = false;
  const first = new Promise<unknown>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) =>
      'error' in reply ? reject(reply.damaged ? new BboltError(reply.error) : new Error(reply.error)) : resolve(reply.value),
    );
    worker.once('error', reject);
    worker.once('exit', code => reject(new Error(`the snapshot worker stopped (exit ${code}) before it answered`)));
  });
  first.catch(() => undefined);
  return {
    first,
    post: message => worker.postMessage(message),
    onMessage: fn => {
      void first.then(() => worker.on('message', fn));
    },
    onExit: fn => {
      worker.on('exit', code => stopping || fn(new Error(`the snapshot worker stopped (exit ${code})`)));
      worker.on('error', err => fn(err));
    },
    stop: async () => {
      stopping = true;
      await worker.terminate();
    },
  };
}

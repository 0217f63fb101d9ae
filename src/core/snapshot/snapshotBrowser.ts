import type { KeyListing } from '../keys/keyChild';
import type { SnapshotSource } from './snapshotDiff';
import type { SnapshotEntry, SnapshotLease } from './snapshotIndex';
import { BboltError } from './bboltReader';
import { startWorker } from './snapshotWorkers';

/** What the browse worker answers to (snapshotWorker.ts). */
export type BrowseRequest =
  { op: 'list'; prefix: string } | { op: 'get'; key: string } | { op: 'page'; prefix: string; after?: Uint8Array; limit: number } | { op: 'leases' };

export interface BrowseOpened {
  revision: number;
  compactRevision: number;
  keyCount: number;
}

/** Entries read from the worker at a time by `entries()`. */
const PAGE = 2000;

/**
 * A snapshot file opened on a worker thread: the index (SnapshotIndex) is built and
 * queried there, so the extension host never stops for a large file; this side sends
 * requests and gets plain answers. Close it to end the thread.
 */
export class SnapshotBrowser implements SnapshotSource {
  private nextId = 1;
  private closed = false;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();

  private constructor(
    readonly path: string,
    private readonly worker: ReturnType<typeof startWorker>,
    readonly revision: number,
    readonly compactRevision: number,
    readonly keyCount: number,
  ) {
    worker.onMessage(message => {
      const reply = message as { id: number; value?: unknown; error?: string; damaged?: boolean };
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error !== undefined) {
        waiter?.reject(reply.damaged ? new BboltError(reply.error) : new Error(reply.error));
      } else {
        waiter?.resolve(reply.value);
      }
    });
    worker.onExit(err => {
      for (const waiter of this.waiting.values()) {
        waiter.reject(err);
      }
      this.waiting.clear();
    });
  }

  /** Reads the file's index on a new worker thread; a file that is not an etcd database rejects with a BboltError. */
  static async open(path: string): Promise<SnapshotBrowser> {
    const worker = startWorker({ kind: 'browse', path });
    try {
      const opened = (await worker.first) as BrowseOpened;
      return new SnapshotBrowser(path, worker, opened.revision, opened.compactRevision, opened.keyCount);
    } catch (err) {
      await worker.stop();
      throw err;
    }
  }

  list(prefix: string): Promise<KeyListing> {
    return this.ask({ op: 'list', prefix }) as Promise<KeyListing>;
  }

  async get(key: string): Promise<SnapshotEntry | null> {
    const entry = (await this.ask({ op: 'get', key })) as SnapshotEntry | null;
    return entry && revive(entry);
  }

  leases(): Promise<SnapshotLease[]> {
    return this.ask({ op: 'leases' }) as Promise<SnapshotLease[]>;
  }

  /** Every key under `prefix` in key order, values included, a page at a time from the worker. */
  async *entries(prefix: string): AsyncGenerator<SnapshotEntry> {
    let after: Buffer | undefined;
    for (;;) {
      const page = ((await this.ask({ op: 'page', prefix, after, limit: PAGE })) as SnapshotEntry[]).map(revive);
      yield* page;
      if (page.length < PAGE) {
        return;
      }
      after = page[page.length - 1].keyBytes;
    }
  }

  close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.values()) {
      waiter.reject(new Error(`the snapshot ${this.path} was closed`));
    }
    this.waiting.clear();
    return this.worker.stop();
  }

  private ask(request: BrowseRequest): Promise<unknown> {
    if (this.closed) {
      return Promise.reject(new Error(`the snapshot ${this.path} is closed; open it again`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.post({ id, ...request });
    });
  }
}

/** Buffers arrive from another thread as Uint8Arrays. */
function revive(entry: SnapshotEntry): SnapshotEntry {
  const buffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return { ...entry, keyBytes: buffer(entry.keyBytes), value: buffer(entry.value) };
}

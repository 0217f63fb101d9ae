import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import { dirname, join } from 'path';
import type { ConnectionConfig } from '../config/connectionConfig';
import { parseEndpoint } from '../config/endpoints';
import { classifyError, EtcdFailure } from '../client/errors';
import { SnapshotChunk, SnapshotRpc } from './snapshotRpc';

export interface SaveSnapshotOptions {
  /** The member to stream from, as a client URL. */
  endpoint: string;
  /** Called as bytes arrive (total is known after the first chunk). */
  onProgress?: (received: number, total: number) => void;
  signal?: AbortSignal;
  /** A stream with no bytes for this long is given up; default: the request timeout. */
  stallTimeoutMs?: number;
}

export interface SavedSnapshot {
  path: string;
  /** The file's size: the database plus the 32-byte sha256 trailer. */
  size: number;
  /** The member's revision when the snapshot was taken. */
  revision: string;
}

/**
 * Streams Maintenance.Snapshot from one member into `<path>.part`, checks the final
 * sha256 message against the bytes received, writes that 32-byte trailer as etcd
 * does (the format `etcdctl snapshot save` writes), fsyncs, and renames to `path`.
 * On any failure or cancel the `.part` file is removed and nothing is left.
 */
export async function saveSnapshot(config: ConnectionConfig, path: string, options: SaveSnapshotOptions): Promise<SavedSnapshot> {
  const part = `${path}.part`;
  const endpoint = parseEndpoint(options.endpoint);
  // The destination is checked before anything is fetched.
  await checkDestination(path);
  let file: fs.FileHandle;
  try {
    // Owner-only, as etcdctl writes it: a snapshot holds every key and value (and user).
    file = await fs.open(part, 'w', 0o600);
  } catch (err) {
    throw destinationError(err, path);
  }
  const rpc = new SnapshotRpc(config, endpoint);
  let received = 0;
  try {
    const revision = await rpc.start();
    const stream = rpc.snapshot();
    const hash = createHash('sha256');
    let total = -1;
    let trailer: Buffer | undefined;
    // A failed write (disk full) stops the stream; the write error is what gets reported.
    const writer = new ChunkWriter(file, () => stream.cancel());
    await new Promise<void>((resolve, reject) => {
      // A member that stops sending (frozen, partitioned) keeps the connection open:
      // without a stall limit the save would wait forever.
      const stallMs = options.stallTimeoutMs ?? config.requestTimeoutMs;
      let stall: NodeJS.Timeout | undefined;
      const settle = () => {
        clearTimeout(stall);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (err: Error) => {
        settle();
        stream.cancel();
        reject(err);
      };
      const onAbort = () => fail(new SnapshotCancelled(received));
      const watchStall = () => {
        clearTimeout(stall);
        stall = setTimeout(() => {
          const seconds = Math.round(stallMs / 100) / 10;
          fail(new EtcdFailure('timed out', `no data from ${endpoint.url} for ${seconds} s (at ${received} bytes); the snapshot was not saved`, endpoint.url));
        }, stallMs);
      };
      if (options.signal?.aborted) {
        onAbort();
        return;
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      watchStall();
      stream.on('data', (res: SnapshotChunk) => {
        watchStall();
        const blob = res.blob;
        if (total < 0) {
          total = res.remainingBytes + blob.length;
        }
        if (received === total) {
          trailer = blob; // etcd's last message: the sha256 of all bytes before
          return;
        }
        received += blob.length;
        hash.update(blob);
        writer.add(blob);
        options.onProgress?.(received, total);
      });
      stream.on('error', (err: Error) => fail(err));
      stream.on('end', () => {
        settle();
        resolve();
      });
    }).catch(err => {
      if (writer.error) {
        throw destinationError(writer.error, path);
      }
      throw received > 0 && !(err instanceof EtcdFailure) ? brokenAt(err, received, endpoint.url) : err;
    });
    await onDisk(path, () => writer.close());
    if (total < 0 || received !== total || !trailer) {
      throw new EtcdFailure('error', `${endpoint.url}: the snapshot stream ended early, at ${received} of ${Math.max(total, 0)} bytes.`);
    }
    const digest = hash.digest();
    if (!digest.equals(trailer)) {
      throw new EtcdFailure('error', `${endpoint.url}: snapshot hash mismatch: the sha256 etcd sent does not match the ${received} bytes received.`);
    }
    const bytes = trailer;
    await onDisk(path, async () => {
      await file.write(bytes);
      await file.sync();
      await file.close();
      await fs.rename(part, path);
    });
    return { path, size: received + trailer.length, revision };
  } catch (err) {
    await file.close().catch(() => undefined);
    await fs.rm(part, { force: true });
    throw snapshotError(err, endpoint.url);
  } finally {
    rpc.close();
  }
}

/** The user cancelled the save (Cancel, Ctrl-C): nothing was kept. */
export class SnapshotCancelled extends EtcdFailure {
  constructor(readonly received: number) {
    super('error', `Snapshot cancelled after ${received} bytes; nothing was saved.`);
  }
}

/** Fails before anything is fetched when `path` cannot be a snapshot file. */
async function checkDestination(path: string): Promise<void> {
  if (path.trim() === '') {
    throw new EtcdFailure('configuration', 'The snapshot file name is empty: give a path such as backup.db.');
  }
  const stat = await fs.stat(path).catch(() => undefined);
  if (stat?.isDirectory()) {
    throw new EtcdFailure('configuration', `Cannot write the snapshot to ${path}: it is a folder; give a file name, e.g. ${join(path, 'snapshot.db')}.`);
  }
}

// Larger writes left more for the final fsync and came out slower against etcdctl
// (npm run bench, snapshot save); smaller ones no better.
const WRITE_BATCH_BYTES = 1024 * 1024;

/** Gathers etcd's 32 KiB chunks and writes 1 MiB at a time, in order; keeps the first write error. */
class ChunkWriter {
  private pending: Buffer[] = [];
  private bytes = 0;
  private chain: Promise<void> = Promise.resolve();
  error: Error | undefined;

  constructor(
    private readonly file: fs.FileHandle,
    private readonly onError: () => void,
  ) {}

  add(chunk: Buffer): void {
    this.pending.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= WRITE_BATCH_BYTES) {
      this.flush();
    }
  }

  async close(): Promise<void> {
    this.flush();
    await this.chain;
    if (this.error) {
      throw this.error;
    }
  }

  private flush(): void {
    const chunks = this.pending;
    this.pending = [];
    this.bytes = 0;
    if (chunks.length === 0) {
      return;
    }
    this.chain = this.chain
      .then(() => (this.error ? undefined : this.file.writev(chunks).then(() => undefined)))
      .catch((err: Error) => {
        this.error ??= err;
        this.onError();
      });
  }
}

function brokenAt(err: unknown, received: number, url: string): EtcdFailure {
  const failure = classifyError(err, url);
  return new EtcdFailure(failure.kind, `${url}: the snapshot stream broke at ${received} bytes (${failure.message.replace(`${url}: `, '')}).`, url);
}

function snapshotError(err: unknown, url: string): Error {
  if (err instanceof EtcdFailure) {
    return err;
  }
  // Before any byte (a broken stream is told by brokenAt), a reset on an https:// endpoint
  // is a member that does not speak TLS dropping the handshake; grpc-js says only "read ECONNRESET".
  const raw = err instanceof Error ? err.message : String(err);
  if (url.startsWith('https://') && /ECONNRESET/.test(raw) && !/TLS|SSL/.test(raw)) {
    return classifyError(new Error(`connection reset during the TLS handshake (${raw})`), url);
  }
  const failure = classifyError(err, url);
  if (failure.kind === 'permission denied') {
    return new EtcdFailure(
      'permission denied',
      `${url}: permission denied: etcd allows a snapshot only to a user with the root role; this user may not take one.`,
      url,
    );
  }
  return failure;
}

/** Runs file work, reporting its failure as the destination's (disk full, not writable...). */
async function onDisk(path: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    throw destinationError(err, path);
  }
}

function destinationError(err: unknown, path: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: `the folder ${dirname(path)} does not exist`,
    EACCES: `${dirname(path)} is not writable`,
    EPERM: `${dirname(path)} is not writable`,
    EROFS: `${dirname(path)} is on a read-only file system`,
    ENOSPC: 'the disk is full',
    EISDIR: `${path} is a folder`,
  };
  return new EtcdFailure('error', `Cannot write the snapshot to ${path}: ${why[code ?? ''] ?? (err as Error).message}.`);
}

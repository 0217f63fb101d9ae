import type { Etcd3 } from 'etcd3';
import type { WatchEvent } from '../watch/prefixWatcher';
import { folderPrefix } from './keyRange';
import { KeyChild, keyMeta } from './keyChild';
import type { DeepRead } from './listChildren';
import { listFolder } from './listFolder';
import { keyFromText, keyToText } from './keyText';

interface Reading {
  done: Promise<void>;
  partial: Set<(children: KeyChild[]) => void>;
  /** The children seen last, handed to a caller that joins later. */
  latest?: KeyChild[];
  /** The deep read of a folder above that this reading follows. */
  follows?: DeepRead;
}

interface CachedFolder {
  prefix: string;
  /** The listing's revision: events at or before it are already in it. */
  revision: bigint;
  children: Map<string, KeyChild>;
  /** The children in key order, kept until one comes or goes (a 100,000-key folder's sort is ~40 ms a redraw). */
  order?: KeyChild[];
}

/**
 * The folders the tree has listed, kept current from watch events instead of
 * re-reading etcd: an expanded folder over 200,000 keys costs one read, then O(1)
 * per event and ancestor. Only folders that were listed are kept.
 */
export class KeyIndex {
  private readonly folders = new Map<string, CachedFolder>();
  /** Listings under way, shared by every caller of the same folder, with who wants partial results. */
  private readonly pending = new Map<string, Reading>();
  /** Deep reads under way, by the folder they read: a folder below one can be answered from it. */
  private readonly reads = new Map<string, DeepRead>();
  /** Folders attached to a deep read under way: called when the read has passed them. */
  private readonly closers = new Map<string, () => void>();

  constructor(private readonly etcd: Etcd3) {}

  /**
   * The children of `prefix`, from the cache or read once. While a big folder is
   * being read, `onPartial` gets the children found so far after each page (keys
   * arrive sorted, so those are complete up to the last one), so a caller can show
   * something at once. A folder that a read of a folder above it is inside right now
   * is answered from that read (what it saw so far at once, all of it when the read
   * leaves the folder), not read a second time.
   */
  async list(prefix: string, onPartial?: (children: KeyChild[]) => void): Promise<{ prefix: string; revision: string; children: KeyChild[] }> {
    const folder = folderPrefix(prefix);
    for (let attempt = 0; !this.folders.has(folder); attempt++) {
      const reading = this.pending.get(folder) ?? (attempt === 0 ? this.attachToAncestor(folder) : undefined) ?? this.startRead(folder);
      if (onPartial) {
        reading.partial.add(onPartial);
        if (reading.latest) {
          onPartial(reading.latest);
        }
      }
      try {
        await reading.done;
      } finally {
        if (onPartial) {
          reading.partial.delete(onPartial);
        }
      }
    }
    const cached = this.folders.get(folder)!;
    cached.order ??= inKeyOrder([...cached.children.values()]);
    // Copies: events change the cached children in place, and a caller's listing must not change under it.
    return { prefix: folder, revision: cached.revision.toString(), children: cached.order.map(c => ({ ...c })) };
  }

  private startRead(folder: string): Reading {
    const reading: Reading = { partial: new Set(), done: Promise.resolve() };
    reading.done = this.read(folder, children => {
      reading.latest = children;
      reading.partial.forEach(p => p(children));
    }).finally(() => this.pending.delete(folder));
    this.pending.set(folder, reading);
    return reading;
  }

  /** A deep read of a folder above `folder` that is inside it now: follow that read. */
  private attachToAncestor(folder: string): Reading | undefined {
    for (const [above, read] of this.reads) {
      if (folder === above || !folder.startsWith(above)) {
        continue;
      }
      const seen = read.attach(keyFromText(folder));
      if (!seen) {
        continue;
      }
      const ancestor = this.pending.get(above)?.done ?? Promise.resolve();
      const reading: Reading = { partial: new Set(), latest: seen, done: Promise.resolve(), follows: read };
      reading.done = Promise.race([new Promise<void>(resolve => this.closers.set(folder, resolve)), ancestor.catch(() => undefined)]).finally(() => {
        this.closers.delete(folder);
        this.pending.delete(folder);
      });
      this.pending.set(folder, reading);
      return reading;
    }
    return undefined;
  }

  /** Reads `folder` and, from the same read, the small folders below it (listFolder, deep). */
  private async read(folder: string, onPartial: (children: KeyChild[]) => void): Promise<void> {
    try {
      const { listing: root, below } = await listFolder(this.etcd, folder, {
        deep: {
          onStart: read => this.reads.set(folder, read),
          onPartial: children => {
            onPartial(children);
            // Folders below that follow this read see its progress too.
            for (const [below, reading] of this.pending) {
              if (reading.follows && reading.follows === this.reads.get(folder) && reading.partial.size > 0) {
                const now = reading.follows.attach(keyFromText(below));
                if (now) {
                  reading.latest = now;
                  reading.partial.forEach(p => p(now));
                }
              }
            }
          },
          onClosed: (bytes, children, revision) => {
            const closed = keyToText(bytes);
            if (!this.folders.has(closed)) {
              this.folders.set(closed, { prefix: closed, revision: BigInt(revision), children: new Map(children.map(c => [c.name, c])) });
            }
            this.closers.get(closed)?.();
          },
        },
      });
      for (const listing of [root, ...below]) {
        if (!this.folders.has(listing.prefix)) {
          this.folders.set(listing.prefix, {
            prefix: listing.prefix,
            revision: BigInt(listing.revision),
            children: new Map(listing.children.map(c => [c.name, c])),
          });
        }
      }
    } finally {
      this.reads.delete(folder);
    }
  }

  /** Forgets `prefix` and everything under it (all, without an argument), so it is read again. */
  invalidate(prefix?: string): void {
    if (prefix === undefined) {
      this.folders.clear();
      return;
    }
    const folder = folderPrefix(prefix);
    for (const key of this.folders.keys()) {
      if (key.startsWith(folder)) {
        this.folders.delete(key);
      }
    }
  }

  /** Applies events in revision order; returns the cached folders whose listing changed. */
  /** Whether `prefix`'s listing is held (an event under it keeps it current). */
  has(prefix: string): boolean {
    return this.folders.has(prefix);
  }

  apply(events: readonly WatchEvent[]): Set<string> {
    const changed = new Set<string>();
    for (const ev of events) {
      const key = keyToText(ev.key);
      const rev = BigInt(ev.modRevision);
      for (const folder of this.folders.values()) {
        if (key.startsWith(folder.prefix) && rev > folder.revision && applyTo(folder, key, ev)) {
          changed.add(folder.prefix);
        }
      }
    }
    return changed;
  }
}

/** Updates one folder's listing for one event; true when something shown changed. */
function applyTo(folder: CachedFolder, key: string, ev: WatchEvent): boolean {
  const rest = key.slice(folder.prefix.length);
  const slash = rest.indexOf('/');
  const name = slash < 0 ? rest : rest.slice(0, slash);
  const direct = slash < 0;
  let child = folder.children.get(name);
  if (ev.type === 'put') {
    const created = ev.version === '1';
    if (!created && !direct) {
      return false; // a change deeper down: counts stay
    }
    if (!child) {
      child = { name, isKey: false, isFolder: false, keys: 0, meta: undefined };
      folder.children.set(name, child);
      folder.order = undefined;
    }
    if (created) {
      child.keys++;
    }
    if (direct) {
      child.isKey = true;
      child.meta = keyMeta(ev.createRevision, ev.modRevision, ev.version, ev.lease);
    }
  } else {
    if (!child) {
      return false;
    }
    child.keys--;
    if (direct) {
      child.isKey = false;
      child.meta = undefined;
    }
  }
  child.isFolder = child.keys - (child.isKey ? 1 : 0) > 0;
  if (child.keys <= 0) {
    folder.children.delete(name);
    folder.order = undefined;
  }
  return true;
}

/** Children sorted by their names' bytes (each name encoded once, not once per comparison). */
function inKeyOrder(children: KeyChild[]): KeyChild[] {
  const keys = children.map(c => keyFromText(c.name));
  const order = children.map((_, i) => i).sort((a, b) => Buffer.compare(keys[a], keys[b]));
  return order.map(i => children[i]);
}

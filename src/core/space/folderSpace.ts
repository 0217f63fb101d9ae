import type { Etcd3 } from 'etcd3';
import { readRangePaged } from '../keys/pagedRange';
import { prefixRangeEnd } from '../keys/keyRange';

/**
 * What a folder holds: its keys (every key whose name starts with its prefix), their
 * names' and values' bytes, and the versions they count (each key's modifications since
 * it was created, as etcd reports `version`); `children` are the folders one `/` deeper,
 * down to the depth asked for, biggest first.
 */
export interface FolderSpace {
  prefix: Buffer;
  keys: number;
  keyBytes: number;
  valueBytes: number;
  versions: number;
  /** From a snapshot file only: every revision the file holds under the folder (tombstones included), and their bytes exactly. */
  revisions?: number;
  historyBytes?: number;
  children: FolderSpace[];
}

interface Tally {
  prefix: Buffer;
  keys: number;
  keyBytes: number;
  valueBytes: number;
  versions: number;
  revisions: number;
  historyBytes: number;
  children: Map<string, Tally>;
}

const tally = (prefix: Buffer): Tally => ({ prefix, keys: 0, keyBytes: 0, valueBytes: 0, versions: 0, revisions: 0, historyBytes: 0, children: new Map() });

/**
 * Adds up keys into folders as `ls` names them: under a prefix, the part of a key up to
 * its next `/` (that `/` included) is a child folder; a key with no `/` after the prefix
 * sits at that level, in no child. Folders are made down to `depth` levels below the
 * prefix; every key still counts in each folder above it.
 */
export class SpaceTally {
  private readonly root: Tally;

  constructor(
    prefix: Buffer,
    private readonly depth: number,
  ) {
    this.root = tally(prefix);
  }

  add(key: Buffer, valueBytes: number, version: number): void {
    this.walk(key, folder => {
      folder.keys++;
      folder.keyBytes += key.length;
      folder.valueBytes += valueBytes;
      folder.versions += version;
    });
  }

  /** One revision a snapshot file holds of `key` (a tombstone too), `bytes` long in the file. */
  addRevision(key: Buffer, bytes: number): void {
    this.history = true;
    this.walk(key, folder => {
      folder.revisions++;
      folder.historyBytes += bytes;
    });
  }

  private history = false;

  private walk(key: Buffer, count: (folder: Tally) => void): void {
    let folder = this.root;
    for (let level = 0; ; level++) {
      count(folder);
      if (level >= this.depth) {
        return;
      }
      const slash = key.indexOf(0x2f, folder.prefix.length);
      if (slash < 0) {
        return;
      }
      const childPrefix = key.subarray(0, slash + 1);
      const id = childPrefix.toString('latin1');
      let child = folder.children.get(id);
      if (!child) {
        child = tally(Buffer.from(childPrefix));
        folder.children.set(id, child);
      }
      folder = child;
    }
  }

  result(): FolderSpace {
    const done = (t: Tally): FolderSpace => ({
      prefix: t.prefix,
      keys: t.keys,
      keyBytes: t.keyBytes,
      valueBytes: t.valueBytes,
      versions: t.versions,
      ...(this.history ? { revisions: t.revisions, historyBytes: t.historyBytes } : {}),
      children: [...t.children.values()]
        .map(done)
        .sort((a, b) => b.keyBytes + b.valueBytes - (a.keyBytes + a.valueBytes) || Buffer.compare(a.prefix, b.prefix)),
    });
    return done(this.root);
  }
}

/**
 * Where the space goes under `prefix`, from one paged read of its keys and values at one
 * revision (a compaction during the read starts it over, and the count with it). An
 * aborted `signal` stops it at the next page (it throws the signal's reason).
 */
export async function spaceUnder(etcd: Etcd3, prefix: Buffer, depth: number, signal?: AbortSignal): Promise<{ revision: string; space: FolderSpace }> {
  let counter = new SpaceTally(prefix, depth);
  const { revision } = await readRangePaged(
    etcd,
    { key: prefix, rangeEnd: prefixRangeEnd(prefix), keysOnly: false, onRestart: () => (counter = new SpaceTally(prefix, depth)) },
    kvs => {
      signal?.throwIfAborted();
      for (const kv of kvs) {
        counter.add(kv.key, kv.value.length, Number(kv.version));
      }
    },
  );
  return { revision, space: counter.result() };
}

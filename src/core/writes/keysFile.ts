import { promises as fs } from 'fs';
import type { Etcd3, IKeyValue } from 'etcd3';
import { idToHex } from '../cluster/ids';
import { folderPrefix, prefixRangeEnd } from '../keys/keyRange';
import { keyFromText, keyToJson, keyToText } from '../keys/keyText';
import { readPages, readRangePaged } from '../keys/pagedRange';
import { ExportBytes } from './exportBytes';
import { isUtf8 } from '../values/valueFormat';

/**
 * The JSON file of keys that export writes, import reads, and a delete leaves behind
 * as its recovery file:
 * `{"revision","prefix","keys":[{"key","value","encoding":"utf8"|"base64","lease"?}]}`
 * (a key that is not UTF-8 is base64 with `"keyEncoding":"base64"`; `lease`, in hex,
 * and the key's revisions are kept in recovery files so Undo can re-attach a lease
 * that still exists).
 */
export interface KeysFileEntry {
  key: string;
  keyEncoding?: 'base64';
  value: string;
  encoding: 'utf8' | 'base64';
  lease?: string;
  createRevision?: string;
  modRevision?: string;
}

export interface KeysFile {
  revision: string;
  prefix: string;
  keys: KeysFileEntry[];
}

/** What a delete or an export reads: `key` alone, or with `recursive` also every key under `key/`. */
export interface Subtree {
  key: string;
  recursive: boolean;
}

/** Every key of the subtree with its value, read at one revision (paged). */
export async function readSubtree(etcd: Etcd3, { key, recursive }: Subtree, onPage?: (count: number) => void): Promise<{ revision: string; kvs: IKeyValue[] }> {
  const kvs: IKeyValue[] = [];
  const exact = keyFromText(key);
  const own = key.endsWith('/') ? undefined : exact;
  let revision: string | undefined;
  if (recursive) {
    const folder = keyFromText(folderPrefix(key));
    const read = await readRangePaged(etcd, { key: folder, rangeEnd: prefixRangeEnd(folder), keysOnly: false, onRestart: () => (kvs.length = 0) }, page => {
      kvs.push(...page);
      onPage?.(kvs.length);
    });
    revision = read.revision;
  }
  if (own) {
    const res = await etcd.kv.range({ key: own, revision: revision ?? 0 });
    revision ??= res.header.revision;
    kvs.unshift(...res.kvs);
  }
  return { revision: revision!, kvs };
}

/** The file's text is written in three parts, one key a line: a head, the entries, a tail. */
export function keysFileHead(revision: string, prefix: string): string {
  return `{"revision":${JSON.stringify(revision)},"prefix":${JSON.stringify(prefix)},"keys":[`;
}

/** Entry number `index` (from 0) of the "keys" list. */
export function keysFileLine(index: number, entry: KeysFileEntry): string {
  return `${index === 0 ? '' : ','}\n${JSON.stringify(entry)}`;
}

export const KEYS_FILE_TAIL = '\n]}\n';

export function entryOf(kv: IKeyValue, withMeta: boolean): KeysFileEntry {
  const text = isUtf8(kv.value);
  const { key, keyEncoding } = keyToJson(kv.key);
  const entry: KeysFileEntry = {
    key,
    ...(keyEncoding ? { keyEncoding } : {}),
    value: text ? kv.value.toString('utf8') : kv.value.toString('base64'),
    encoding: text ? 'utf8' : 'base64',
  };
  if (withMeta) {
    if (kv.lease !== '0') {
      entry.lease = idToHex(kv.lease);
    }
    entry.createRevision = kv.create_revision;
    entry.modRevision = kv.mod_revision;
  }
  return entry;
}

/** The key's text form and the value's bytes of an entry. */
export function decodeEntry(entry: KeysFileEntry): { key: string; value: Buffer; lease?: string } {
  const key = entry.keyEncoding === 'base64' ? keyToText(Buffer.from(entry.key, 'base64')) : entry.key;
  const value = entry.encoding === 'base64' ? Buffer.from(entry.value, 'base64') : Buffer.from(entry.value, 'utf8');
  return { key, value, lease: entry.lease };
}

/**
 * Writes the file as `<path>.part`, one key a line, fsyncs and renames: a reader never
 * sees half a file, and a failure leaves none.
 */
export async function writeKeysFile(path: string, header: { revision: string; prefix: string }, entries: Iterable<KeysFileEntry>): Promise<number> {
  const part = `${path}.part`;
  const file = await fs.open(part, 'w', 0o600);
  let count = 0;
  try {
    let chunk = keysFileHead(header.revision, header.prefix);
    for (const entry of entries) {
      chunk += keysFileLine(count++, entry);
      if (chunk.length > 1 << 20) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk + KEYS_FILE_TAIL);
    await file.sync();
    await file.close();
    await fs.rename(part, path);
    return count;
  } catch (err) {
    await file.close().catch(() => undefined);
    await fs.rm(part, { force: true });
    throw err;
  }
}

/** The user cancelled an export: the partial file is gone. */
export class ExportCancelled extends Error {
  constructor(readonly written: number) {
    super(`Export cancelled after ${written} keys; no file was left.`);
    this.name = 'ExportCancelled';
  }
}

/**
 * Reads every key under `folder` in pages at one pinned revision and hands the keys
 * file's text over a page at a time: the head with the first page (or alone, for an
 * empty folder), then each page's lines; the caller writes the tail. A large folder is
 * never held in memory, and while a page is written etcd reads the next.
 * `onRestart`: a compaction made the read start over at a new revision (the text
 * handed over so far belongs to the old one).
 */
export async function readKeysFileText(
  etcd: Etcd3,
  folder: string,
  onText: (text: Buffer, count: number) => void | Promise<void>,
  onRestart: (compacted: string) => void,
): Promise<{ revision: string; count: number }> {
  const prefix = keyFromText(folder);
  let count = 0;
  let out = new ExportBytes();
  let started = false;
  const { revision } = await readPages(
    etcd,
    {
      key: prefix,
      rangeEnd: prefixRangeEnd(prefix),
      keysOnly: false,
      onRestart: compacted => {
        count = 0;
        out = new ExportBytes();
        started = false;
        onRestart(compacted);
      },
    },
    (buf, ks, ke, rs, re) => out.line(buf, ks, ke, rs, re, count++),
    pinned => {
      const lines = out.take();
      const text = started ? lines : Buffer.concat([Buffer.from(keysFileHead(pinned, folder)), lines]);
      started = true;
      return onText(text, count);
    },
  );
  if (!started) {
    await onText(Buffer.from(keysFileHead(revision, folder)), 0); // nothing under the folder: no page was read
  }
  return { revision, count };
}

/**
 * Streams every key under `folder` (read in pages at one pinned revision) into a keys
 * file, a page at a time: a large folder is never held in memory. Written as
 * `<path>.part`, fsynced and renamed; a failure or a cancel leaves no file. A
 * compaction during the read starts the file over at the new revision.
 */
export async function exportToFile(
  etcd: Etcd3,
  folder: string,
  path: string,
  { onProgress, signal }: { onProgress?: (keys: number) => void; signal?: AbortSignal } = {},
): Promise<{ revision: string; count: number }> {
  const part = `${path}.part`;
  const file = await fs.open(part, 'w', 0o600);
  let offset = 0;
  let written = 0;
  let startOver = false;
  const write = async (bytes: Buffer) => {
    if (startOver) {
      await file.truncate(0);
      offset = 0;
      startOver = false;
    }
    await file.write(bytes, 0, bytes.length, offset);
    offset += bytes.length;
  };
  try {
    const result = await readKeysFileText(
      etcd,
      folder,
      async (text, count) => {
        if (signal?.aborted) {
          throw new ExportCancelled(written);
        }
        await write(text);
        written = count;
        onProgress?.(count);
      },
      () => (startOver = true),
    );
    await write(Buffer.from(KEYS_FILE_TAIL));
    await file.sync();
    await file.close();
    await fs.rename(part, path);
    return result;
  } catch (err) {
    await file.close().catch(() => undefined);
    await fs.rm(part, { force: true });
    throw err;
  }
}

/** Reads and checks a keys file; a clear error names what is wrong. */
export async function readKeysFile(path: string): Promise<KeysFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(path, 'utf8'));
  } catch (err) {
    throw new KeysFileError(`${path} is not a keys file: ${(err as Error).message}`);
  }
  const file = parsed as Partial<KeysFile>;
  if (!file || !Array.isArray(file.keys)) {
    throw new KeysFileError(`${path} is not a keys file: it has no "keys" list (expected {"revision","prefix","keys":[{"key","value","encoding"}]})`);
  }
  file.keys.forEach((e, i) => {
    if (typeof e?.key !== 'string' || typeof e.value !== 'string' || (e.encoding !== 'utf8' && e.encoding !== 'base64')) {
      throw new KeysFileError(`${path}: entry ${i + 1} needs "key", "value" and "encoding" ("utf8" or "base64")`);
    }
  });
  return { revision: String(file.revision ?? ''), prefix: String(file.prefix ?? ''), keys: file.keys };
}

export class KeysFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysFileError';
  }
}

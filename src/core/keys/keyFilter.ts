import type { Etcd3 } from 'etcd3';
import { keyFromText, keyToText } from './keyText';
import { folderPrefix, prefixRangeEnd } from './keyRange';
import { readRangePaged } from './pagedRange';

export interface KeyFilter {
  /** The folder filtered (ends in "/"). */
  prefix: string;
  /** What a key's name below the folder (or, with `values`, its value) contains; case-insensitive. */
  text: string;
  values: boolean;
  /** The keys that match, and every folder on the way to one (for the tree to keep). */
  matches: Set<string>;
  folders: Set<string>;
  /** Keys looked at, and the revision they were read at. */
  scanned: number;
  revision: string;
  /** The scan was cancelled before the end: the matches are of the keys scanned. */
  partial: boolean;
}

/**
 * The keys under `prefix` whose name below it (or, with `values`, whose value) contains
 * `text`, read in pages at one revision (keys only unless values are searched), with the
 * count scanned so far for a progress report and a way to stop.
 */
export async function filterKeys(
  etcd: Etcd3,
  prefix: string,
  text: string,
  { values = false, onProgress, cancelled }: { values?: boolean; onProgress?: (scanned: number, matched: number) => void; cancelled?: () => boolean } = {},
): Promise<KeyFilter> {
  const folder = folderPrefix(prefix);
  const needle = text.toLowerCase();
  const needleBytes = Buffer.from(text);
  const filter: KeyFilter = { prefix: folder, text, values, matches: new Set(), folders: new Set(), scanned: 0, revision: '0', partial: false };
  const from = keyFromText(folder);
  const stopped = new Error('cancelled');
  try {
    const read = await readRangePaged(
      etcd,
      { key: from, rangeEnd: prefixRangeEnd(from), keysOnly: !values, onRestart: () => (filter.matches.clear(), filter.folders.clear(), (filter.scanned = 0)) },
      page => {
        for (const kv of page) {
          const key = keyToText(kv.key);
          const name = key.slice(folder.length).toLowerCase();
          const value = values ? Buffer.from(kv.value) : undefined;
          if (name.includes(needle) || (value && (value.includes(needleBytes) || value.toString('utf8').toLowerCase().includes(needle)))) {
            filter.matches.add(key);
            for (let slash = key.indexOf('/', folder.length); slash >= 0; slash = key.indexOf('/', slash + 1)) {
              filter.folders.add(key.slice(0, slash + 1));
            }
          }
        }
        filter.scanned += page.length;
        onProgress?.(filter.scanned, filter.matches.size);
        if (cancelled?.()) {
          throw stopped;
        }
      },
    );
    filter.revision = read.revision;
  } catch (err) {
    if (err !== stopped) {
      throw err;
    }
    filter.partial = true;
  }
  return filter;
}

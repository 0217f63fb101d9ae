import type { Etcd3 } from 'etcd3';
import { keyFromText, keyToText } from '../../core/keys/keyText';
import { FolderSpace, spaceUnder } from '../../core/space/folderSpace';
import { withCancellableProgress } from '../progress';
import type { SpaceFolder, SpaceView } from './dashboardState';

/** Folders measured this many levels below the one asked for; deeper ones are measured when clicked into. */
export const SPACE_DEPTH = 3;

/**
 * Measures where the space goes under `prefix` (one paged read at one revision), under
 * a notification with a Cancel button: undefined when cancelled.
 */
export async function measureSpace(etcd: Etcd3, prefix: string): Promise<SpaceView | undefined> {
  const measured = await withCancellableProgress(`Measuring where the space goes under ${prefix}`, signal =>
    spaceUnder(etcd, keyFromText(prefix), SPACE_DEPTH, signal),
  );
  return measured && { revision: measured.revision, root: spaceFolder(measured.space, 0) };
}

function spaceFolder(f: FolderSpace, level: number): SpaceFolder {
  return {
    prefix: keyToText(f.prefix),
    keys: f.keys,
    bytes: f.keyBytes + f.valueBytes,
    versions: f.versions,
    cut: level >= SPACE_DEPTH,
    children: f.children.map(c => spaceFolder(c, level + 1)),
  };
}

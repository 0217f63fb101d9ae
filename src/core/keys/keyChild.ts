import { idToHex } from '../cluster/ids';

/** One entry of a folder listing: a key, a folder, or both (`/a` and `/a/b` both exist). */
export interface KeyChild {
  name: string;
  isKey: boolean;
  isFolder: boolean;
  /** Keys at or under this child. */
  keys: number;
  /** The key's own metadata when `isKey` (keys-only ranges still carry it). */
  meta?: KeyMeta;
}

export interface KeyMeta {
  createRevision: string;
  modRevision: string;
  version: string;
  /** Hex, "0" when none. */
  lease: string;
}

export interface KeyListing {
  prefix: string;
  revision: string;
  children: KeyChild[];
  /** A compaction during the listing made it start over; this was the revision it had pinned first. */
  restartedFrom?: string;
}

/** A key's metadata as shown: revisions as etcd gives them, the lease in hex. */
export function keyMeta(createRevision: string, modRevision: string, version: string, lease: string): KeyMeta {
  return { createRevision, modRevision, version, lease: lease === '0' ? '0' : idToHex(lease) };
}

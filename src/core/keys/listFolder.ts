import type { Etcd3 } from 'etcd3';
import { isCompactedError } from '../client/etcd3Adapter';
import { listChildrenCounted } from './countedChildren';
import type { KeyChild, KeyListing } from './keyChild';
import { DeepRead, listChildren, listChildrenDeep } from './listChildren';

/** For a caller that keeps what a read learns (the tree's KeyIndex): the folders below, and progress. */
export interface DeepListing {
  /** After `budget` children in all, no further folder below is kept. */
  budget?: number;
  /** The root's children found so far, after each page of a big folder. */
  onPartial?: (children: KeyChild[]) => void;
  /** The read under way, to attach to a folder below while the read is inside it. */
  onStart?: (read: DeepRead) => void;
  /** A folder below, complete, as soon as the read has passed it. */
  onClosed?: (prefix: Buffer, children: KeyChild[], revision: string) => void;
}

export interface FolderListings {
  /** The folder asked for. */
  listing: KeyListing;
  /** With `deep`: the small folders below it, listed from the same read. */
  below: KeyListing[];
}

/**
 * The one way to list a folder's immediate children with their key counts; it picks
 * how. By default it counts where the names allow it (listChildrenCounted: ranges etcd
 * answers from its index, the keys read only where counting cannot place them), and
 * reads the folder whole, keys-only in pages at one revision (listChildren), when a
 * compaction passed under the counting's pinned revision. With `deep`, it reads the
 * folder once and lists the small folders below from the same read, reporting progress
 * (listChildrenDeep): what a cache that answers the next levels at once wants.
 * `meta: false` leaves out the keys' revisions (a listing that prints names and counts).
 */
export async function listFolder(etcd: Etcd3, prefix: string, { meta = true, deep }: { meta?: boolean; deep?: DeepListing } = {}): Promise<FolderListings> {
  if (deep) {
    const [listing, ...below] = await listChildrenDeep(etcd, prefix, deep);
    return { listing, below };
  }
  const listing = await listChildrenCounted(etcd, prefix, { meta }).catch(err => {
    if (isCompactedError(err)) {
      return listChildren(etcd, prefix); // read whole, which starts over at the current revision
    }
    throw err;
  });
  return { listing, below: [] };
}

import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { MoreVersionsNode } from '../history/historyNodes';
import { LeasesNode } from '../leases/leasesNode';
import { Invocation, nodeOf } from '../commands/invocation';

/** "Show more…" under a large folder: the next page of its children. */
export function showMore(services: Services, invocation: Invocation): void {
  nodeOf(invocation, FolderNode)?.showMore();
  nodeOf(invocation, LeasesNode)?.showMore();
  if (nodeOf(invocation, MoreVersionsNode)) {
    services.history.showMore();
  }
}

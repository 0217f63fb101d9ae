import type { Services } from '../services';
import { FolderNode } from '../tree/keysNode';
import { MoreVersionsNode } from '../history/historyView';
import { LeasesNode } from '../tree/leasesNode';
import { Invocation, nodeOf } from './invocation';

/** "Show more…" under a large folder: the next page of its children. */
export function showMore(services: Services, invocation: Invocation): void {
  nodeOf(invocation, FolderNode)?.showMore();
  nodeOf(invocation, LeasesNode)?.showMore();
  if (nodeOf(invocation, MoreVersionsNode)) {
    services.history.showMore();
  }
}

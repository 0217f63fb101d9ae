import type { Services } from '../services';
import { FolderNode } from '../tree/keysNode';
import { Invocation, nodeOf } from './invocation';

/** "Show more…" under a large folder: the next page of its children. */
export function showMore(_services: Services, invocation: Invocation): void {
  nodeOf(invocation, FolderNode)?.showMore();
}

import type { Services } from '../services';
import type { FolderNode } from '../tree/keysNode';

export function showMore(_services: Services, folder?: FolderNode): void {
  folder?.showMore();
}

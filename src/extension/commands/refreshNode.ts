import type { Services } from '../services';
import type { TreeNode } from '../tree/treeNode';

/** Refresh one node (from its inline action); from the palette, the whole tree. */
export function refreshNode({ tree }: Services, node?: TreeNode): void {
  tree.refresh(node);
}

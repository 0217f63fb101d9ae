import type { Services } from '../services';
import type { TreeNode } from '../tree/treeNode';

/** Refresh one node (from its inline action); from the palette, the whole tree. */
export async function refreshNode({ tree }: Services, node?: TreeNode): Promise<void> {
  await node?.reload?.();
  tree.refresh(node);
}

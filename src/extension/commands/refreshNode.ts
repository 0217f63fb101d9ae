import type { Services } from '../services';
import type { Invocation } from './invocation';

/** Refresh one node (from its inline action); from the palette, the whole tree. */
export async function refreshNode({ tree }: Services, { node }: Invocation): Promise<void> {
  await node?.reload?.();
  tree.refresh(node);
}

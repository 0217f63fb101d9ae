import type { Services } from '../services';
import { pickLocalNode } from './pickLocalNode';

/** Resigns, removes the node registration, revokes the lease. */
export async function stopLocalNode({ localNodes }: Services, target?: unknown): Promise<void> {
  const id = await pickLocalNode(localNodes, target, 'Stop');
  if (id) {
    await localNodes.stop(id);
  }
}

import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';
import { pickLocalNode } from './pickLocalNode';

/** Resigns, removes the node registration, revokes the lease. */
export async function stopLocalNode({ localNodes }: Services, invocation: Invocation, given?: unknown): Promise<void> {
  const id = await pickLocalNode(localNodes, invocation, given, 'Stop');
  if (id) {
    await localNodes.stop(id);
  }
}

import type { Services } from '../services';
import { pickLocalNode } from './pickLocalNode';

/** Gives up leadership (or the place in line) and rejoins the line at its end. */
export async function resignLocalNode({ localNodes }: Services, target?: unknown): Promise<void> {
  const id = await pickLocalNode(localNodes, target, 'Resign');
  if (id) {
    localNodes.resign(id);
  }
}

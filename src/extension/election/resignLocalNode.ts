import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';
import { pickLocalNode } from './pickLocalNode';

/** Gives up leadership (or the place in line) and rejoins the line at its end. */
export async function resignLocalNode({ localNodes }: Services, invocation: Invocation, given?: unknown): Promise<void> {
  const id = await pickLocalNode(localNodes, invocation, given, 'Resign');
  if (id) {
    localNodes.resign(id);
  }
}

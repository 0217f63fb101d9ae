import * as vscode from 'vscode';
import type { Services } from '../services';
import { Invocation, nodeOf } from '../commands/invocation';
import { WatchNode } from './watchesNode';

/** Stops one watch: from its context menu, or picked from a list. */
export async function stopWatch({ watches }: Services, invocation: Invocation, given?: unknown): Promise<boolean> {
  let id = nodeOf(invocation, WatchNode)?.watch.id;
  if (id === undefined && typeof given === 'number') {
    id = given;
  } else if (id === undefined) {
    const pick = await vscode.window.showQuickPick(
      watches.all.map(w => ({ label: w.prefix, description: `${w.count} events`, id: w.id })),
      { title: 'ZTAP: Stop which watch?' },
    );
    id = pick?.id;
  }
  return id !== undefined && watches.stop(id);
}

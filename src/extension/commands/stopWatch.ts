import * as vscode from 'vscode';
import type { Services } from '../services';
import { WatchNode } from '../tree/watchesNode';

/** Stops one watch: from its context menu, or picked from a list. */
export async function stopWatch({ watches }: Services, target?: unknown): Promise<boolean> {
  let id: number | undefined;
  if (target instanceof WatchNode || (typeof target === 'object' && target !== null && 'watch' in target)) {
    id = (target as WatchNode).watch.id;
  } else if (typeof target === 'number') {
    id = target;
  } else {
    const pick = await vscode.window.showQuickPick(
      watches.all.map(w => ({ label: w.prefix, description: `${w.watcher.count} events`, id: w.id })),
      { title: 'ZTAP: Stop which watch?' },
    );
    id = pick?.id;
  }
  return id !== undefined && watches.stop(id);
}

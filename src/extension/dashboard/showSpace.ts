import type { Services } from '../services';
import { FolderNode } from '../keys/folderNode';
import { pickKeyPath } from '../keys/findKey';
import { Invocation, nodeOf } from '../commands/invocation';
import { DashboardPanel } from './dashboardPanel';
import { dashboardDeps } from './openDashboard';
import type { SpaceView } from './dashboardState';

/**
 * Show Where the Space Goes: the dashboard's Space section for a folder (the one it was
 * invoked on, the one given, or one asked for): keys, bytes and versions per folder,
 * biggest first, each bar clicked into and revealed in the tree.
 */
export async function showSpace(services: Services, invocation: Invocation, given?: { prefix: string }): Promise<SpaceView | undefined> {
  await services.connection.ensureConnected();
  services.connection.requireSession();
  const prefix =
    given?.prefix ??
    nodeOf(invocation, FolderNode)?.prefix ??
    (await pickKeyPath(services, undefined, 'ZTAP: Show Where the Space Goes under Folder', { folders: true }));
  if (prefix === undefined) {
    return undefined;
  }
  const panel = DashboardPanel.show(dashboardDeps(services));
  return panel.measureSpace(prefix);
}

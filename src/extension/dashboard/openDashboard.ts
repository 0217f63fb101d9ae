import { DashboardDeps, DashboardPanel } from './dashboardPanel';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';

/** Open Cluster Dashboard: the active connection at a glance (palette, the connection's inline button, the status bar). */
export async function openDashboard(services: Services, _invocation: Invocation): Promise<DashboardPanel> {
  await services.connection.ensureConnected();
  return DashboardPanel.show(dashboardDeps(services));
}

/** What the dashboard reads from, whether opened by the command or brought back after a reload. */
export function dashboardDeps(services: Services): DashboardDeps {
  return {
    connection: services.connection,
    live: services.live,
    tree: services.tree,
    view: services.view,
    log: services.log,
    extensionUri: services.extensionUri,
  };
}

import * as vscode from 'vscode';
import type { Services } from '../services';

/** Asks which connection of ztap.connections (this one included, and said so) a comparison or copy goes to. */
export async function pickConnection(services: Services, title: string): Promise<string | undefined> {
  const active = services.connection.activeProfile.name;
  const picked = await vscode.window.showQuickPick(
    services.connection.profiles.map(p => ({
      label: p.name,
      description: `${(p.input.endpoints ?? []).join(', ')}${p.name === active ? ' (this connection)' : ''}`,
    })),
    { title },
  );
  return picked?.label;
}

import * as vscode from 'vscode';
import type { ConnectionState } from '../../core/connection/connectionManager';
import type { Services } from '../services';

/** Switches to another profile: from its tree node, by name, or picked from a list. */
export async function switchConnection({ connection }: Services, name?: unknown): Promise<ConnectionState | undefined> {
  let target = typeof name === 'string' ? name : (name as { profile?: { name: string } } | undefined)?.profile?.name;
  if (!target) {
    const active = connection.activeProfile.name;
    const pick = await vscode.window.showQuickPick(
      connection.profiles.map(p => ({
        label: p.name,
        description: p.name === active ? 'active' : p.input.endpoints?.join(', ') ?? p.source,
      })),
      { title: 'ZTAP: Switch Connection' },
    );
    target = pick?.label;
  }
  return target ? connection.switchTo(target) : undefined;
}

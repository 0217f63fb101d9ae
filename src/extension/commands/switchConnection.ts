import * as vscode from 'vscode';
import type { ConnectionState } from '../../core/connection/connectionManager';
import type { Services } from '../services';
import { ProfileNode } from '../tree/profileNode';
import { Invocation, nodeOf } from './invocation';

/** Switches to another profile: from its tree node, by name, or picked from a list. */
export async function switchConnection({ connection }: Services, invocation: Invocation, name?: unknown): Promise<ConnectionState | undefined> {
  let target = typeof name === 'string' ? name : nodeOf(invocation, ProfileNode)?.profile.name;
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

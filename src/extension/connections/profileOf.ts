import * as vscode from 'vscode';
import type { Profile } from '../../core/config/profiles';
import type { ConnectionService } from './connectionService';
import { ConnectionNode } from './connectionNode';
import { ProfileNode } from './profileNode';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * The connection a command acts on: the profile row (or the active connection's row)
 * it was invoked on, a name given by a caller, or one picked from a list.
 */
export async function profileOf(
  connection: ConnectionService,
  invocation: Invocation,
  given: unknown,
  question: string,
  eligible: (p: Profile) => boolean = () => true,
): Promise<Profile | undefined> {
  const all = connection.profiles;
  const name =
    nodeOf(invocation, ProfileNode)?.profile.name ??
    (nodeOf(invocation, ConnectionNode) ? connection.activeProfile.name : undefined) ??
    (typeof given === 'string' ? given : undefined);
  if (name !== undefined) {
    const profile = all.find(p => p.name === name);
    if (!profile) {
      throw new Error(`There is no connection named "${name}".`);
    }
    return profile;
  }
  const choices = all.filter(eligible);
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('ZTAP: there is no connection in ztap.connections to choose; add one with ZTAP: Add Connection....');
    return undefined;
  }
  const active = connection.activeProfile.name;
  const pick = await vscode.window.showQuickPick(
    choices.map(p => ({ label: p.name, description: p.name === active ? 'active' : (p.input.endpoints?.join(', ') ?? p.source), profile: p })),
    { title: `ZTAP: ${question}` },
  );
  return pick?.profile;
}

import * as vscode from 'vscode';
import { ProfileInput, validateProfile } from '../../core/config/profiles';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';
import { addProfileSetting } from '../settings';
import { askConnection } from './connectionWizard';
import { COMMANDS } from '../commands/commandIds';

/**
 * Walks through a new connection, checking each answer as it is typed, then adds it
 * to `ztap.connections` (user settings, or workspace settings to share with a team).
 */
export async function addConnection(
  { connection, dialogs }: Services,
  _invocation: Invocation,
  given?: ProfileInput & { target?: 'user' | 'workspace' },
): Promise<string | undefined> {
  const profile =
    given ??
    (await askConnection(
      'Add Connection',
      connection.profiles.map(p => p.name),
    ));
  if (!profile) {
    return undefined;
  }
  validateProfile(profile, {});
  const where = given?.target ?? (await pickTarget());
  if (!where) {
    return undefined;
  }
  const { target: _target, ...entry } = profile as ProfileInput & { target?: string };
  // Before the setting lands: writing it reconnects the connection in use for a moment.
  const working = connection.state.kind === 'connected';
  await addProfileSetting(entry, where === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  if (working) {
    // A working connection is not dropped for one that does not answer.
    const inUse = connection.usingLocal ? 'the local etcd' : `"${connection.activeProfile.name}"`;
    const silent = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ZTAP: trying "${profile.name}"…` }, () =>
      connection.probeProfile(profile.name),
    );
    if (silent !== undefined) {
      const choice = await dialogs.choose(
        `ZTAP: added "${profile.name}", but it does not answer (${silent}). Still using ${inUse}.`,
        'Switch Anyway',
        'Edit Connection',
      );
      if (choice === 'Edit Connection') {
        await vscode.commands.executeCommand(COMMANDS.editConnection, profile.name);
      } else if (choice === 'Switch Anyway') {
        await connection.switchTo(profile.name);
      }
      return profile.name;
    }
  }
  await connection.switchTo(profile.name);
  return profile.name;
}

async function pickTarget(): Promise<'user' | 'workspace' | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'User settings', description: 'for you, in every workspace', value: 'user' as const },
      { label: 'Workspace settings', description: 'shared with the team through .vscode/settings.json', value: 'workspace' as const },
    ],
    { title: 'ZTAP: Add Connection: where to keep it?' },
  );
  return pick?.value;
}

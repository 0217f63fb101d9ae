import * as vscode from 'vscode';
import { validateProfile } from '../../core/config/profiles';
import type { Services } from '../services';
import { describeTarget, findProfileSetting, replaceProfileSetting, settingsScopeInEffect } from '../settings';
import { askConnection } from './connectionWizard';
import type { Invocation } from '../commands/invocation';
import { profileOf } from './profileOf';

/**
 * Walks through a connection again with its current answers filled in and writes it
 * back where it is defined. The Default connection lives in the `ztap.etcd.*`
 * settings, which open instead; Environment comes from env vars and says so.
 */
export async function editConnection({ connection }: Services, invocation: Invocation, given?: unknown): Promise<string | undefined> {
  const profile = await profileOf(connection, invocation, given, 'Edit which connection?');
  if (!profile) {
    return undefined;
  }
  if (profile.source === 'single') {
    await vscode.commands.executeCommand(settingsScopeInEffect(), { query: 'ztap.etcd' });
    return profile.name;
  }
  const found = findProfileSetting(profile.name);
  if (profile.source === 'environment' || !found) {
    void vscode.window.showInformationMessage(
      `ZTAP: the connection "${profile.name}" comes from the ZTAP_ETCD_* environment variables of this window; change them and reload, or add a connection of your own.`,
    );
    return undefined;
  }
  const taken = connection.profiles.map(p => p.name).filter(n => n !== profile.name);
  const edited = await askConnection(`Edit Connection "${profile.name}"`, taken, found.entry);
  if (!edited) {
    return undefined;
  }
  validateProfile(edited, {});
  const wasActive = connection.activeProfile.name === profile.name;
  const target = await replaceProfileSetting(profile.name, edited);
  void vscode.window.showInformationMessage(`ZTAP: saved the connection "${edited.name}" in ${describeTarget(target)}.`);
  if (wasActive && edited.name !== profile.name) {
    await connection.switchTo(edited.name);
  }
  return edited.name;
}

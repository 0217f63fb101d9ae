import * as vscode from 'vscode';
import type { Services } from '../services';
import { describeTarget, findProfileSetting, replaceProfileSetting } from '../settings';
import type { Invocation } from '../commands/invocation';
import { profileOf } from './profileOf';

/**
 * Removes a connection from `ztap.connections` (after asking), forgets its stored
 * password, and when it was the active one switches to the first that remains.
 * Default and Environment are not entries of that list and cannot be removed.
 */
export async function removeConnection({ connection }: Services, invocation: Invocation, given?: unknown): Promise<boolean> {
  const profile = await profileOf(connection, invocation, given, 'Remove which connection?', p => p.source === 'settings');
  if (!profile) {
    return false;
  }
  const found = findProfileSetting(profile.name);
  if (!found) {
    throw new Error(
      `The connection "${profile.name}" is not in ztap.connections (it comes from ${profile.source === 'single' ? 'the ztap.etcd.* settings' : 'environment variables'}), so there is nothing to remove.`,
    );
  }
  const answer = await vscode.window.showWarningMessage(
    `Remove the connection "${profile.name}" (${(found.entry.endpoints ?? []).join(', ')}) from ${describeTarget(found.target)}?`,
    { modal: true, detail: 'Its stored password is forgotten too. Nothing in etcd changes.' },
    'Remove',
  );
  if (answer !== 'Remove') {
    return false;
  }
  const wasActive = connection.activeProfile.name === profile.name;
  await connection.forgetPassword(profile.name);
  await replaceProfileSetting(profile.name, undefined);
  if (wasActive) {
    await connection.switchTo(connection.profiles[0].name);
  }
  void vscode.window.showInformationMessage(`ZTAP: removed the connection "${profile.name}".`);
  return true;
}

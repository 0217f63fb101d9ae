import * as vscode from 'vscode';
import type { Services } from '../services';
import { ProfileNode } from './profileNode';
import { Invocation, nodeOf } from '../commands/invocation';

/** Removes the stored password of the active connection's user; the next connect asks again. */
export async function forgetPassword({ connection }: Services, invocation: Invocation, name?: unknown): Promise<boolean> {
  const profile = typeof name === 'string' ? name : (nodeOf(invocation, ProfileNode)?.profile.name ?? connection.activeProfile.name);
  const user = await connection.forgetPassword(profile);
  void vscode.window.showInformationMessage(
    user
      ? `ZTAP: forgot the password of "${user}" for the connection "${profile}".`
      : `ZTAP: the connection "${profile}" has no user, so no password is stored.`,
  );
  return user !== undefined;
}

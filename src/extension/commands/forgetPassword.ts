import * as vscode from 'vscode';
import type { Services } from '../services';

/** Removes the stored password of the active connection's user; the next connect asks again. */
export async function forgetPassword({ connection }: Services, name?: string): Promise<boolean> {
  const profile = name ?? connection.activeProfile.name;
  const user = await connection.forgetPassword(profile);
  void vscode.window.showInformationMessage(
    user ? `ZTAP: forgot the password of "${user}" for the connection "${profile}".` : `ZTAP: the connection "${profile}" has no user, so no password is stored.`,
  );
  return user !== undefined;
}

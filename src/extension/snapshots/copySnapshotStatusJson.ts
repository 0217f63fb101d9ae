import * as vscode from 'vscode';
import { snapshotStatusJson } from '../../core/snapshot/snapshotStatus';
import type { Services } from '../services';

/** Copies the JSON `ztap-etcd snapshot status --json` prints for the status shown (or shown last). */
export async function copySnapshotStatusJson({ snapshotStatus }: Services): Promise<string | undefined> {
  const status = snapshotStatus.statusOf(vscode.window.activeTextEditor?.document.uri);
  if (!status) {
    void vscode.window.showInformationMessage('ZTAP: no snapshot status has been shown yet: run ZTAP: Show Snapshot Status... first.');
    return undefined;
  }
  const json = snapshotStatusJson(status);
  await vscode.env.clipboard.writeText(json);
  void vscode.window.showInformationMessage('ZTAP: copied the snapshot status as JSON.');
  return json;
}

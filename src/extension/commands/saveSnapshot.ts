import { homedir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/values/valueFormat';
import { SavedSnapshot, saveSnapshot as save } from '../../core/snapshot/snapshotWriter';
import type { Services } from '../services';

export interface SaveSnapshotArgs {
  endpoint?: string;
  path?: string;
}

/**
 * Saves a verified snapshot from one member: picks the member when there are
 * several, asks for the path, shows bytes received with a Cancel button, and
 * ends with path, size and revision. From a member's context menu, that member.
 */
export async function saveSnapshot({ connection }: Services, target?: unknown, given: SaveSnapshotArgs = {}): Promise<SavedSnapshot | undefined> {
  const state = await connection.ensureConnected();
  const config = connection.config;
  if (state.kind !== 'connected' || !config) {
    throw new Error('Connect to etcd first: the snapshot is streamed from a member of the current cluster.');
  }
  const fromTree = memberUrlOf(target);
  const endpoint = given.endpoint ?? fromTree ?? (await pickMember(connection.manager.client));
  if (!endpoint) {
    return undefined;
  }
  const defaultName = `ztap-snapshot-${state.clusterId}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.db`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const path =
    given.path ??
    (
      await vscode.window.showSaveDialog({
        title: `ZTAP: Save Snapshot of ${endpoint}`,
        defaultUri: vscode.Uri.file(join(folder, defaultName)),
        filters: { 'etcd snapshot': ['db'] },
      })
    )?.fsPath;
  if (!path) {
    return undefined;
  }
  const saved = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ZTAP: snapshot of ${endpoint}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let shown = 0;
      return save(config, path, {
        endpoint,
        signal: abort.signal,
        onProgress: (received, total) => {
          const pct = (received / total) * 100;
          progress.report({ message: `${formatBytes(received)} of ${formatBytes(total)}`, increment: pct - shown });
          shown = pct;
        },
      });
    },
  );
  void vscode.window
    .showInformationMessage(`ZTAP: snapshot saved to ${saved.path}: ${formatBytes(saved.size)} at revision ${saved.revision}, sha256 verified.`, 'Reveal in File Explorer')
    .then(choice => {
      if (choice) {
        void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(saved.path)).then(undefined, () =>
          vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(saved.path)),
        );
      }
    });
  return saved;
}

/** A member tree node carries its client URLs. */
function memberUrlOf(target: unknown): string | undefined {
  const member = (target as { member?: { clientURLs?: string[] } } | undefined)?.member;
  return member?.clientURLs?.[0];
}

async function pickMember(etcd: import('etcd3').Etcd3): Promise<string | undefined> {
  const { members } = await etcd.cluster.memberList({});
  const started = members.filter(m => m.clientURLs.length > 0);
  if (started.length === 1) {
    return started[0].clientURLs[0];
  }
  const pick = await vscode.window.showQuickPick(
    started.map(m => ({ label: m.name, description: m.clientURLs[0], url: m.clientURLs[0] })),
    { title: 'ZTAP: Save Snapshot from which member?' },
  );
  return pick?.url;
}

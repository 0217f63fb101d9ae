import { homedir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/values/valueFormat';
import { SavedSnapshot, saveSnapshot as save } from '../../core/snapshot/snapshotWriter';
import type { Services } from '../services';
import { MemberNode } from '../members/membersNode';
import { Invocation, nodeOf } from '../commands/invocation';

export interface SaveSnapshotArgs {
  endpoint?: string;
  path?: string;
}

/**
 * Saves a verified snapshot from one member: picks the member when there are
 * several, asks for the path, shows bytes received with a Cancel button, and
 * ends with path, size and revision. From a member's context menu, that member.
 */
export async function saveSnapshot(
  { connection, runningSaves }: Services,
  invocation: Invocation,
  given: SaveSnapshotArgs = {},
): Promise<SavedSnapshot | undefined> {
  const state = await connection.ensureConnected();
  const config = connection.config;
  if (state.kind !== 'connected' || !config) {
    throw new Error('Connect to etcd first: the snapshot is streamed from a member of the current cluster.');
  }
  const fromTree = nodeOf(invocation, MemberNode)?.member.clientURLs[0];
  const endpoint = given.endpoint ?? fromTree ?? (await pickMember(connection.requireSession().client));
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
      return runningSaves.track(
        abort,
        save(config, path, {
          endpoint,
          signal: abort.signal,
          onProgress: (received, total) => {
            const pct = (received / total) * 100;
            progress.report({ message: `${formatBytes(received)} of ${formatBytes(total)}`, increment: pct - shown });
            shown = pct;
          },
        }),
      );
    },
  );
  const actions = savedFileActions(saved.path);
  void vscode.window
    .showInformationMessage(
      `ZTAP: snapshot saved to ${saved.path}: ${formatBytes(saved.size)} at revision ${saved.revision}, sha256 verified.`,
      ...actions.map(a => a.label),
    )
    .then(choice => actions.find(a => a.label === choice)?.run());
  return saved;
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

export interface FileAction {
  label: string;
  run(): Thenable<unknown>;
}

/**
 * What can be done with a file just written, where it works: the OS file manager
 * only in a desktop window on this machine (in a browser or remote window
 * `revealFileInOS` does nothing visible); the Explorer view when the file is inside
 * the workspace; and always Copy Path.
 */
export function savedFileActions(path: string): FileAction[] {
  const uri = vscode.Uri.file(path);
  const actions: FileAction[] = [];
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    actions.push({ label: 'Reveal in File Explorer', run: () => vscode.commands.executeCommand('revealFileInOS', uri) });
  }
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    actions.push({ label: 'Reveal in Explorer View', run: () => vscode.commands.executeCommand('revealInExplorer', uri) });
  }
  actions.push({ label: 'Copy Path', run: () => vscode.env.clipboard.writeText(path) });
  return actions;
}

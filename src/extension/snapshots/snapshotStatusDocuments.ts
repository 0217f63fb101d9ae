import { basename } from 'path';
import * as vscode from 'vscode';
import { describeChecksum, describeTotalKey, SnapshotStatus, snapshotStatusJson } from '../../core/snapshot/snapshotStatus';
import { formatBytes } from '../../core/values/valueFormat';

export const SNAPSHOT_STATUS_SCHEME = 'ztap-snapshot-status';

/**
 * Show Snapshot Status's result as a read-only document: every figure in full (a
 * notification cuts a long line off), and the JSON that
 * `ztap-etcd snapshot status --json` prints, which Copy puts on the clipboard.
 */
export class SnapshotStatusDocuments implements vscode.TextDocumentContentProvider {
  private readonly statuses = new Map<string, { file: string; status: SnapshotStatus }>();
  private last: SnapshotStatus | undefined;

  /** Records a status and returns the URI of its document. */
  add(file: string, status: SnapshotStatus): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SNAPSHOT_STATUS_SCHEME, path: `/${basename(file)} status`, query: `file=${encodeURIComponent(file)}` });
    this.statuses.set(uri.toString(), { file, status });
    this.last = status;
    void vscode.commands.executeCommand('setContext', 'ztap.snapshotStatusShown', true);
    return uri;
  }

  /** Snapshots whose status was shown in this window, newest first: their revisions are starting points for Show Changes. */
  recent(): Array<{ file: string; revision: number }> {
    return [...this.statuses.values()].reverse().map(({ file, status }) => ({ file, revision: status.revision }));
  }

  /** The status shown in `uri`'s document, else the one shown last. */
  statusOf(uri: vscode.Uri | undefined): SnapshotStatus | undefined {
    return (uri && this.statuses.get(uri.toString())?.status) ?? this.last;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const shown = this.statuses.get(uri.toString());
    if (!shown) {
      return 'This snapshot status is no longer known: run ZTAP: Show Snapshot Status... again.\n';
    }
    return formatStatusDocument(shown.file, shown.status).join('\n');
  }
}

export function formatStatusDocument(file: string, status: SnapshotStatus): string[] {
  return [
    `# Snapshot status: ${basename(file)}`,
    '',
    `File:           ${file} (${formatBytes(status.fileSize)} on disk)`,
    `Hash:           ${status.hash.toString(16)}`,
    `Revision:       ${status.revision}`,
    `Total keys:     ${status.totalKey} (etcd's total: ${describeTotalKey(status)})`,
    `Keys alive:     ${status.liveKeys} at revision ${status.revision} (what the file's tree in the ZTAP view counts)`,
    `Written by:     ${status.version ? `etcd ${status.version} or later (storage version)` : 'etcd 3.5 or earlier (no storage version recorded)'}`,
    `Total size:     ${formatBytes(status.totalSize)}`,
    describeChecksum(status.checksumOk),
    '',
    'As `ztap-etcd snapshot status --json` prints it (copy it with the Copy button above, or ZTAP: Copy Snapshot Status as JSON):',
    '',
    '```json',
    snapshotStatusJson(status),
    '```',
    '',
  ];
}

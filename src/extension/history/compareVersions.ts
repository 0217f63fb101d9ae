import * as vscode from 'vscode';
import type { Services } from '../services';
import { VersionNode } from './historyNodes';
import { valueTitle, valueUri } from '../keys/valueUris';
import { Invocation, nodeOf } from '../commands/invocation';

/** Compare with Current: a version beside the key's value now, in the diff editor. */
export async function compareWithCurrent(_services: Services, invocation: Invocation): Promise<void> {
  const node = nodeOf(invocation, VersionNode);
  if (!node) {
    void vscode.window.showInformationMessage('ZTAP: pick a version in the History view (Show History on a key) first.');
    return;
  }
  await vscode.commands.executeCommand(
    'vscode.diff',
    valueUri(node.key, { revision: node.revision }),
    valueUri(node.key),
    `${valueTitle(node.key)}: rev ${node.revision} ↔ current`,
  );
}

/**
 * Compare Selected: two versions side by side, the older on the left. With one
 * selected, the other is asked for.
 */
export async function compareSelectedVersions(_services: Services, invocation: Invocation): Promise<void> {
  const selected = (invocation.selection ?? (invocation.node ? [invocation.node] : [])).filter((n): n is VersionNode => n instanceof VersionNode);
  if (selected.length === 0) {
    void vscode.window.showInformationMessage('ZTAP: select two versions in the History view first.');
    return;
  }
  let pair = selected.slice(0, 2);
  if (pair.length === 1) {
    const one = pair[0];
    const other = await vscode.window.showQuickPick(
      one.history.versions
        .filter(v => v !== one.version && !v.deleted)
        .map(v => ({ label: `rev ${v.modRevision}`, description: `version ${v.version}`, node: new VersionNode(one.history, v) })),
      { title: `Compare rev ${one.revision} of ${one.key} with…` },
    );
    if (!other) {
      return;
    }
    pair = [one, other.node];
  }
  const [older, newer] = [...pair].sort((a, b) => (a.version.modRevision < b.version.modRevision ? -1 : 1));
  await vscode.commands.executeCommand(
    'vscode.diff',
    valueUri(older.key, { revision: older.revision }),
    valueUri(newer.key, { revision: newer.revision }),
    `${valueTitle(older.key)}: rev ${older.revision} ↔ rev ${newer.revision}`,
  );
}

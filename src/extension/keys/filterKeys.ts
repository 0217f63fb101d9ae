import * as vscode from 'vscode';
import { filterKeys as scan, KeyFilter } from '../../core/keys/keyFilter';
import { plural } from '../../core/text/plural';
import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * Filter Keys...: the tree shows, under a folder, only the keys whose name (or, on
 * request, value) contains a text, and the folders on the way to them. The folder is
 * scanned at one revision, with progress and Cancel on big folders (a cancelled scan
 * shows what it found so far). `given`: folder, text and whether to search values.
 */
export async function filterKeys(
  services: Services,
  invocation: Invocation,
  given?: { prefix?: string; text: string; values?: boolean },
): Promise<KeyFilter | undefined> {
  const { connection, tree, view } = services;
  const prefix = nodeOf(invocation, FolderNode)?.prefix ?? given?.prefix ?? `${connection.requireSession().config.keyPrefix}/`;
  const text =
    given?.text ??
    (await vscode.window.showInputBox({
      title: `ZTAP: Filter Keys under ${prefix}`,
      prompt: 'Show the keys whose name below the folder contains this text (any case)',
      value: tree.keyFilter?.prefix === prefix ? tree.keyFilter.text : '',
      validateInput: v => (v === '' ? 'Type some text to look for (Clear Filter shows every key).' : undefined),
    }));
  if (!text) {
    return undefined;
  }
  const values =
    given?.values ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'Key names', description: 'fast: keys only are read', values: false },
          { label: 'Key names and values', description: 'reads every value under the folder', values: true },
        ],
        { title: `ZTAP: Filter Keys under ${prefix}: look in` },
      )
    )?.values;
  if (values === undefined) {
    return undefined;
  }
  const etcd = connection.requireSession().client;
  const filter = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ZTAP: filtering ${prefix} for "${text}"`, cancellable: true },
    (progress, token) =>
      scan(etcd, prefix, text, {
        values,
        onProgress: (scanned, matched) => progress.report({ message: `${plural(matched, 'match', 'matches')} in ${plural(scanned, 'key')}` }),
        cancelled: () => token.isCancellationRequested,
      }),
  );
  tree.setKeyFilter(filter);
  const folder = await tree.nodeForKey(filter.prefix).catch(() => undefined);
  if (folder) {
    await view.reveal(folder, { expand: true, select: false, focus: false });
  }
  if (filter.matches.size === 0) {
    void vscode.window
      .showInformationMessage(
        `ZTAP: no key under ${prefix} ${values ? 'has' : 'is named with'} "${text}"${filter.partial ? ' (in the keys scanned before Cancel)' : ''}.`,
        'Clear Filter',
      )
      .then(choice => choice && tree.setKeyFilter(undefined));
  }
  return filter;
}

/** Clear Filter: every key again. */
export function clearKeyFilter({ tree }: Services): void {
  tree.setKeyFilter(undefined);
}

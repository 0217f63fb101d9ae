import * as vscode from 'vscode';
import { plural } from '../../core/text/plural';
import { FolderMoveResult, moveFolder, planFolderMove } from '../../core/writes/folderMove';
import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * Rename / Move Folder...: every key under the folder moved under the new name, in
 * guarded transactions (core/writes/folderMove.ts), after the count is confirmed; a
 * notification offers Undo, which moves back exactly the keys that moved.
 */
export async function renameFolder(services: Services, invocation: Invocation, givenFrom?: string, givenTo?: string): Promise<FolderMoveResult | undefined> {
  services.writes.refuseIfReadOnly('move keys');
  const prefix = `${services.connection.config?.keyPrefix ?? ''}/`;
  const from =
    nodeOf(invocation, FolderNode)?.prefix ??
    givenFrom ??
    (await vscode.window.showInputBox({
      title: 'ZTAP: Rename / Move Folder',
      prompt: 'The folder to move (every key under it)',
      value: prefix,
      validateInput: v => (v.endsWith('/') ? undefined : 'A folder ends with "/".'),
    }));
  if (!from) {
    return undefined;
  }
  const to =
    givenTo ??
    (await vscode.window.showInputBox({
      title: `ZTAP: Rename / Move Folder ${from}`,
      prompt: 'The new folder: its keys keep their names below it',
      value: from,
      valueSelection: [from.slice(0, -1).lastIndexOf('/') + 1, from.length - 1],
      validateInput: v =>
        !v.endsWith('/')
          ? 'A folder ends with "/".'
          : v === from
            ? 'That is the same folder.'
            : v.startsWith(from)
              ? 'A folder cannot move into itself.'
              : undefined,
    }));
  if (!to) {
    return undefined;
  }
  const etcd = services.connection.requireSession().client;
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ZTAP: counting the keys under ${from}` }, () =>
    planFolderMove(etcd, from, to),
  );
  if (plan.kvs.length === 0) {
    void vscode.window.showInformationMessage(`ZTAP: there are no keys under ${plan.from}; nothing to move.`);
    return undefined;
  }
  if (plan.taken.length > 0) {
    throw new Error(
      `Cannot move ${plan.from} to ${plan.to}: ${plural(plan.taken.length, 'key')} there exist already (${plan.taken.slice(0, 3).join(', ')}${plan.taken.length > 3 ? ', …' : ''}). Nothing was moved.`,
    );
  }
  const count = plural(plan.kvs.length, 'key');
  if (
    !(await services.dialogs.confirm(
      `ZTAP: move ${count} from ${plan.from} to ${plan.to}?`,
      'Each key is moved with its value and lease, only if nobody changed it meanwhile; a key changed meanwhile stays where it is. Undo in the notification moves them back.',
      'Move',
    ))
  ) {
    return undefined;
  }
  const result = await services.writes.run(
    `move ${count} from ${plan.from} to ${plan.to}`,
    async () =>
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `ZTAP: moving ${count} to ${plan.to}`, cancellable: true },
        (progress, token) =>
          moveFolder(
            etcd,
            plan,
            done => progress.report({ message: `${done} of ${plan.kvs.length}`, increment: (100 * Math.min(32, plan.kvs.length)) / plan.kvs.length }),
            () => token.isCancellationRequested,
          ),
      ),
    r => `moved ${r.moved.length} keys from ${plan.from} to ${plan.to}${r.left.length ? `; ${r.left.length} changed meanwhile and left` : ''}`,
  );
  if (!result) {
    return undefined;
  }
  const left = result.left.length ? ` ${plural(result.left.length, 'key')} changed meanwhile and stayed.` : '';
  const stopped = result.moved.length + result.left.length < plan.kvs.length ? ' Cancelled: the rest stayed where it was.' : '';
  void services.dialogs
    .inform(`ZTAP: moved ${plural(result.moved.length, 'key')} from ${plan.from} to ${plan.to}.${left}${stopped}`, 'Undo')
    .then(async choice => {
      if (choice !== 'Undo') {
        return;
      }
      try {
        const back = await moveFolder(etcd, await planFolderMove(etcd, plan.to, plan.from, new Set(result.moved.map(m => m.to))));
        services.log.info(`Write: undid the move of ${plan.from}: ${back.moved.length} keys back`);
        const stayed = back.left.length ? ` ${plural(back.left.length, 'key')} changed since the move and stayed under ${plan.to}.` : '';
        void services.dialogs.inform(`ZTAP: undone: ${plural(back.moved.length, 'key')} back under ${plan.from}.${stayed}`);
      } catch (err) {
        void vscode.window.showWarningMessage(`ZTAP: did not undo the move of ${plan.from}: ${(err as Error).message}`);
      }
    });
  return result;
}

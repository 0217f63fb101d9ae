import * as vscode from 'vscode';
import { keyToText } from '../../core/keys/keyText';
import { deleteWithRecovery, DeletePlan, planDelete } from '../../core/writes/bulkWrites';
import { plural } from '../../core/text/plural';
import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { KeyNode } from './keyNode';
import type { Invocation } from '../commands/invocation';
import { COMMANDS } from '../commands/commandIds';

/** Fewer keys than this: Delete Folder's question lists them. */
const LISTED_UNDER = 20;
/** More keys than this: the user types the folder's name to confirm. */
const TYPED_CONFIRMATION_OVER = 100;

/**
 * Delete Key: the key row it was invoked on, every selected key row, or a key asked
 * for. Each key is deleted only if unchanged since it was counted, after its value
 * and lease were saved to a recovery file; Undo Delete puts them back.
 */
export async function deleteKey(services: Services, invocation: Invocation, ...given: string[]): Promise<number | undefined> {
  services.writes.refuseIfReadOnly('delete keys');
  const rows = (invocation.selection ?? (invocation.node ? [invocation.node] : [])).filter((n): n is KeyNode => n instanceof KeyNode);
  const keys = rows.length > 0 ? rows.map(r => r.key) : given.length > 0 ? given : await askKey(services);
  if (!keys || keys.length === 0) {
    return undefined;
  }
  const etcd = services.connection.requireSession().client;
  const plans = await Promise.all(keys.map(key => planDelete(etcd, { key, recursive: false })));
  const plan: DeletePlan = {
    revision:
      plans
        .map(p => p.revision)
        .sort()
        .pop() ?? '0',
    kvs: plans.flatMap(p => p.kvs),
  };
  if (plan.kvs.length === 0) {
    void vscode.window.showInformationMessage(`ZTAP: ${keys.length === 1 ? `${keys[0]} does not exist` : 'none of these keys exist'}; nothing to delete.`);
    return 0;
  }
  const shown = plan.kvs.slice(0, 5).map(kv => keyToText(kv.key));
  const more = plan.kvs.length > shown.length ? `\n…and ${plan.kvs.length - shown.length} more` : '';
  const confirmed = await vscode.window.showWarningMessage(
    `ZTAP: delete ${plan.kvs.length === 1 ? shown[0] : plural(plan.kvs.length, 'key')}?`,
    { modal: true, detail: `${shown.join('\n')}${more}\n\nThe values are saved first; Undo Delete puts them back.` },
    'Delete',
  );
  if (confirmed !== 'Delete') {
    return undefined;
  }
  return finishDelete(services, plan.kvs.length === 1 ? shown[0] : plural(plan.kvs.length, 'key'), plan, keys[0]);
}

/**
 * Delete Folder: every key under the folder (counted, not guessed); over a hundred,
 * the user types the folder's name. Saved to a recovery file first.
 */
export async function deleteFolder(services: Services, invocation: Invocation, given?: string): Promise<number | undefined> {
  services.writes.refuseIfReadOnly('delete keys');
  const prefix = invocation.node instanceof FolderNode ? invocation.node.prefix : (given ?? (await askFolder(services)));
  if (!prefix) {
    return undefined;
  }
  const etcd = services.connection.requireSession().client;
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ZTAP: counting the keys under ${prefix}` }, () =>
    planDelete(etcd, { key: prefix, recursive: true }),
  );
  const count = plan.kvs.length;
  if (count === 0) {
    void vscode.window.showInformationMessage(`ZTAP: there are no keys under ${prefix}; nothing to delete.`);
    return 0;
  }
  const confirmed =
    count > TYPED_CONFIRMATION_OVER
      ? await vscode.window
          .showInputBox({
            title: `ZTAP: delete ${plural(count, 'key')} under ${prefix}?`,
            prompt: `Type ${prefix} to delete all ${count} keys (their values are saved first; Undo Delete puts them back).`,
            ignoreFocusOut: true,
            validateInput: v => (v === '' || v === prefix ? undefined : `Type ${prefix} exactly.`),
          })
          .then(v => v === prefix)
      : await services.dialogs.confirm(
          `ZTAP: delete ${plural(count, 'key')} under ${prefix}?`,
          // A few keys are named: the user sees exactly what goes.
          `${count < LISTED_UNDER ? `${plan.kvs.map(kv => keyToText(kv.key)).join('\n')}\n\n` : ''}The values are saved first; Undo Delete puts them back.`,
          'Delete',
        );
  if (!confirmed) {
    return undefined;
  }
  return finishDelete(services, `${plural(count, 'key')} under ${prefix}`, plan, prefix);
}

async function finishDelete(services: Services, what: string, plan: DeletePlan, name: string): Promise<number | undefined> {
  const { recentDeletes, recoveryDir } = services;
  const result = await services.writes.run(
    `delete ${what}`,
    etcd => deleteWithRecovery(etcd, { key: name, recursive: false }, plan, recoveryDir),
    r => `deleted ${what} (${r.deleted} keys; recovery file ${r.recoveryFile})`,
  );
  if (!result) {
    return undefined;
  }
  if (result.recoveryFile) {
    await recentDeletes.add({ recoveryFile: result.recoveryFile, what, count: result.deleted, at: new Date().toISOString() });
  }
  const left = result.changed.length > 0 ? ` ${plural(result.changed.length, 'key')} changed meanwhile and were left.` : '';
  void vscode.window.showInformationMessage(`ZTAP: deleted ${plural(result.deleted, 'key')}.${left}`, 'Undo').then(choice => {
    if (choice === 'Undo' && result.recoveryFile) {
      void vscode.commands.executeCommand(COMMANDS.undoDelete, result.recoveryFile);
    }
  });
  return result.deleted;
}

function askKey({ connection }: Services): Thenable<string[] | undefined> {
  return vscode.window
    .showInputBox({ title: 'ZTAP: Delete Key', prompt: 'The key to delete', value: `${connection.config?.keyPrefix ?? ''}/` })
    .then(v => (v ? [v] : undefined));
}

function askFolder({ connection }: Services): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'ZTAP: Delete Folder',
    prompt: 'The folder whose keys to delete (every key under it)',
    value: `${connection.config?.keyPrefix ?? ''}/`,
    validateInput: v => (v.endsWith('/') ? undefined : 'A folder ends with "/".'),
  });
}

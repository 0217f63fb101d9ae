import * as vscode from 'vscode';
import { splitTyped } from '../../core/keys/findKeys';
import type { KeyChild } from '../../core/keys/keyChild';
import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { valueUri } from './valueUris';
import { findKeyItems, type FindKeyItem } from './findKeyItems';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * Find Key...: type a path; the children of the folder typed so far whose names start
 * with (then contain) what follows the last "/" are listed, from the tree's index of
 * folders (each folder read once, keys-only, then kept current by the watch), the
 * newest query winning. Enter opens a key (and shows it in the tree) or reveals and
 * expands a folder.
 */
export async function findKey(services: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  if (given !== undefined) {
    await reveal(services, given);
    return given;
  }
  const target = await pickKeyPath(services, nodeOf(invocation, FolderNode)?.prefix, 'ZTAP: Find Key');
  if (target) {
    await reveal(services, target);
  }
  return target;
}

/** The Find Key quick pick alone: the key or folder (ending in "/") the user chose, or undefined. */
export async function pickKeyPath(services: Services, startAt: string | undefined, title: string, { folders = false } = {}): Promise<string | undefined> {
  const start = startAt ?? `${services.connection.config?.keyPrefix ?? ''}/`;
  const pick = vscode.window.createQuickPick<FindKeyItem>();
  pick.title = title;
  pick.placeholder = 'Type a path; a folder ends in "/"';
  pick.value = start;
  pick.matchOnDescription = false;
  // The items are the matches already: VS Code's own fuzzy filter must not hide them.
  (pick as unknown as { sortByLabel: boolean }).sortByLabel = false;
  let query = 0;
  /** The text the items shown were found for. */
  let shownFor: string | undefined;
  const update = async () => {
    const mine = ++query;
    const { folder, fragment } = splitTyped(pick.value);
    if (!folder) {
      pick.items = [];
      return;
    }
    pick.busy = true;
    const show = (children: KeyChild[]) => {
      if (mine === query) {
        shownFor = pick.value;
        pick.items = findKeyItems(folder, fragment, children, folders);
      }
    };
    try {
      // A big folder shows what its first pages hold while the rest is read (still busy).
      show((await services.tree.keyIndexFor().list(folder, show)).children);
    } catch (err) {
      if (mine === query) {
        pick.items = [{ label: `$(error) ${(err as Error).message}`, target: '', alwaysShow: true }];
      }
    } finally {
      if (mine === query) {
        pick.busy = false;
      }
    }
  };
  const chosen = new Promise<string | undefined>(resolve => {
    pick.onDidChangeValue(() => void update());
    pick.onDidAccept(() => {
      // Enter before the list caught up with the typing acts on what was typed.
      const target = shownFor === pick.value ? pick.selectedItems[0]?.target : pick.value.trim() || undefined;
      if (target) {
        resolve(target);
        pick.hide();
      }
    });
    pick.onDidHide(() => resolve(undefined));
  });
  pick.show();
  void update();
  const target = await chosen;
  pick.dispose();
  return target;
}

/** Shows `target` in the tree (a folder expanded), and opens a key's value. */
export async function reveal({ tree, view }: Services, target: string): Promise<void> {
  const node = await tree.nodeForKey(target);
  if (!target.endsWith('/')) {
    await vscode.commands.executeCommand('vscode.open', valueUri(target), { preview: true });
  }
  if (node) {
    await view.reveal(node, { select: true, focus: false, expand: target.endsWith('/') ? 1 : undefined });
  } else {
    void vscode.window.setStatusBarMessage(`ZTAP: ${target} is not under the tree's Keys`, 4000);
  }
}

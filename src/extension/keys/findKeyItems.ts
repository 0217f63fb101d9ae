import { plural } from '../../core/text/plural';
import { matchChildren } from '../../core/keys/findKeys';
import type { KeyChild } from '../../core/keys/keyChild';

/** A row of Find Key's quick pick (a vscode.QuickPickItem, built without the API). */
export interface FindKeyItem {
  label: string;
  description?: string;
  /** The full key, or a folder ending in "/". */
  target: string;
  alwaysShow: true;
}

/** At most this many rows: the quick pick shows what fits, typing narrows. */
const SHOWN = 200;

/**
 * The rows for what is typed: `folder`'s children matching `fragment`, folders with
 * their key counts; where a folder is what is asked for (`folders`) and nothing
 * follows the last "/", the folder typed comes first.
 */
export function findKeyItems(folder: string, fragment: string, children: readonly KeyChild[], folders: boolean): FindKeyItem[] {
  const matches: FindKeyItem[] = matchChildren(folder, fragment, children, SHOWN).map(m =>
    m.isFolder
      ? { label: `$(folder) ${m.target}`, description: plural(m.keys ?? 0, 'key'), target: m.target, alwaysShow: true }
      : { label: `$(key) ${m.target}`, target: m.target, alwaysShow: true },
  );
  return folders && !fragment ? [{ label: `$(folder-opened) ${folder}`, description: 'this folder', target: folder, alwaysShow: true }, ...matches] : matches;
}

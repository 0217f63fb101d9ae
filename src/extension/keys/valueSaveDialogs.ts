import type { Etcd3 } from 'etcd3';
import * as vscode from 'vscode';
import { readKey } from '../../core/values/getKey';
import type { WriteConflict } from '../../core/writes/guardedWrites';
import { valueTitle, valueUri, viewOfUri } from './valueUris';

/** What the user chose when a save met a change made in etcd meanwhile. */
export type ConflictChoice = 'compare' | 'overwrite' | undefined;

// The questions a save of a key's value may ask.

/** The user's text beside etcd's current value (at the revision read now), in VS Code's diff editor. */
export async function compareWithEtcd(etcd: Etcd3, uri: vscode.Uri, key: string): Promise<void> {
  const { revision } = await readKey(etcd, key);
  const atRevision = valueUri(key, { raw: viewOfUri(uri).raw, revision });
  await vscode.commands.executeCommand('vscode.diff', atRevision, uri, `${valueTitle(key)}: etcd at revision ${revision} ↔ yours`);
}

export async function askAboutConflict(key: string, conflict: WriteConflict): Promise<ConflictChoice> {
  const unknownBase = expectedMod(conflict) === '-1';
  const detail = unknownBase
    ? `This window did not read the version your edits were made on (they were restored after a reload); etcd has ${conflict.current ? `mod revision ${conflict.current.modRevision}` : 'no such key'}. Nothing was written.`
    : conflict.current
      ? `You opened it at mod revision ${expectedMod(conflict)}; etcd now has mod revision ${conflict.current.modRevision}. Nothing was written.`
      : `It was deleted in etcd after you opened it (at mod revision ${expectedMod(conflict)}). Nothing was written.`;
  const choice = await vscode.window.showWarningMessage(
    `ZTAP: ${key} changed in etcd since you opened it.`,
    { modal: true, detail: `${detail}\nCompare shows your text beside etcd's value; Overwrite replaces etcd's value with yours.` },
    'Compare',
    'Overwrite',
  );
  return choice === 'Compare' ? 'compare' : choice === 'Overwrite' ? 'overwrite' : undefined;
}

function expectedMod(conflict: WriteConflict): string {
  return conflict.expected.kind === 'version' ? conflict.expected.version.modRevision : '?';
}

export async function askAboutInvalidJson(key: string, error: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `ZTAP: ${key} held valid JSON, and the text to save is not (${error}). Save anyway?`,
    { modal: true },
    'Save Anyway',
  );
  return choice === 'Save Anyway';
}

import * as vscode from 'vscode';
import { readKeyHistory } from '../../core/history/keyHistory';
import { keyFromText } from '../../core/keys/keyText';
import { Expectation, guardedDelete, guardedPut, WriteConflict } from '../../core/writes/guardedWrites';
import type { Services } from '../services';
import { VersionNode } from './historyNodes';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * Restore This Version: writes the version's value back with a compare-and-swap on
 * the key's newest version in the history shown, so a change made since is never
 * overwritten without asking; the key keeps its current lease.
 */
export async function restoreVersion(services: Services, invocation: Invocation): Promise<string | undefined> {
  const node = nodeOf(invocation, VersionNode);
  if (!node || node.version.deleted) {
    void vscode.window.showInformationMessage('ZTAP: pick a version (not a deletion) in the History view first.');
    return undefined;
  }
  const { connection } = services;
  services.writes.refuseIfReadOnly(`restore ${node.key}`);
  const newest = node.history.versions[0];
  const now =
    !newest || newest.deleted
      ? 'The key is deleted now: restoring creates it again.'
      : `It holds now (revision ${newest.modRevision}):\n${preview(newest.value)}`;
  if (
    !(await services.dialogs.confirm(
      `ZTAP: restore ${node.key} to its value of revision ${node.revision}?`,
      `It will write:\n${preview(node.version.value)}\n\n${now}\n\nThe key keeps its lease; Undo in the notification that follows puts back what it holds now.`,
      'Restore',
    ))
  ) {
    return undefined;
  }
  let expect: Expectation =
    !newest || newest.deleted
      ? { kind: 'absent' }
      : { kind: 'version', version: { modRevision: newest.modRevision.toString(), createRevision: newest.createRevision.toString() } };
  let lease = newest && !newest.deleted ? newest.lease : '0';
  /** What the key holds before the write, for Undo (undefined: it is deleted). */
  let previous = newest && !newest.deleted ? { value: newest.value, lease } : undefined;
  for (;;) {
    try {
      const done = await services.writes.run(
        `restore ${node.key} to its value of revision ${node.revision}`,
        etcd => guardedPut(etcd, node.key, node.version.value, expect, { lease }),
        r => `restored ${node.key} to its value of revision ${node.revision}: ${node.version.value.length} bytes, revision ${r.revision}`,
      );
      if (done) {
        await services.history.showKeyHistory(await readKeyHistory(connection.requireSession().client, node.key));
        offerUndo(services, node.key, node.revision, done.revision, previous);
        return done.revision;
      }
      return undefined;
    } catch (err) {
      if (!(err instanceof WriteConflict)) {
        throw err;
      }
      const choice = await services.dialogs.restoreConflict(node.key, err);
      if (choice === 'refresh') {
        await services.history.showKeyHistory(await readKeyHistory(connection.requireSession().client, node.key));
        return undefined;
      }
      if (choice !== 'restore anyway') {
        return undefined;
      }
      expect = err.current ? { kind: 'version', version: err.current } : { kind: 'absent' };
      const kv = (await connection.requireSession().client.kv.range({ key: keyFromText(node.key) })).kvs[0];
      lease = kv?.lease ?? '0';
      previous = kv ? { value: Buffer.from(kv.value), lease } : undefined;
    }
  }
}

/** A value in a dialog: its text, cut short (a dialog is no editor). */
function preview(value: Buffer): string {
  const text = value.toString('utf8');
  return text.length > 300 ? `${text.slice(0, 300)}… (${value.length} bytes)` : text || '(empty)';
}

/**
 * "Restored …" with Undo: puts back what the key held (its value and lease), or deletes
 * the key when it had been deleted, only if nothing changed it since the restore.
 */
function offerUndo(services: Services, key: string, revision: string, written: string, previous: { value: Buffer; lease: string } | undefined): void {
  void services.dialogs.inform(`ZTAP: restored ${key} to its value of revision ${revision} (now revision ${written}).`, 'Undo').then(async choice => {
    if (choice !== 'Undo') {
      return;
    }
    const expect: Expectation = { kind: 'mod', modRevision: written };
    try {
      const etcd = services.connection.requireSession().client;
      if (previous) {
        await guardedPut(etcd, key, previous.value, expect, { lease: previous.lease });
      } else {
        await guardedDelete(etcd, key, expect);
      }
      services.log.info(`Write: undid the restore of ${key} (revision ${written})`);
      void services.dialogs.inform(`ZTAP: undone: ${key} holds what it held before the restore.`);
    } catch (err) {
      const why = err instanceof WriteConflict ? `it changed after the restore (${err.message})` : (err as Error).message;
      void vscode.window.showWarningMessage(`ZTAP: did not undo the restore of ${key}: ${why}. Its history has every version.`);
    }
  });
}

import * as vscode from 'vscode';
import { readKeyHistory } from '../../core/history/keyHistory';
import { keyFromText } from '../../core/keys/keyText';
import { Expectation, guardedPut, WriteConflict } from '../../core/writes/guardedWrites';
import type { Services } from '../services';
import { VersionNode } from '../history/historyNodes';
import { runWrite } from '../writeGuard';
import { Invocation, nodeOf } from './invocation';

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
  const { connection, log } = services;
  connection.assertWritable(`restore ${node.key}`);
  const newest = node.history.versions[0];
  let expect: Expectation =
    !newest || newest.deleted
      ? { kind: 'absent' }
      : { kind: 'version', version: { modRevision: newest.modRevision.toString(), createRevision: newest.createRevision.toString() } };
  let lease = newest && !newest.deleted ? newest.lease : '0';
  for (;;) {
    try {
      const done = await runWrite(
        connection,
        log,
        `restore ${node.key} to its value of revision ${node.revision}`,
        etcd => guardedPut(etcd, node.key, node.version.value, expect, { lease }),
        r => `restored ${node.key} to its value of revision ${node.revision}: ${node.version.value.length} bytes, revision ${r.revision}`,
      );
      if (done) {
        void vscode.window.setStatusBarMessage(`ZTAP: restored ${node.key} (revision ${done.revision})`, 4000);
        await services.history.showKeyHistory(await readKeyHistory(connection.requireSession().client, node.key));
        return done.revision;
      }
      return undefined;
    } catch (err) {
      if (!(err instanceof WriteConflict)) {
        throw err;
      }
      const choice = await services.history.restoreChooser(node.key, err);
      if (choice === 'refresh') {
        await services.history.showKeyHistory(await readKeyHistory(connection.requireSession().client, node.key));
        return undefined;
      }
      if (choice !== 'restore anyway') {
        return undefined;
      }
      expect = err.current ? { kind: 'version', version: err.current } : { kind: 'absent' };
      lease = (await connection.requireSession().client.kv.range({ key: keyFromText(node.key) })).kvs[0]?.lease ?? '0';
    }
  }
}

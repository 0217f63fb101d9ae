import * as vscode from 'vscode';
import type { SnapshotEntry } from '../../core/snapshot/snapshotIndex';
import { applyRestore, restorePlan } from '../../core/snapshot/snapshotRestore';
import { plural } from '../../core/text/plural';
import type { ImportResult } from '../../core/writes/bulkWrites';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';
import { snapshotTarget } from './snapshotTarget';

/** For tests: the answer to the restore question, instead of the dialog. */

/**
 * Restore Keys to Cluster...: the keys of a snapshot folder, key or selection put back.
 * Says first what will be created, what was changed in the cluster since the snapshot
 * (overwritten only if the user says so) and what is already the same; then writes
 * through the write guard with guarded transactions, and counts what was written.
 */
export async function restoreSnapshotKeys(services: Services, invocation: Invocation): Promise<ImportResult | undefined> {
  services.writes.refuseIfReadOnly('restore keys');
  const target = await snapshotTarget(services.snapshots, invocation, `${services.connection.config?.keyPrefix ?? '/ztap'}/`);
  if (!target) {
    return undefined;
  }
  const { snapshot } = target;
  const entries: SnapshotEntry[] = [];
  for (const folder of target.folders) {
    for await (const entry of snapshot.browser.entries(folder)) {
      entries.push(entry);
    }
  }
  for (const key of target.keys) {
    const entry = await snapshot.browser.get(key);
    if (entry) {
      entries.push(entry);
    }
  }
  const what = [...target.folders, ...target.keys].join(', ');
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(`ZTAP: ${snapshot.name} has no keys under ${what}; nothing to restore.`);
    return undefined;
  }
  const plan = await restorePlan(services.connection.requireSession().client, entries);
  if (plan.create.length === 0 && plan.update.length === 0) {
    void vscode.window.showInformationMessage(
      `ZTAP: the cluster already holds the snapshot's ${plural(entries.length, 'key')} under ${what}; nothing to restore.`,
    );
    return undefined;
  }
  const choice = await services.dialogs.restoreFromSnapshot(
    `ZTAP: restore ${plural(entries.length, 'key')} from ${snapshot.name} (revision ${snapshot.browser.revision}) to the cluster?`,
    `${what}: ${plan.create.length} to create (absent now), ${plan.update.length} changed in the cluster since the snapshot, ${plan.same.length} already the same. Changed keys are left as they are unless you overwrite them; a key changed again meanwhile is never overwritten.`,
    { create: plan.create.length, update: plan.update.length },
  );
  if (choice === 'cancel') {
    return undefined;
  }
  const result = await services.writes.run(
    `restore ${plural(entries.length, 'key')} from ${snapshot.name}`,
    etcd => applyRestore(etcd, plan, choice === 'create and overwrite'),
    r => `restored from ${snapshot.browser.path}: ${r.created} created, ${r.updated} overwritten, ${r.skipped} skipped, ${r.failed.length} failed`,
  );
  if (result) {
    const failed = result.failed.length > 0 ? `, ${result.failed.length} not written (${result.failed[0].key}: ${result.failed[0].reason})` : '';
    void vscode.window.showInformationMessage(
      `ZTAP: restored from ${snapshot.name}: ${result.created} created, ${result.updated} overwritten, ${result.skipped} skipped${failed}.`,
    );
  }
  return result;
}

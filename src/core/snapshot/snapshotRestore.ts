import type { Etcd3 } from 'etcd3';
import { keyToJson } from '../keys/keyText';
import { isUtf8 } from '../values/valueFormat';
import { applyImport, ImportPlan, ImportResult, planImport } from '../writes/bulkWrites';
import type { KeysFileEntry } from '../writes/keysFile';
import type { SnapshotEntry } from './snapshotIndex';

/**
 * Putting keys back from a snapshot is an import of them (core/writes/bulkWrites.ts):
 * absent keys are created (never replacing one created meanwhile), keys whose value
 * differs were changed in the cluster since the snapshot and are overwritten only when
 * asked (and only if unchanged since the plan), equal ones are left alone. A lease the
 * key had is re-attached when it still exists.
 */
export function restorePlan(etcd: Etcd3, entries: readonly SnapshotEntry[]): Promise<ImportPlan> {
  return planImport(etcd, entries.map(toKeysFileEntry));
}

export function applyRestore(etcd: Etcd3, plan: ImportPlan, overwriteChanged: boolean): Promise<ImportResult> {
  return applyImport(etcd, plan, { overwrite: overwriteChanged });
}

function toKeysFileEntry(entry: SnapshotEntry): KeysFileEntry {
  const text = isUtf8(entry.value);
  const { key, keyEncoding } = keyToJson(entry.keyBytes);
  return {
    key,
    ...(keyEncoding ? { keyEncoding } : {}),
    value: text ? entry.value.toString('utf8') : entry.value.toString('base64'),
    encoding: text ? 'utf8' : 'base64',
    ...(entry.lease !== '0' ? { lease: entry.lease } : {}),
  };
}

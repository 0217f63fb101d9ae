import type { KeyChange } from '../../core/history/prefixChanges';
import { folderPrefix } from '../../core/keys/keyRange';
import { compareSnapshots, compareSnapshotWithLive as compareWithLive, SnapshotComparison } from '../../core/snapshot/snapshotDiff';
import type { ChangeSides } from '../history/historyNodes';
import type { Services } from '../services';
import type { OpenSnapshot } from './openSnapshots';
import { valueTitle, valueUri } from '../keys/valueUris';
import type { Invocation } from '../commands/invocation';
import { withCancellableProgress } from '../progress';
import { snapshotTarget, SnapshotTarget } from './snapshotTarget';
import { pickSnapshotFile } from './pickSnapshotFile';

/**
 * Compare with Live Cluster: what the cluster has under the folder now that differs
 * from the snapshot, in the History view as added, changed and deleted keys with
 * counts per folder; each opens as a diff (snapshot on the left, live on the right).
 */
export async function compareSnapshotWithLive(services: Services, invocation: Invocation): Promise<SnapshotComparison | undefined> {
  const target = await snapshotTarget(services.snapshots, invocation, keysPrefix(services));
  if (!target) {
    return undefined;
  }
  const prefix = folderOf(target);
  const etcd = services.connection.requireSession().client;
  const { snapshot } = target;
  const result = await withCancellableProgress(`Comparing ${snapshot.name} with the live cluster under ${prefix}`, signal =>
    compareWithLive(snapshot.browser, etcd, prefix, signal),
  );
  if (result) {
    await show(services, result, snapshot, 'live', {
      id: `snapshot-${snapshot.id}-live-${result.to.revision}`,
      left: key => valueUri(key, { snapshot: snapshot.id }),
      right: key => valueUri(key),
      title: key => `${valueTitle(key)}: ${snapshot.name} ↔ live`,
      tooltip: c => `${c.key}: ${c.change} in the live cluster (revision ${result.to.revision}) since the snapshot (revision ${result.from.revision})`,
    });
  }
  return result;
}

/** Compare with Snapshot...: the same, against another snapshot file (opened in the tree too). */
export async function compareSnapshotWithSnapshot(services: Services, invocation: Invocation, otherPath?: string): Promise<SnapshotComparison | undefined> {
  const target = await snapshotTarget(services.snapshots, invocation, keysPrefix(services));
  if (!target) {
    return undefined;
  }
  const path = (await pickSnapshotFile(otherPath, `ZTAP: Compare ${target.snapshot.name} with Snapshot`, 'Compare'))?.fsPath;
  if (!path) {
    return undefined;
  }
  const other = services.snapshots.all.find(s => s.browser.path === path) ?? (await services.snapshots.add(path));
  const prefix = folderOf(target);
  const { snapshot } = target;
  const result = await withCancellableProgress(`Comparing ${snapshot.name} with ${other.name} under ${prefix}`, () =>
    compareSnapshots(snapshot.browser, other.browser, prefix),
  );
  if (result) {
    await show(services, result, snapshot, other.name, {
      id: `snapshot-${snapshot.id}-snapshot-${other.id}`,
      left: key => valueUri(key, { snapshot: snapshot.id }),
      right: key => valueUri(key, { snapshot: other.id }),
      title: key => `${valueTitle(key)}: ${snapshot.name} ↔ ${other.name}`,
      tooltip: c => `${c.key}: ${c.change} in ${other.name} (revision ${result.to.revision}) against ${snapshot.name} (revision ${result.from.revision})`,
    });
  }
  return result;
}

function show(services: Services, result: SnapshotComparison, snapshot: OpenSnapshot, other: string, sides: ChangeSides): Promise<void> {
  return services.history.showComparison({
    prefix: result.prefix,
    header: `${snapshot.name} (rev ${result.from.revision}) ↔ ${other} (rev ${result.to.revision}) under ${result.prefix}`,
    changes: result.changes.map(toKeyChange),
    sides,
  });
}

/** The History view's rows show changes as Show Changes finds them. */
function toKeyChange(c: SnapshotComparison['changes'][number]): KeyChange {
  return {
    key: c.key,
    change: c.kind,
    fromRevision: c.before ? BigInt(c.before.modRevision) : undefined,
    toRevision: BigInt(c.after?.modRevision ?? c.before?.modRevision ?? 0),
    events: 1,
  };
}

/** The folder compared: the one invoked on, or a key's own folder. */
function folderOf(target: SnapshotTarget): string {
  if (target.folders.length > 0) {
    return target.folders[0];
  }
  const key = target.keys[0] ?? '';
  return folderPrefix(key.slice(0, key.lastIndexOf('/') + 1) || '/');
}

function keysPrefix(services: Services): string {
  return `${services.connection.config?.keyPrefix ?? '/ztap'}/`;
}

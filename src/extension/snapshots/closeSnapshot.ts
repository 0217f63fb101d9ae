import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';
import { snapshotTarget } from './snapshotTarget';

/** Close Snapshot: takes its root out of the tree and ends its worker thread. */
export async function closeSnapshot({ snapshots, connection }: Services, invocation: Invocation): Promise<boolean> {
  const target = await snapshotTarget(snapshots, invocation, `${connection.config?.keyPrefix ?? '/ztap'}/`);
  return target ? snapshots.close(target.snapshot.id) : false;
}

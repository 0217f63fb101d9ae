import { createEtcd3 } from '../../core/client/etcdClient';
import { compareFolders, FolderComparison } from '../../core/compare/folderCompare';
import type { KeyChange } from '../../core/history/prefixChanges';
import { folderPrefix } from '../../core/keys/keyRange';
import { Invocation, nodeOf } from '../commands/invocation';
import { FolderNode } from '../keys/folderNode';
import { pickKeyPath } from '../keys/findKey';
import { valueTitle } from '../keys/valueUris';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readCompareLeases } from '../settings';
import { pickConnection } from './pickConnection';

/** What a test (or another command) gives instead of the questions. */
export interface CompareGiven {
  prefix?: string;
  connection: string;
  otherPrefix?: string;
  leases?: boolean;
}

/**
 * Compare with Connection...: a folder here against a folder on another connection (or
 * this one), each read at one revision (said in the title), in the History view as
 * keys only here ("deleted"), only there ("added") and with other values ("changed"),
 * counted per folder; each opens as a diff, this connection on the left. Values are
 * compared as bytes; a lease counts only when asked (ztap.compare.leases, or `leases` given).
 */
export async function compareWithConnection(services: Services, invocation: Invocation, given?: CompareGiven): Promise<FolderComparison | undefined> {
  await services.connection.ensureConnected();
  const session = services.connection.requireSession();
  const prefix =
    given?.prefix ??
    nodeOf(invocation, FolderNode)?.prefix ??
    (await pickKeyPath(services, undefined, 'ZTAP: Compare Folder with Connection', { folders: true }));
  if (prefix === undefined) {
    return undefined;
  }
  const active = services.connection.activeProfile.name;
  const name = given?.connection ?? (await pickConnection(services, `ZTAP: Compare ${prefix} with which connection?`));
  if (name === undefined) {
    return undefined;
  }
  const otherPrefix =
    given?.otherPrefix ??
    (await services.dialogs.ask({
      title: `ZTAP: Compare with which folder on "${name}"?`,
      value: prefix,
      validateInput: v => (v.trim() ? undefined : 'A folder, such as /ztap/'),
    }));
  if (otherPrefix === undefined) {
    return undefined;
  }
  const sameConnection = name === active;
  const otherConfig = sameConnection ? session.config : await services.connection.profileConfig(name);
  const other = sameConnection ? session.client : createEtcd3(otherConfig);
  const leases = given?.leases ?? readCompareLeases();
  const id = services.comparisons.begin();
  const left = folderPrefix(prefix);
  const right = folderPrefix(otherPrefix.trim());
  try {
    const result = await withCancellableProgress(`Comparing ${left} with ${right} on "${name}"`, signal =>
      compareFolders(
        { etcd: session.client, prefix: left, label: services.connection.displayName },
        { etcd: other, prefix: right, label: name },
        {
          leases,
          signal,
          onDifference: (change, here, there) => {
            if (here) {
              services.comparisons.keep(id, 'left', `${left}${change.key}`, here.value);
            }
            if (there) {
              services.comparisons.keep(id, 'right', `${left}${change.key}`, there.value);
            }
          },
        },
      ),
    );
    if (!result) {
      return undefined;
    }
    await services.history.showComparison({
      prefix: left,
      header: `${services.connection.displayName} ${left} (rev ${result.left.revision}) ↔ "${name}" ${right} (rev ${result.right.revision})${leases ? ', leases counted' : ''}`,
      changes: result.changes.map(c => toKeyChange(c, left)),
      sides: {
        id: `connection-${id}`,
        left: key => services.comparisons.uri(id, 'left', key),
        right: key => services.comparisons.uri(id, 'right', key),
        title: key => `${valueTitle(key)}: here ↔ "${name}"${right === left ? '' : ` ${right}`}`,
        tooltip: c =>
          `${c.key}: ${c.change === 'added' ? `only on "${name}"` : c.change === 'deleted' ? 'only here' : `differs on "${name}"`} (here at revision ${result.left.revision}, there at ${result.right.revision})`,
      },
    });
    return result;
  } finally {
    if (!sameConnection) {
      other.close();
    }
  }
}

/** The History view's rows: keys named in this connection's folder. */
function toKeyChange(c: FolderComparison['changes'][number], left: string): KeyChange {
  return {
    key: `${left}${c.key}`,
    change: c.kind,
    fromRevision: c.before ? BigInt(c.before.modRevision) : undefined,
    toRevision: BigInt(c.after?.modRevision ?? c.before?.modRevision ?? 0),
    events: 1,
  };
}

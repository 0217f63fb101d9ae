import type * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId, COMMANDS } from './commandIds';
import { addConnection } from './addConnection';
import { configureConnection } from './configureConnection';
import { forgetPassword } from './forgetPassword';
import { switchConnection } from './switchConnection';
import { openKey } from './openKey';
import { reconnect } from './reconnect';
import { refresh } from './refresh';
import { refreshNode } from './refreshNode';
import { registerCommand } from './registerCommand';
import { Invocation, splitInvocation } from './invocation';
import { saveSnapshot } from './saveSnapshot';
import { showLog } from './showLog';
import { showSnapshotStatus } from './showSnapshotStatus';
import { showMore } from './showMore';
import { focusLocalNodes } from './focusLocalNodes';
import { resignLocalNode } from './resignLocalNode';
import { startLocalEtcd } from './startLocalEtcd';
import { startLocalNode } from './startLocalNode';
import { stopAllLocalNodes } from './stopAllLocalNodes';
import { stopLocalNode } from './stopLocalNode';
import { stopLocalEtcd } from './stopLocalEtcd';
import { stopAllWatches } from './stopAllWatches';
import { stopWatch } from './stopWatch';
import { testConnectivity } from './testConnectivity';
import { watchPrefix } from './watchPrefix';
import { editConnection } from './editConnection';
import { removeConnection } from './removeConnection';
import { copySnapshotStatusJson } from './copySnapshotStatusJson';
import { restartEndedWatches } from './restartEndedWatches';
import { openRawValue } from './openRawValue';
import { whyReadOnly } from './whyReadOnly';
import { deleteFolder, deleteKey } from './deleteKeys';
import { undoDelete } from './undoDelete';
import { newKey } from './newKey';
import { renameKey } from './renameKey';
import { renameFolder } from './renameFolder';
import { attachLease, detachLease } from './keyLease';
import { showValueAs } from './showValueAs';
import { clearKeyFilter, filterKeys } from './filterKeys';
import { replaceValueFromFile } from './replaceValueFromFile';
import { exportFolder } from './exportFolder';
import { importKeys } from './importKeys';
import { findKey } from './findKey';
import { showHistory } from './showHistory';
import { compareSelectedVersions, compareWithCurrent } from './compareVersions';
import { restoreVersion } from './restoreVersion';
import { comparePolicyVersions } from './comparePolicyVersions';
import { showChanges } from './showChanges';
import { grantLease, keepLeaseAlive, revokeLease } from './leaseCommands';
import { compactHistory, defragmentMemberCommand, disarmAlarm } from './maintenanceCommands';
import { copyAsEtcdctl, copyKeyPath, copyPath, copyValue } from './copyKey';
import { openSnapshot } from './openSnapshot';
import { openDashboard } from './openDashboard';
import { closeSnapshot } from './closeSnapshot';
import { compareSnapshotWithLive, compareSnapshotWithSnapshot } from './compareSnapshot';
import { restoreSnapshotKeys } from './restoreSnapshotKeys';

/**
 * A command's implementation: what it was invoked on (a tree row, or nothing) and
 * the arguments a caller gave; a tree row never arrives as an argument.
 */
type Run = (services: Services, invocation: Invocation, ...given: any[]) => unknown;

/** Registers every command; each one lives in its own file. */
export function registerCommands(services: Services): vscode.Disposable[] {
  const table: Record<CommandId, Run> = {
    [COMMANDS.refresh]: refresh,
    [COMMANDS.refreshNode]: refreshNode,
    [COMMANDS.reconnect]: reconnect,
    [COMMANDS.testConnectivity]: testConnectivity,
    [COMMANDS.openKey]: openKey,
    [COMMANDS.showMore]: showMore,
    [COMMANDS.configureConnection]: configureConnection,
    [COMMANDS.showLog]: showLog,
    [COMMANDS.startLocalEtcd]: startLocalEtcd,
    [COMMANDS.stopLocalEtcd]: stopLocalEtcd,
    [COMMANDS.startLocalNode]: startLocalNode,
    [COMMANDS.resignLocalNode]: resignLocalNode,
    [COMMANDS.stopLocalNode]: stopLocalNode,
    [COMMANDS.stopAllLocalNodes]: stopAllLocalNodes,
    [COMMANDS.focusLocalNodes]: focusLocalNodes,
    [COMMANDS.watchPrefix]: watchPrefix,
    [COMMANDS.stopWatch]: stopWatch,
    [COMMANDS.stopAllWatches]: stopAllWatches,
    [COMMANDS.saveSnapshot]: saveSnapshot,
    [COMMANDS.showSnapshotStatus]: showSnapshotStatus,
    [COMMANDS.switchConnection]: switchConnection,
    [COMMANDS.addConnection]: addConnection,
    [COMMANDS.forgetPassword]: forgetPassword,
    [COMMANDS.editConnection]: editConnection,
    [COMMANDS.removeConnection]: removeConnection,
    [COMMANDS.copySnapshotStatusJson]: copySnapshotStatusJson,
    [COMMANDS.restartEndedWatches]: restartEndedWatches,
    [COMMANDS.openRawValue]: openRawValue,
    [COMMANDS.whyReadOnly]: whyReadOnly,
    [COMMANDS.deleteKey]: deleteKey,
    [COMMANDS.deleteFolder]: deleteFolder,
    [COMMANDS.undoDelete]: undoDelete,
    [COMMANDS.copyKeyPath]: copyKeyPath,
    [COMMANDS.copyValue]: copyValue,
    [COMMANDS.copyAsEtcdctl]: copyAsEtcdctl,
    [COMMANDS.newKey]: newKey,
    [COMMANDS.renameKey]: renameKey,
    [COMMANDS.renameFolder]: renameFolder,
    [COMMANDS.attachLease]: attachLease,
    [COMMANDS.detachLease]: detachLease,
    [COMMANDS.showValueAs]: showValueAs,
    [COMMANDS.filterKeys]: filterKeys,
    [COMMANDS.clearKeyFilter]: clearKeyFilter,
    [COMMANDS.copyPath]: copyPath,
    [COMMANDS.replaceValueFromFile]: replaceValueFromFile,
    [COMMANDS.exportFolder]: exportFolder,
    [COMMANDS.importKeys]: importKeys,
    [COMMANDS.findKey]: findKey,
    [COMMANDS.showHistory]: showHistory,
    [COMMANDS.compareWithCurrent]: compareWithCurrent,
    [COMMANDS.compareSelectedVersions]: compareSelectedVersions,
    [COMMANDS.restoreVersion]: restoreVersion,
    [COMMANDS.comparePolicyVersions]: comparePolicyVersions,
    [COMMANDS.showChanges]: showChanges,
    [COMMANDS.revokeLease]: revokeLease,
    [COMMANDS.keepLeaseAlive]: keepLeaseAlive,
    [COMMANDS.grantLease]: grantLease,
    [COMMANDS.compactHistory]: compactHistory,
    [COMMANDS.defragmentMember]: defragmentMemberCommand,
    [COMMANDS.disarmAlarm]: disarmAlarm,
    [COMMANDS.openSnapshot]: openSnapshot,
    [COMMANDS.openDashboard]: openDashboard,
    [COMMANDS.closeSnapshot]: closeSnapshot,
    [COMMANDS.compareSnapshotWithLive]: compareSnapshotWithLive,
    [COMMANDS.compareSnapshotWithSnapshot]: compareSnapshotWithSnapshot,
    [COMMANDS.restoreSnapshotKeys]: restoreSnapshotKeys,
  };
  return (Object.entries(table) as Array<[CommandId, Run]>).map(([id, run]) =>
    registerCommand(services.log, id, (...args: unknown[]) => {
      const { invocation, given } = splitInvocation(args);
      return run(services, invocation, ...given);
    }),
  );
}

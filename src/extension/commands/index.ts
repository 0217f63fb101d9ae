import type * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId, COMMANDS } from './commandIds';
import { addConnection } from '../connections/addConnection';
import { configureConnection } from '../connections/configureConnection';
import { forgetPassword } from '../connections/forgetPassword';
import { switchConnection } from '../connections/switchConnection';
import { openKey } from '../keys/openKey';
import { reconnect } from '../connections/reconnect';
import { refresh } from './refresh';
import { refreshNode } from './refreshNode';
import { registerCommand } from './registerCommand';
import { Invocation, splitInvocation } from './invocation';
import { saveSnapshot } from '../snapshots/saveSnapshot';
import { showLog } from './showLog';
import { showSnapshotStatus } from '../snapshots/showSnapshotStatus';
import { showMore } from '../keys/showMore';
import { focusLocalNodes } from '../election/focusLocalNodes';
import { resignLocalNode } from '../election/resignLocalNode';
import { startLocalEtcd } from '../connections/startLocalEtcd';
import { startLocalNode } from '../election/startLocalNode';
import { stopAllLocalNodes } from '../election/stopAllLocalNodes';
import { stopLocalNode } from '../election/stopLocalNode';
import { stopLocalEtcd } from '../connections/stopLocalEtcd';
import { stopAllWatches } from '../watches/stopAllWatches';
import { stopWatch } from '../watches/stopWatch';
import { testConnectivity } from '../connections/testConnectivity';
import { watchPrefix } from '../watches/watchPrefix';
import { editConnection } from '../connections/editConnection';
import { removeConnection } from '../connections/removeConnection';
import { copySnapshotStatusJson } from '../snapshots/copySnapshotStatusJson';
import { restartEndedWatches } from '../watches/restartEndedWatches';
import { openRawValue } from '../keys/openRawValue';
import { whyReadOnly } from '../keys/whyReadOnly';
import { deleteFolder, deleteKey } from '../keys/deleteKeys';
import { undoDelete } from '../keys/undoDelete';
import { newKey } from '../keys/newKey';
import { renameKey } from '../keys/renameKey';
import { renameFolder } from '../keys/renameFolder';
import { attachLease, detachLease } from '../leases/keyLease';
import { showValueAs } from '../keys/showValueAs';
import { clearKeyFilter, filterKeys } from '../keys/filterKeys';
import { replaceValueFromFile } from '../keys/replaceValueFromFile';
import { exportFolder } from '../keys/exportFolder';
import { importKeys } from '../keys/importKeys';
import { findKey } from '../keys/findKey';
import { showHistory } from '../history/showHistory';
import { compareSelectedVersions, compareWithCurrent } from '../history/compareVersions';
import { restoreVersion } from '../history/restoreVersion';
import { comparePolicyVersions } from '../history/comparePolicyVersions';
import { showChanges } from '../history/showChanges';
import { grantLease, keepLeaseAlive, revokeLease } from '../leases/leaseCommands';
import { compactHistory, defragmentMemberCommand, disarmAlarm } from '../members/maintenanceCommands';
import { copyAsEtcdctl, copyKeyPath, copyPath, copyValue } from '../keys/copyKey';
import { openSnapshot } from '../snapshots/openSnapshot';
import { openDashboard } from '../dashboard/openDashboard';
import { closeSnapshot } from '../snapshots/closeSnapshot';
import { compareSnapshotWithLive, compareSnapshotWithSnapshot } from '../snapshots/compareSnapshot';
import { restoreSnapshotKeys } from '../snapshots/restoreSnapshotKeys';
import { checkAccess } from '../access/checkAccess';
import { diagnoseCluster } from '../diagnose/diagnoseCluster';
import { showSpace } from '../dashboard/showSpace';
import { browseAtRevision, closePast, compareWithLive } from '../history/browseAtRevision';
import { compareWithConnection } from '../compare/compareWithConnection';
import { copyToConnection } from '../compare/copyToConnection';
import { addMember, moveLeader, promoteLearner, removeMember, updatePeerUrls } from '../members/memberCommands';
import {
  addUser,
  deleteUser,
  changePassword,
  grantRole,
  revokeRole,
  addRole,
  deleteRole,
  grantPermission,
  revokePermission,
  enableAuth,
  disableAuth,
  setUpZtapAccess,
} from '../access/accessCommands';

/**
 * A command's implementation: what it was invoked on (a tree row, or nothing) and
 * the arguments a caller gave; a tree row never arrives as an argument.
 */
type Run = (services: Services, invocation: Invocation, ...given: any[]) => unknown;

/** Registers every command; each one lives in its own file. */
export function registerCommands(services: Services): vscode.Disposable[] {
  const table: Record<CommandId, Run> = {
    [COMMANDS.refresh]: refresh,
    [COMMANDS.checkAccess]: checkAccess,
    [COMMANDS.diagnoseCluster]: diagnoseCluster,
    [COMMANDS.showSpace]: showSpace,
    [COMMANDS.browseAtRevision]: browseAtRevision,
    [COMMANDS.compareWithLive]: compareWithLive,
    [COMMANDS.closePast]: closePast,
    [COMMANDS.compareWithConnection]: compareWithConnection,
    [COMMANDS.copyToConnection]: copyToConnection,
    [COMMANDS.addMember]: addMember,
    [COMMANDS.promoteLearner]: promoteLearner,
    [COMMANDS.removeMember]: removeMember,
    [COMMANDS.moveLeader]: moveLeader,
    [COMMANDS.updatePeerUrls]: updatePeerUrls,
    [COMMANDS.addUser]: addUser,
    [COMMANDS.deleteUser]: deleteUser,
    [COMMANDS.changePassword]: changePassword,
    [COMMANDS.grantRole]: grantRole,
    [COMMANDS.revokeRole]: revokeRole,
    [COMMANDS.addRole]: addRole,
    [COMMANDS.deleteRole]: deleteRole,
    [COMMANDS.grantPermission]: grantPermission,
    [COMMANDS.revokePermission]: revokePermission,
    [COMMANDS.enableAuth]: enableAuth,
    [COMMANDS.disableAuth]: disableAuth,
    [COMMANDS.setUpZtapAccess]: setUpZtapAccess,
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

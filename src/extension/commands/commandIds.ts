/** Every command ID, in one place; a test checks these against package.json. */
export const COMMANDS = {
  refresh: 'ztap.refresh',
  refreshNode: 'ztap.refreshNode',
  reconnect: 'ztap.reconnect',
  testConnectivity: 'ztap.testConnectivity',
  openKey: 'ztap.openKey',
  showMore: 'ztap.showMore',
  configureConnection: 'ztap.configureConnection',
  showLog: 'ztap.showLog',
  startLocalEtcd: 'ztap.startLocalEtcd',
  stopLocalEtcd: 'ztap.stopLocalEtcd',
  startLocalNode: 'ztap.startLocalNode',
  resignLocalNode: 'ztap.resignLocalNode',
  stopLocalNode: 'ztap.stopLocalNode',
  stopAllLocalNodes: 'ztap.stopAllLocalNodes',
  focusLocalNodes: 'ztap.focusLocalNodes',
  watchPrefix: 'ztap.watchPrefix',
  stopWatch: 'ztap.stopWatch',
  stopAllWatches: 'ztap.stopAllWatches',
  saveSnapshot: 'ztap.saveSnapshot',
  showSnapshotStatus: 'ztap.showSnapshotStatus',
  switchConnection: 'ztap.switchConnection',
  addConnection: 'ztap.addConnection',
  forgetPassword: 'ztap.forgetPassword',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

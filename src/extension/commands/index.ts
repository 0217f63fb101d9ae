import type * as vscode from 'vscode';
import type { Services } from '../services';
import { COMMANDS } from './commandIds';
import { configureConnection } from './configureConnection';
import { openKey } from './openKey';
import { reconnect } from './reconnect';
import { refresh } from './refresh';
import { refreshNode } from './refreshNode';
import { registerCommand } from './registerCommand';
import { showLog } from './showLog';
import { showMore } from './showMore';
import { focusLocalNodes } from './focusLocalNodes';
import { resignLocalNode } from './resignLocalNode';
import { startLocalEtcd } from './startLocalEtcd';
import { startLocalNode } from './startLocalNode';
import { stopAllLocalNodes } from './stopAllLocalNodes';
import { stopLocalNode } from './stopLocalNode';
import { stopLocalEtcd } from './stopLocalEtcd';
import { testConnectivity } from './testConnectivity';

/** Registers every command; each one lives in its own file. */
export function registerCommands(services: Services): vscode.Disposable[] {
  const bind =
    <A extends unknown[]>(fn: (s: Services, ...args: A) => unknown) =>
    (...args: A) =>
      fn(services, ...args);
  return [
    registerCommand(services.log, COMMANDS.refresh, bind(refresh)),
    registerCommand(services.log, COMMANDS.refreshNode, bind(refreshNode)),
    registerCommand(services.log, COMMANDS.reconnect, bind(reconnect)),
    registerCommand(services.log, COMMANDS.testConnectivity, bind(testConnectivity)),
    registerCommand(services.log, COMMANDS.openKey, bind(openKey)),
    registerCommand(services.log, COMMANDS.showMore, bind(showMore)),
    registerCommand(services.log, COMMANDS.configureConnection, configureConnection),
    registerCommand(services.log, COMMANDS.showLog, bind(showLog)),
    registerCommand(services.log, COMMANDS.startLocalEtcd, bind(startLocalEtcd)),
    registerCommand(services.log, COMMANDS.stopLocalEtcd, bind(stopLocalEtcd)),
    registerCommand(services.log, COMMANDS.startLocalNode, bind(startLocalNode)),
    registerCommand(services.log, COMMANDS.resignLocalNode, bind(resignLocalNode)),
    registerCommand(services.log, COMMANDS.stopLocalNode, bind(stopLocalNode)),
    registerCommand(services.log, COMMANDS.stopAllLocalNodes, bind(stopAllLocalNodes)),
    registerCommand(services.log, COMMANDS.focusLocalNodes, focusLocalNodes),
  ];
}

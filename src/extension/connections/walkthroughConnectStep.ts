import * as vscode from 'vscode';
import type { ConnectionService } from './connectionService';

/** The context keys the walkthrough's Connect step completes on (package.json). */
export const CONNECTED_KEY = 'ztap.connected';
export const CONNECTED_WITH_WALKTHROUGH_KEY = 'ztap.connectedWithWalkthrough';

/**
 * Ticks the walkthrough's Connect step however the window got connected.
 *
 * VS Code starts its walkthrough service the first time a Welcome or walkthrough
 * page opens. A step's `onContext` event whose expression already holds at that
 * moment is recorded as seen without ticking the step, and a seen event never
 * ticks it later: so a window connected before the walkthrough was first opened
 * left Connect unchecked. The step also completes on a second key that turns true
 * only once such a page is open (the service then exists) while connected: the
 * service sees it change, and ticks the step.
 */
export class WalkthroughConnectStep implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private connected = false;
  private told = false;

  constructor(connection: ConnectionService) {
    this.subscriptions = [
      connection.onDidChangeState(state => this.setConnected(state.kind === 'connected')),
      vscode.window.tabGroups.onDidChangeTabs(() => this.update()),
    ];
    this.setConnected(connection.state.kind === 'connected');
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    void vscode.commands.executeCommand('setContext', CONNECTED_KEY, connected);
    this.update();
  }

  private update(): void {
    if (this.told || !this.connected || !walkthroughOpen()) {
      return;
    }
    this.told = true;
    void vscode.commands.executeCommand('setContext', CONNECTED_WITH_WALKTHROUGH_KEY, true);
  }

  dispose(): void {
    this.subscriptions.forEach(s => s.dispose());
  }
}

/**
 * Whether a Welcome or walkthrough page is open: the API shows it as a tab of a
 * kind it does not describe (no input), labelled "Welcome" or "Walkthrough: …".
 */
function walkthroughOpen(): boolean {
  return vscode.window.tabGroups.all.some(group => group.tabs.some(tab => tab.input === undefined && /^(welcome|walkthrough)\b/i.test(tab.label)));
}

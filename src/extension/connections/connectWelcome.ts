import * as vscode from 'vscode';
import type { ConnectionService } from './connectionService';

/**
 * The "Get Connected" view, shown while the connection in use does not answer: its
 * title names that connection and its description etcd's answer; the welcome text
 * below (package.json) offers what to do. It has no rows of its own, and no message:
 * a tree view's message hides the welcome text and its buttons.
 */
export class ConnectWelcome implements vscode.Disposable {
  private readonly view: vscode.TreeView<never>;
  private readonly subscription: vscode.Disposable;

  constructor(connection: ConnectionService) {
    this.view = vscode.window.createTreeView<never>('ztap.connect', {
      treeDataProvider: { getChildren: () => [], getTreeItem: () => new vscode.TreeItem('') },
    });
    this.subscription = connection.onDidChangeState(state => {
      if (state.kind === 'failed') {
        const name = connection.usingLocal ? 'The local etcd' : `"${connection.activeProfile.name}"`;
        const endpoints = connection.config?.endpoints.map(e => e.original).join(', ') ?? state.target;
        this.view.title = `${name} does not answer`;
        this.view.description = `${endpoints}: ${state.failure.kind}`;
      }
    });
  }

  /** What the view's header says now (the suite reads it). */
  get message(): string {
    return `${this.view.title ?? ''}: ${this.view.description ?? ''}`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
  }
}

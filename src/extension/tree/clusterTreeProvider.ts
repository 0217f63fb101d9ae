import * as vscode from 'vscode';
import type { ConnectionService } from '../connectionService';
import { ConnectionNode } from './connectionNode';
import type { TreeContext } from './treeContext';
import type { TreeNode } from './treeNode';

/** The "Cluster" view. Nodes load their own children; refresh can target one node. */
export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly root: ConnectionNode;
  private readonly stateListener: { dispose(): void };

  constructor(connection: ConnectionService) {
    const ctx: TreeContext = {
      client: () => connection.manager.client,
      config: () => {
        const config = connection.config;
        if (!config) {
          throw new Error('No connection is configured.');
        }
        return config;
      },
      refresh: node => this.refresh(node),
    };
    this.root = new ConnectionNode(connection, ctx);
    // The root's label and children follow the connection state.
    this.stateListener = connection.onDidChangeState(() => this.refresh());
  }

  refresh(node?: TreeNode): void {
    this.changes.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      return [this.root];
    }
    return node.getChildren ? node.getChildren() : [];
  }

  dispose(): void {
    this.stateListener.dispose();
    this.changes.dispose();
  }
}

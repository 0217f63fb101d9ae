import * as vscode from 'vscode';
import type { ConnectionService } from '../connectionService';
import type { LocalNodesService } from '../localNodesService';
import { ConnectionNode } from './connectionNode';
import type { TreeContext } from './treeContext';
import type { TreeNode } from './treeNode';

/** The "Cluster" view. Nodes load their own children; refresh can target one node. */
export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly root: ConnectionNode;
  private readonly disposables: Array<{ dispose(): void }> = [];
  private ticker: NodeJS.Timeout | undefined;

  constructor(connection: ConnectionService, nodes: LocalNodesService) {
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
    this.root = new ConnectionNode(connection, ctx, nodes);
    this.disposables.push(
      // The root's label and children follow the connection state.
      connection.onDidChangeState(() => this.refresh()),
      nodes.onDidChange(() => this.onLocalNodesChanged(nodes)),
    );
  }

  /** Re-reads the election and redraws the Leader node (driven by a watch on the election prefix). */
  async refreshLeader(): Promise<void> {
    const leader = this.root.leader;
    if (leader) {
      await leader.reload();
      this.refresh(leader);
    }
  }

  private onLocalNodesChanged(nodes: LocalNodesService): void {
    this.refresh(this.root.localNodes);
    // Remaining TTLs count down: redraw once a second while any node runs.
    if (nodes.all.length > 0 && !this.ticker) {
      this.ticker = setInterval(() => this.refresh(this.root.localNodes), 1000);
    } else if (nodes.all.length === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
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
    clearInterval(this.ticker);
    this.disposables.forEach(d => d.dispose());
    this.changes.dispose();
  }
}

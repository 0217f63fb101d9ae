import * as vscode from 'vscode';
import type { LocalNodesService } from './localNodesService';
import { LocalNodeNode } from './localNodesNode';
import { Invocation, nodeOf } from '../commands/invocation';

/** The node a command acts on: the tree item it was invoked on, a node id, or a quick pick. */
export async function pickLocalNode(nodes: LocalNodesService, invocation: Invocation, given: unknown, action: string): Promise<string | undefined> {
  const row = nodeOf(invocation, LocalNodeNode);
  if (row) {
    return row.nodeId;
  }
  if (typeof given === 'string') {
    return given;
  }
  const all = nodes.all;
  if (all.length === 0) {
    void vscode.window.showInformationMessage('ZTAP: no local election node is running in this window.');
    return undefined;
  }
  if (all.length === 1) {
    return all[0].config.nodeId;
  }
  const pick = await vscode.window.showQuickPick(
    all.map(p => ({ label: p.config.nodeId, description: p.snapshot.role })),
    { title: `ZTAP: ${action} which local election node?` },
  );
  return pick?.label;
}

import type { TreeNode } from '../tree/treeNode';

/**
 * What a command was invoked on. VS Code calls a command from a tree row (inline
 * button, context menu) with that row's element first and, for multi-selection,
 * the selected elements second; from the palette, a keybinding or a welcome-view
 * link with no arguments; tests and other commands pass their own arguments.
 * Commands never see a tree element in place of their arguments: this is the one
 * place that tells the two apart.
 */
export interface Invocation {
  /** The tree row the command was invoked on, if any. */
  node?: TreeNode;
  /** Every selected row when several were selected (the row itself included). */
  selection?: TreeNode[];
}

/** A tree element: every node of the Cluster view renders itself. */
export function isTreeNode(value: unknown): value is TreeNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<TreeNode>).getTreeItem === 'function' &&
    typeof (value as Partial<TreeNode>).id === 'string'
  );
}

/** Splits a command's raw arguments into the row it was invoked on and the arguments given. */
export function splitInvocation(args: readonly unknown[]): { invocation: Invocation; given: unknown[] } {
  if (!isTreeNode(args[0])) {
    return { invocation: {}, given: [...args] };
  }
  const [node, second, ...rest] = args;
  const selection = Array.isArray(second) && second.every(isTreeNode) ? second : undefined;
  return { invocation: { node, selection }, given: selection || second === undefined ? rest : [second, ...rest] };
}

/** The invoked row when it is of the kind `type`. */
export function nodeOf<T extends TreeNode>(invocation: Invocation, type: abstract new (...args: any[]) => T): T | undefined {
  return invocation.node instanceof type ? invocation.node : undefined;
}

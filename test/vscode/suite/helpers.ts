import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../../src/extension/services';
import type { TreeNode } from '../../../src/extension/tree/treeNode';
import { FIXTURE_ENV } from '../fixtureEnv';
import { eventually } from '../../support/eventually';

export const EXTENSION_ID = 'ztap.ztap-etcd-explorer';

export function fixture(name: keyof typeof FIXTURE_ENV): string {
  const value = process.env[FIXTURE_ENV[name]];
  if (!value) {
    throw new Error(`${FIXTURE_ENV[name]} is not set: run the suite through npm run test:vscode or test:electron`);
  }
  return value;
}

export async function services(): Promise<Services> {
  const ext = vscode.extensions.getExtension<Services>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function label(node: TreeNode): string {
  const l = node.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export function description(node: TreeNode): string {
  const d = node.getTreeItem().description;
  return typeof d === 'string' ? d : '';
}

export async function children(node?: TreeNode): Promise<TreeNode[]> {
  return (await services()).tree.getChildren(node);
}

/** Walks labels from the root: child('Keys', 'policies/'). */
export async function child(...path: string[]): Promise<TreeNode> {
  let node: TreeNode | undefined;
  for (const step of path) {
    const kids = await children(node);
    const next = kids.find(k => label(k) === step);
    assert.ok(next, `no "${step}" among ${kids.map(label).join(', ')}`);
    node = next;
  }
  assert.ok(node);
  return node;
}

export async function root(): Promise<TreeNode> {
  const [r] = await children();
  return r;
}

export function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  return eventually(check, timeoutMs, what);
}

/** Puts the workspace setting back to the fixture's 3-member cluster. */
export function restoreEndpoints(): Promise<void> {
  return setEndpoints(fixture('cluster').split(','));
}

/** Sets the workspace's endpoints and waits until the connection has settled again. */
export async function setEndpoints(endpoints: string[]): Promise<void> {
  const s = await services();
  const current = vscode.workspace.getConfiguration('ztap.etcd').inspect<string[]>('endpoints')?.workspaceValue;
  if (JSON.stringify(current) === JSON.stringify(endpoints) && s.connection.state.kind !== 'disconnected') {
    return;
  }
  const settled = new Promise<void>(resolve => {
    const sub = s.connection.onDidChangeState(state => {
      if (state.kind === 'connected' || state.kind === 'failed') {
        sub.dispose();
        resolve();
      }
    });
  });
  if (JSON.stringify(current) === JSON.stringify(endpoints)) {
    // Not connected yet (a suite run on its own): the setting will not change, so connect.
    await vscode.commands.executeCommand('ztap.reconnect');
  } else {
    await vscode.workspace.getConfiguration('ztap.etcd').update('endpoints', endpoints, vscode.ConfigurationTarget.Workspace);
  }
  await settled;
}

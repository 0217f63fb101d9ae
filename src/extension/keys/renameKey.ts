import * as vscode from 'vscode';
import { moveKey } from '../../core/writes/guardedWrites';
import type { Services } from '../services';
import { KeyNode } from './keyNode';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * Rename / Move Key...: one transaction that creates the new key only if it is absent
 * (with the old value and lease) and deletes the old one only if unchanged.
 */
export async function renameKey(services: Services, invocation: Invocation, givenFrom?: string, givenTo?: string): Promise<string | undefined> {
  services.writes.refuseIfReadOnly('move keys');
  const from =
    nodeOf(invocation, KeyNode)?.key ??
    givenFrom ??
    (await vscode.window.showInputBox({
      title: 'ZTAP: Rename / Move Key (1/2)',
      prompt: 'The key to move',
      value: `${services.connection.config?.keyPrefix ?? ''}/`,
    }));
  if (!from) {
    return undefined;
  }
  const to =
    givenTo ??
    (await vscode.window.showInputBox({
      title: 'ZTAP: Rename / Move Key',
      prompt: `New key for ${from}`,
      value: from,
      valueSelection: [from.lastIndexOf('/') + 1, from.length],
      validateInput: v => (v.trim() === '' ? 'Give the new key.' : v === from ? 'That is the same key.' : undefined),
    }));
  if (!to) {
    return undefined;
  }
  const moved = await services.writes.run(
    `move ${from} to ${to}`,
    etcd => moveKey(etcd, from, to),
    r => `moved ${from} to ${to}, revision ${r.revision}`,
  );
  return moved ? to : undefined;
}

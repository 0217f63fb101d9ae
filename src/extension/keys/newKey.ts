import * as vscode from 'vscode';
import { folderPrefix } from '../../core/keys/keyRange';
import { guardedPut, WriteConflict } from '../../core/writes/guardedWrites';
import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { valueUri } from './valueUris';
import { Invocation, nodeOf } from '../commands/invocation';

import { LeaseChoice, leaseFor, pickLease } from '../leases/pickLease';

export type { LeaseChoice };

export interface NewKeyArgs {
  /** The full key. */
  key: string;
  value: string;
  lease?: LeaseChoice;
}

/**
 * New Key...: in the folder it was invoked on (Keys, any folder) or the key prefix; the
 * name relative to it (the full key shown as it is typed), the value, and a lease
 * (none, an existing one with its TTL, or a new one). It never replaces an existing
 * key unless the user says so.
 */
export async function newKey(services: Services, invocation: Invocation, given?: NewKeyArgs): Promise<string | undefined> {
  const { connection } = services;
  services.writes.refuseIfReadOnly('create keys');
  const folder = nodeOf(invocation, FolderNode)?.prefix ?? folderPrefix(connection.config?.keyPrefix ?? '');
  const args = given ?? (await ask(services, folder));
  if (!args) {
    return undefined;
  }
  const value = Buffer.from(args.value);
  const written = await services.writes.run(
    `create ${args.key}`,
    async etcd => {
      const lease = await leaseFor(etcd, args.lease ?? { kind: 'none' });
      try {
        return await guardedPut(etcd, args.key, value, { kind: 'absent' }, { lease });
      } catch (err) {
        if (!(err instanceof WriteConflict) || !err.current || given) {
          throw err;
        }
        const replace = await vscode.window.showWarningMessage(
          `ZTAP: ${args.key} already exists (last changed at revision ${err.current.modRevision}). Replace its value?`,
          { modal: true },
          'Replace',
        );
        if (replace !== 'Replace') {
          throw new Error(`${args.key} already exists; nothing was written.`, { cause: err });
        }
        return guardedPut(etcd, args.key, value, { kind: 'version', version: err.current }, { lease });
      }
    },
    r => `created ${args.key}: ${value.length} bytes, revision ${r.revision}`,
  );
  if (!written) {
    return undefined;
  }
  if (!given) {
    await vscode.commands.executeCommand('vscode.open', valueUri(args.key), { preview: true });
  }
  return args.key;
}

async function ask(services: Services, folder: string): Promise<NewKeyArgs | undefined> {
  const title = 'ZTAP: New Key';
  const name = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: `Name under ${folder}`,
    ignoreFocusOut: true,
    validateInput: v => {
      if (v.trim() === '') {
        return 'Give the key a name.';
      }
      if (v.startsWith('/')) {
        return `The name is relative to ${folder}: leave out the leading "/".`;
      }
      return { message: `Creates ${folder}${v}`, severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  if (name === undefined) {
    return undefined;
  }
  const key = `${folder}${name}`;
  const value = await vscode.window.showInputBox({
    title: `${title} (2/3)`,
    prompt: `Value of ${key} (edit it further once it is open)`,
    ignoreFocusOut: true,
  });
  if (value === undefined) {
    return undefined;
  }
  const lease = await pickLease(services, `${title} (3/3): lease`);
  return lease ? { key, value, lease } : undefined;
}

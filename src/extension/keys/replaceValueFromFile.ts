import { readFile } from 'fs/promises';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/values/valueFormat';
import { readKey } from '../../core/values/getKey';
import { guardedPut } from '../../core/writes/guardedWrites';
import type { Services } from '../services';
import { KeyNode } from './keyNode';
import { keyOfUri, VALUE_SCHEME } from './valueUris';
import { Invocation, nodeOf } from '../commands/invocation';

/**
 * Replace Value from File...: any bytes (a value that is not text cannot be edited as
 * text), written with a compare-and-swap against the version read when asked.
 */
export async function replaceValueFromFile(services: Services, invocation: Invocation, givenKey?: string, givenFile?: string): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  services.writes.refuseIfReadOnly('replace a value');
  const key = nodeOf(invocation, KeyNode)?.key ?? givenKey ?? (active?.scheme === VALUE_SCHEME ? keyOfUri(active) : undefined);
  if (!key) {
    void vscode.window.showInformationMessage('ZTAP: pick a key in the tree (or open its value) first.');
    return undefined;
  }
  const etcd = services.connection.requireSession().client;
  const { record } = await readKey(etcd, key);
  const file =
    givenFile ?? (await vscode.window.showOpenDialog({ title: `ZTAP: Replace the value of ${key} with a file's bytes`, canSelectMany: false }))?.[0]?.fsPath;
  if (!file) {
    return undefined;
  }
  const value = await readFile(file);
  const expect = record
    ? { kind: 'version' as const, version: { modRevision: record.modRevision, createRevision: record.createRevision } }
    : { kind: 'absent' as const };
  const written = await services.writes.run(
    `replace the value of ${key}`,
    client => guardedPut(client, key, value, expect, { keepLease: true }),
    r => `replaced ${key} from a file: ${value.length} bytes, revision ${r.revision}`,
  );
  if (written) {
    void vscode.window.showInformationMessage(`ZTAP: ${key} now holds ${formatBytes(value.length)} from ${file} (revision ${written.revision}).`);
  }
  return written?.revision;
}

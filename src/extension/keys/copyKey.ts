import * as vscode from 'vscode';
import { readKey } from '../../core/values/getKey';
import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { Invocation, nodeOf } from '../commands/invocation';
import { keyTarget } from './keyTarget';

async function copy(text: string, what: string): Promise<string> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(`ZTAP: copied ${what}`, 3000);
  return text;
}

function needKey(): undefined {
  void vscode.window.showInformationMessage('ZTAP: pick a key in the tree (or open its value) first.');
  return undefined;
}

export async function copyKeyPath(_services: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  const key = keyTarget(invocation, given);
  return key === undefined ? needKey() : copy(key, 'the key path');
}

/** Copy Path on a folder row: the folder's prefix, as etcdctl's `--prefix` takes it. */
export async function copyPath(_services: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  const path = nodeOf(invocation, FolderNode)?.prefix ?? given ?? keyTarget(invocation);
  return path === undefined ? needKey() : copy(path, 'the path');
}

/** The stored value as text (UTF-8), or base64 for a value that is not text. */
export async function copyValue({ connection }: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  const key = keyTarget(invocation, given);
  if (key === undefined) {
    return needKey();
  }
  const { record } = await readKey(connection.requireSession().client, key);
  if (!record) {
    throw new Error(`${key} does not exist (any more).`);
  }
  const text = record.value.toString('utf8');
  const isText = Buffer.from(text).equals(record.value);
  return copy(isText ? text : record.value.toString('base64'), isText ? 'the value' : 'the value (base64: it is not text)');
}

/** `etcdctl get` for the key with this connection's endpoints; a user name, never a password. */
export async function copyAsEtcdctl({ connection }: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  const key = keyTarget(invocation, given);
  const config = connection.config;
  if (key === undefined || !config) {
    return needKey();
  }
  const flags = [`--endpoints=${config.endpoints.map(e => e.url).join(',')}`];
  if (config.username) {
    flags.push(`--user=${config.username}`);
  }
  if (config.tls?.caFile) {
    flags.push(`--cacert=${shellQuote(config.tls.caFile)}`);
  }
  if (config.tls?.certFile && config.tls.keyFile) {
    flags.push(`--cert=${shellQuote(config.tls.certFile)}`, `--key=${shellQuote(config.tls.keyFile)}`);
  }
  return copy(`ETCDCTL_API=3 etcdctl ${flags.join(' ')} get ${shellQuote(key)}`, 'an etcdctl command');
}

/** Single quotes for a POSIX shell; a key with bytes that are not text keeps its escapes as shown. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

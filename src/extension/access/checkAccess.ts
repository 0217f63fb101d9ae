import * as vscode from 'vscode';
import { AccessCheck, checkAccess as decideAccess } from '../../core/access/accessCheck';
import { readAccess } from '../../core/access/accessReader';
import { decisionLine } from '../../core/access/decisionText';
import { grantCommand, prefixRange } from '../../core/access/permissions';
import { deniedOn } from '../../core/client/errors';
import { keyFromText } from '../../core/keys/keyText';
import { Invocation, nodeOf } from '../commands/invocation';
import { FolderNode } from '../keys/folderNode';
import { KeyNode } from '../keys/keyNode';
import type { Services } from '../services';
import { UserNode } from './accessNode';

/** What Check Access is asked about: given by a denial's button or a test; asked for when missing. */
export interface AccessQuestion {
  user?: string;
  key?: string;
  asPrefix?: boolean;
}

/**
 * Check Access...: may a user read and write a key (or every key under a folder),
 * which role's permission allows it, or the grant that would. From a key or folder
 * row the key is known, from a user row the user; what is not known is asked.
 */
export async function checkAccess({ connection, dialogs }: Services, invocation: Invocation, given: AccessQuestion = {}): Promise<AccessCheck | undefined> {
  const state = await connection.ensureConnected();
  if (state.kind !== 'connected' || !connection.config) {
    throw new Error('Connect to etcd first: Check Access reads the users and roles of the current connection.');
  }
  const etcd = connection.requireSession().client;
  const self = connection.config.username;
  const folder = nodeOf(invocation, FolderNode)?.prefix;
  const keyRow = nodeOf(invocation, KeyNode)?.key;
  const user = nodeOf(invocation, UserNode)?.user.name ?? given.user ?? (await askUser(etcd, self, dialogs));
  if (!user) {
    return undefined;
  }
  const key = keyRow ?? folder ?? given.key ?? (await askKey(`${connection.config.keyPrefix}/`, dialogs));
  if (key === undefined) {
    return undefined;
  }
  // A folder row: every key under it; a key row: that key; typed: a trailing / means a prefix.
  const asPrefix = folder !== undefined || (keyRow === undefined && (given.asPrefix ?? (given.key === undefined && key.endsWith('/'))));
  const bytes = keyFromText(key);
  const check = await decideAccess(etcd, user, asPrefix ? prefixRange(bytes) : { key: bytes }).catch(err => {
    throw deniedOn(err, { rootOnly: `reading the roles of ${user}` }, self);
  });
  const what = asPrefix ? `every key under ${key}` : key;
  const both = check.read.allowed && check.write.allowed;
  const neither = !check.read.allowed && !check.write.allowed;
  const headline = both
    ? `${user} may read and write ${what}`
    : neither
      ? `${user} may not read or write ${what}`
      : `${user} may ${check.read.allowed ? 'read' : 'write'} ${what}, not ${check.read.allowed ? 'write' : 'read'}`;
  const detail = [decisionLine(user, 'read', what, check.read, check.user.roles), decisionLine(user, 'write', what, check.write, check.user.roles)];
  if (!check.authEnabled) {
    detail.push('Auth is off: etcd allows every request now; the lines above are what its roles allow once auth is enabled.');
  }
  const denied = [check.read, check.write].find(d => !d.allowed);
  const copy = 'Copy Grant Command';
  const message = check.authEnabled ? `ZTAP: ${headline}` : `ZTAP: auth is off; once it is on, ${headline}`;
  const choice = await dialogs.explain(message, detail.join('\n\n'), ...(denied ? [copy] : []));
  if (choice === copy && denied && !denied.allowed) {
    await vscode.env.clipboard.writeText(grantCommand(check.user.roles[0] ?? '<role>', denied.wanted));
  }
  return check;
}

/** The user to check: picked from etcd's users (root may list them), else typed, the connection's own first. */
async function askUser(etcd: Parameters<typeof readAccess>[0], self: string | undefined, dialogs: Services['dialogs']): Promise<string | undefined> {
  const view = await readAccess(etcd, self).catch(() => undefined);
  if (view?.kind === 'full' && view.users.length > 0) {
    const items = view.users
      .map(u => ({ label: u.name, description: `${u.name === self ? 'this connection · ' : ''}${u.roles.join(', ') || 'no roles'}` }))
      .sort((a, b) => Number(b.label === self) - Number(a.label === self));
    return (await dialogs.pick(items, { title: 'ZTAP: Check Access (1/2)', placeHolder: 'Which user?' }))?.label;
  }
  const typed = await dialogs.ask({
    title: 'ZTAP: Check Access (1/2)',
    prompt: view?.kind === 'limited' ? 'Which user? (only your own roles are readable without the root role)' : 'Which user?',
    value: self ?? '',
    validateInput: v => (v.trim() ? undefined : 'Name a user.'),
  });
  return typed?.trim();
}

async function askKey(suggested: string, dialogs: Services['dialogs']): Promise<string | undefined> {
  return dialogs.ask({
    title: 'ZTAP: Check Access (2/2)',
    prompt: 'A key, or a prefix ending in / for every key under it',
    value: suggested,
    validateInput: v => {
      try {
        keyFromText(v);
        return v ? undefined : 'Name a key.';
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
}

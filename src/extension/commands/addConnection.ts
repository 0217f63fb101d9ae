import * as vscode from 'vscode';
import { ConfigError } from '../../core/config/configError';
import { parseEndpoints, splitEndpointList } from '../../core/config/endpoints';
import { ProfileInput, validateProfile } from '../../core/config/profiles';
import type { Services } from '../services';
import { addProfileSetting } from '../settings';

/**
 * Walks through a new connection, checking each answer as it is typed, then adds it
 * to `ztap.connections` (user settings, or workspace settings to share with a team).
 */
export async function addConnection({ connection }: Services, given?: ProfileInput & { target?: 'user' | 'workspace' }): Promise<string | undefined> {
  const profile = given ?? (await ask(connection.profiles.map(p => p.name)));
  if (!profile) {
    return undefined;
  }
  validateProfile(profile, {});
  const where = given?.target ?? (await pickTarget());
  if (!where) {
    return undefined;
  }
  const { target: _target, ...entry } = profile as ProfileInput & { target?: string };
  await addProfileSetting(entry, where === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  await connection.switchTo(profile.name);
  return profile.name;
}

async function ask(taken: string[]): Promise<ProfileInput | undefined> {
  const step = (n: number) => `ZTAP: Add Connection (${n}/5)`;
  const check = (fn: () => void) => {
    try {
      fn();
      return undefined;
    } catch (err) {
      return err instanceof ConfigError ? err.message : String(err);
    }
  };
  const name = await vscode.window.showInputBox({
    title: step(1),
    prompt: 'A name for this connection, e.g. staging',
    ignoreFocusOut: true,
    validateInput: v => (!v.trim() ? 'Give it a name.' : taken.includes(v.trim()) ? `"${v.trim()}" exists already.` : undefined),
  });
  if (!name) {
    return undefined;
  }
  const endpoints = await vscode.window.showInputBox({
    title: step(2),
    prompt: 'Endpoints, comma-separated: host:port, http://host:port or https://host:port',
    value: 'localhost:2379',
    ignoreFocusOut: true,
    validateInput: v => check(() => parseEndpoints(splitEndpointList(v))),
  });
  if (endpoints === undefined) {
    return undefined;
  }
  const list = splitEndpointList(endpoints);
  const secure = parseEndpoints(list).some(e => e.secure);
  const caFile = secure
    ? await vscode.window.showInputBox({ title: step(3), prompt: 'CA certificate file (empty: the system roots)', ignoreFocusOut: true })
    : '';
  if (caFile === undefined) {
    return undefined;
  }
  const username = await vscode.window.showInputBox({
    title: step(4),
    prompt: 'etcd user (empty when auth is off; the password is asked on first connect and kept in secret storage)',
    ignoreFocusOut: true,
  });
  if (username === undefined) {
    return undefined;
  }
  const keyPrefix = await vscode.window.showInputBox({
    title: step(5),
    prompt: 'ZTAP key prefix',
    value: '/ztap',
    ignoreFocusOut: true,
    validateInput: v => (v.startsWith('/') ? undefined : 'It must start with "/", e.g. /ztap.'),
  });
  if (keyPrefix === undefined) {
    return undefined;
  }
  const profile: ProfileInput = { name: name.trim(), endpoints: list, keyPrefix };
  if (username.trim()) {
    profile.username = username.trim();
  }
  if (caFile?.trim()) {
    profile.tls = { caFile: caFile.trim() };
  }
  return profile;
}

async function pickTarget(): Promise<'user' | 'workspace' | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'User settings', description: 'for you, in every workspace', value: 'user' as const },
      { label: 'Workspace settings', description: 'shared with the team through .vscode/settings.json', value: 'workspace' as const },
    ],
    { title: 'ZTAP: Add Connection: where to keep it?' },
  );
  return pick?.value;
}

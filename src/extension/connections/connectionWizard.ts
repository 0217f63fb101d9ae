import * as vscode from 'vscode';
import { ConfigError } from '../../core/config/configError';
import { parseEndpoints, splitEndpointList } from '../../core/config/endpoints';
import type { ProfileInput } from '../../core/config/profiles';

/**
 * The questions of Add Connection, and of Edit Connection with the profile's
 * current answers filled in; each answer is checked as it is typed. Fields the
 * wizard does not ask about (TLS client certificates, timeouts, readOnly) are kept
 * from `current`. Resolves undefined when the user cancels.
 */
export async function askConnection(action: string, taken: readonly string[], current?: ProfileInput): Promise<ProfileInput | undefined> {
  // Four questions, five for a TLS endpoint (its CA file): numbered as they come.
  let total = 4;
  let asked = 0;
  const step = () => `ZTAP: ${action} (${++asked}/${total})`;
  const check = (fn: () => void) => {
    try {
      fn();
      return undefined;
    } catch (err) {
      return err instanceof ConfigError ? err.message : String(err);
    }
  };
  const name = await vscode.window.showInputBox({
    title: step(),
    prompt: 'A name for this connection, e.g. staging',
    value: current?.name,
    ignoreFocusOut: true,
    validateInput: v => (!v.trim() ? 'Give it a name.' : taken.includes(v.trim()) ? `"${v.trim()}" exists already.` : undefined),
  });
  if (!name) {
    return undefined;
  }
  const endpoints = await vscode.window.showInputBox({
    title: step(),
    prompt: 'Endpoints, comma-separated: host:port, http://host:port or https://host:port',
    value: current?.endpoints?.join(', ') ?? 'localhost:2379',
    ignoreFocusOut: true,
    validateInput: v => check(() => parseEndpoints(splitEndpointList(v))),
  });
  if (endpoints === undefined) {
    return undefined;
  }
  const list = splitEndpointList(endpoints);
  const secure = parseEndpoints(list).some(e => e.secure);
  total = secure ? 5 : 4;
  const caFile = secure
    ? await vscode.window.showInputBox({
        title: step(),
        prompt: 'CA certificate file (empty: the system roots)',
        value: current?.tls?.caFile,
        ignoreFocusOut: true,
      })
    : '';
  if (caFile === undefined) {
    return undefined;
  }
  const username = await vscode.window.showInputBox({
    title: step(),
    prompt: 'etcd user (empty when auth is off; the password is asked on first connect and kept in secret storage)',
    value: current?.username,
    ignoreFocusOut: true,
  });
  if (username === undefined) {
    return undefined;
  }
  const keyPrefix = await vscode.window.showInputBox({
    title: step(),
    prompt: 'ZTAP key prefix',
    value: current?.keyPrefix ?? '/ztap',
    ignoreFocusOut: true,
    validateInput: v => (v.startsWith('/') ? undefined : 'It must start with "/", e.g. /ztap.'),
  });
  if (keyPrefix === undefined) {
    return undefined;
  }
  const { name: _name, endpoints: _endpoints, username: _username, keyPrefix: _keyPrefix, tls, ...kept } = current ?? ({} as Partial<ProfileInput>);
  const profile: ProfileInput = { ...kept, name: name.trim(), endpoints: list, keyPrefix };
  if (username.trim()) {
    profile.username = username.trim();
  }
  const tlsFiles = { ...tls, caFile: caFile.trim() || undefined };
  if (!secure) {
    delete tlsFiles.caFile;
  }
  if (Object.values(tlsFiles).some(v => v !== undefined)) {
    profile.tls = Object.fromEntries(Object.entries(tlsFiles).filter(([, v]) => v !== undefined));
  }
  return profile;
}

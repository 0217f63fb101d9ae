import * as vscode from 'vscode';
import type { ConnectionInput } from '../core/config/connectionConfig';
import type { ProfileInput } from '../core/config/profiles';
import { PARTICIPANT_DEFAULTS } from '../core/election/participantConfig';

const SECTION = 'ztap.etcd';

/**
 * Reads only what the user explicitly set (any scope), so unset settings fall
 * through to the guide's env vars in the core, as ZTAP itself does.
 */
export function readConnectionSettings(): ConnectionInput {
  const config = vscode.workspace.getConfiguration(SECTION);
  const explicit = <T>(key: string): T | undefined => {
    const i = config.inspect<T>(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  };
  const seconds = (key: string): number | undefined => {
    const v = explicit<number>(key);
    return v === undefined ? undefined : v * 1000;
  };
  const text = (key: string): string | undefined => {
    const v = explicit<string>(key);
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  return {
    endpoints: explicit<string[]>('endpoints'),
    dialTimeoutMs: seconds('dialTimeout'),
    requestTimeoutMs: seconds('requestTimeout'),
    keepaliveTimeMs: seconds('keepaliveTime'),
    keepaliveTimeoutMs: seconds('keepaliveTimeout'),
    username: text('username'),
    keyPrefix: text('keyPrefix'),
    electionKey: text('electionKey'),
    sessionTtlSeconds: explicit<number>('sessionTTL'),
    metricsUrls: explicit<string[]>('metricsUrls'),
    tls: { caFile: text('tls.caFile'), certFile: text('tls.certFile'), keyFile: text('tls.keyFile') },
  };
}

/** ZTAP's heartbeat interval (ztap.etcd.heartbeatInterval, seconds) in ms: Nodes warns about a node silent for three of them. */
export function readHeartbeatMs(): number {
  const seconds = vscode.workspace.getConfiguration(SECTION).get<number>('heartbeatInterval');
  return seconds === undefined ? PARTICIPANT_DEFAULTS.heartbeatMs : seconds * 1000;
}

/** How often the Cluster Dashboard reads the members' metrics (ztap.metrics.interval, seconds), in ms. */
export function readMetricsIntervalMs(): number {
  const seconds = vscode.workspace.getConfiguration('ztap.metrics').get<number>('interval') ?? 5;
  return Math.max(1, seconds) * 1000;
}

/** Whether Compare with Connection counts a lease present on one side only as a difference (ztap.compare.leases). */
export function readCompareLeases(): boolean {
  return vscode.workspace.getConfiguration('ztap.compare').get<boolean>('leases') ?? false;
}

/** The etcd binary the user named for Start Local etcd (ztap.localEtcd.path), if any. */
export function readLocalEtcdPath(): string | undefined {
  return vscode.workspace.getConfiguration('ztap.localEtcd').get<string>('path')?.trim() || undefined;
}

/** The settings editor's tab that holds the endpoints in use: the folder's or workspace's when they set them, else the user's. */
export function settingsScopeInEffect(): string {
  const endpoints = vscode.workspace.getConfiguration(SECTION).inspect('endpoints');
  if (endpoints?.workspaceFolderValue !== undefined) {
    return 'workbench.action.openFolderSettings';
  }
  return endpoints?.workspaceValue !== undefined ? 'workbench.action.openWorkspaceSettings' : 'workbench.action.openSettings';
}

export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION) || e.affectsConfiguration('ztap.connections');
}

/** The named connections of `ztap.connections` (any scope; the most specific wins). */
export function readProfileSettings(): ProfileInput[] {
  const list = vscode.workspace.getConfiguration('ztap').get<unknown[]>('connections', []);
  return (Array.isArray(list) ? list : []).filter((p): p is ProfileInput => typeof p === 'object' && p !== null).map(toInput);
}

/** Settings use seconds and the same TLS keys as the single connection. */
function toInput(raw: ProfileInput & { dialTimeout?: number; requestTimeout?: number; sessionTTL?: number }): ProfileInput {
  const { dialTimeout, requestTimeout, sessionTTL, ...rest } = raw;
  return {
    ...rest,
    dialTimeoutMs: dialTimeout === undefined ? undefined : dialTimeout * 1000,
    requestTimeoutMs: requestTimeout === undefined ? undefined : requestTimeout * 1000,
    sessionTtlSeconds: sessionTTL,
  };
}

export async function addProfileSetting(profile: ProfileInput, target: vscode.ConfigurationTarget): Promise<void> {
  const config = vscode.workspace.getConfiguration('ztap');
  const current = config.inspect<unknown[]>('connections');
  const existing = (target === vscode.ConfigurationTarget.Workspace ? current?.workspaceValue : current?.globalValue) ?? [];
  await config.update('connections', [...existing, profile], target);
}

/** Where a named connection is defined, and its entry exactly as written there. */
export interface ProfileEntry {
  target: vscode.ConfigurationTarget;
  /** The raw entry (seconds, not milliseconds), to edit and write back. */
  entry: ProfileInput;
}

const SCOPES = [
  [vscode.ConfigurationTarget.WorkspaceFolder, 'workspaceFolderValue'],
  [vscode.ConfigurationTarget.Workspace, 'workspaceValue'],
  [vscode.ConfigurationTarget.Global, 'globalValue'],
] as const;

/** The most specific scope whose `ztap.connections` defines `name`. */
export function findProfileSetting(name: string): ProfileEntry | undefined {
  const current = vscode.workspace.getConfiguration('ztap').inspect<ProfileInput[]>('connections');
  for (const [target, field] of SCOPES) {
    const entry = current?.[field]?.find(p => p?.name === name);
    if (entry) {
      return { target, entry };
    }
  }
  return undefined;
}

/** Replaces (or, with `replacement` undefined, removes) the entry `name` in the scope that defines it. */
export async function replaceProfileSetting(name: string, replacement: ProfileInput | undefined): Promise<vscode.ConfigurationTarget> {
  const found = findProfileSetting(name);
  if (!found) {
    throw new Error(`The connection "${name}" is not in ztap.connections.`);
  }
  const config = vscode.workspace.getConfiguration('ztap');
  const field = SCOPES.find(([t]) => t === found.target)![1];
  const list = config.inspect<ProfileInput[]>('connections')?.[field] ?? [];
  const next = list.flatMap(p => (p?.name === name ? (replacement ? [replacement] : []) : [p]));
  await config.update('connections', next.length ? next : undefined, found.target);
  return found.target;
}

export function describeTarget(target: vscode.ConfigurationTarget): string {
  return target === vscode.ConfigurationTarget.Global
    ? 'user settings'
    : target === vscode.ConfigurationTarget.Workspace
      ? 'workspace settings'
      : 'folder settings';
}

/** Sets (or with undefined removes) ztap.etcd.username where the endpoints in use are set (the folder's, the workspace's or the user's settings). */
export async function setSingleConnectionUser(username: string | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const endpoints = config.inspect('endpoints');
  const target =
    endpoints?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : endpoints?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update('username', username, target);
}

import * as vscode from 'vscode';
import type { ConnectionInput } from '../core/config/connectionConfig';

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
    username: text('username'),
    keyPrefix: text('keyPrefix'),
    electionKey: text('electionKey'),
    sessionTtlSeconds: explicit<number>('sessionTTL'),
    tls: { caFile: text('tls.caFile'), certFile: text('tls.certFile'), keyFile: text('tls.keyFile') },
  };
}

export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}

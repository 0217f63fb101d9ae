import * as vscode from 'vscode';
import type { Endpoint } from '../core/config/endpoints';

/**
 * Passwords live only in SecretStorage, keyed by user and endpoints, and are
 * asked for once, on first need. The env var ZTAP_ETCD_PASSWORD still wins,
 * as in ZTAP, and is resolved by the core.
 */
export class PasswordStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(username: string, endpoints: readonly Endpoint[], ask: boolean): Promise<string | undefined> {
    const id = secretId(username, endpoints);
    const stored = await this.secrets.get(id);
    if (stored !== undefined || !ask) {
      return stored;
    }
    const entered = await vscode.window.showInputBox({
      title: 'ZTAP etcd: password',
      prompt: `Password of etcd user "${username}" at ${endpoints.map(e => e.original).join(', ')}`,
      password: true,
      ignoreFocusOut: true,
    });
    if (entered !== undefined) {
      await this.secrets.store(id, entered);
    }
    return entered;
  }

  /** After "authentication failed": forget it, so the next attempt asks again. */
  async forget(username: string, endpoints: readonly Endpoint[]): Promise<void> {
    await this.secrets.delete(secretId(username, endpoints));
  }
}

function secretId(username: string, endpoints: readonly Endpoint[]): string {
  return `ztap.etcd.password:${username}@${endpoints.map(e => e.url).join(',')}`;
}

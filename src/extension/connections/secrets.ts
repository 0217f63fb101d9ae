import * as vscode from 'vscode';
import type { Endpoint } from '../../core/config/endpoints';

/**
 * Passwords live only in SecretStorage, keyed by profile and user, and are
 * asked for once, on first need. The env var ZTAP_ETCD_PASSWORD still wins,
 * as in ZTAP, and is resolved by the core.
 */
export class PasswordStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(profile: string, username: string, endpoints: readonly Endpoint[], ask: boolean): Promise<string | undefined> {
    const id = secretId(profile, username);
    const stored = await this.secrets.get(id);
    if (stored !== undefined || !ask) {
      return stored;
    }
    const entered = await vscode.window.showInputBox({
      title: 'ZTAP etcd: password',
      prompt: `Password of etcd user "${username}" for the connection "${profile}" (${endpoints.map(e => e.original).join(', ')})`,
      password: true,
      ignoreFocusOut: true,
    });
    if (entered !== undefined) {
      await this.secrets.store(id, entered);
    }
    return entered;
  }

  /** After "authentication failed": forget it, so the next attempt asks again. */
  async forget(profile: string, username: string): Promise<void> {
    await this.secrets.delete(secretId(profile, username));
  }

  /** Stores a password given by a caller (tests, or a future "Set Password" command). */
  async store(profile: string, username: string, password: string): Promise<void> {
    await this.secrets.store(secretId(profile, username), password);
  }
}

/** Keyed by profile: the same user name on two clusters has two passwords. */
function secretId(profile: string, username: string): string {
  return `ztap.etcd.password:${profile}:${username}`;
}

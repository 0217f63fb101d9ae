import * as vscode from 'vscode';
import { FormattedValue, formatValue } from '../core/values/valueFormat';
import { getKey } from '../core/values/getKey';
import type { ConnectionService } from './connectionService';

export const VALUE_SCHEME = 'ztap-etcd';

/** A read-only document URI for a key. The exact key travels in the query, base64url, so any byte survives. */
export function valueUri(key: string): vscode.Uri {
  const path = key.startsWith('/') ? key : `/${key}`;
  return vscode.Uri.from({ scheme: VALUE_SCHEME, path, query: `key=${Buffer.from(key).toString('base64url')}` });
}

export function keyOfUri(uri: vscode.Uri): string {
  const encoded = new URLSearchParams(uri.query).get('key');
  return encoded === null ? uri.path : Buffer.from(encoded, 'base64url').toString('utf8');
}

/** Serves key values as read-only documents: pretty JSON, text, or a hex dump. */
export class ValueDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly formatted = new Map<string, FormattedValue>();

  constructor(private readonly connection: ConnectionService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = keyOfUri(uri);
    const record = await getKey(this.connection.manager.client, key);
    if (!record) {
      this.formatted.delete(uri.toString());
      return `The key ${key} does not exist (any more).\n`;
    }
    const value = formatValue(record.value);
    this.formatted.set(uri.toString(), value);
    return value.notice ? `${value.notice}\n\n${value.text}` : value.text;
  }

  /** How the last content of `uri` was formatted (language, notice). */
  formatOf(uri: vscode.Uri): FormattedValue | undefined {
    return this.formatted.get(uri.toString());
  }

  /** Re-reads an open document, e.g. when its key is opened again. */
  reload(uri: vscode.Uri): void {
    this.changes.fire(uri);
  }

  dispose(): void {
    this.changes.dispose();
  }
}

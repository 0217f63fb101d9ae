import * as vscode from 'vscode';
import { FormattedValue, formatValue } from '../core/values/valueFormat';
import { readKey } from '../core/values/getKey';
import type { ConnectionService } from './connectionService';
import { keyFromText, keyToText } from '../core/keys/keyText';

export const VALUE_SCHEME = 'ztap-etcd';

/** Looks like "/" in a tab title, but is not a path separator: "acme∕deny-all" stays one name. */
const TITLE_SLASH = '\u2215';

/**
 * A tab title that tells keys apart: the last two segments ("acme∕deny-all", not
 * "deny-all" for every tenant), and for ZTAP's policy revisions
 * (`.../<tenant>/<name>/<%020d>`) the name with its version ("acme∕web@3").
 */
export function valueTitle(key: string): string {
  const segments = key.split('/').filter(s => s !== '');
  const last = segments[segments.length - 1] ?? key;
  if (/^\d{20}$/.test(last) && segments.length >= 3) {
    return `${segments[segments.length - 3]}${TITLE_SLASH}${segments[segments.length - 2]}@${BigInt(last)}`;
  }
  return segments.length >= 2 ? `${segments[segments.length - 2]}${TITLE_SLASH}${last}` : last;
}

/**
 * A read-only document URI for a key. The tab shows the path's last segment, so the
 * path is the key's folder plus its title; the exact key travels in the query,
 * base64url, so any byte survives.
 */
export function valueUri(key: string): vscode.Uri {
  const title = valueTitle(key);
  const segments = key.split('/').filter(s => s !== '');
  const folder = segments.slice(0, Math.max(0, segments.length - (title.includes('@') ? 3 : 2))).join('/');
  const path = `/${folder ? `${folder}/` : ''}${title}`;
  return vscode.Uri.from({ scheme: VALUE_SCHEME, path, query: `key=${keyFromText(key).toString('base64url')}` });
}

export function keyOfUri(uri: vscode.Uri): string {
  const encoded = new URLSearchParams(uri.query).get('key');
  return encoded === null ? uri.path : keyToText(Buffer.from(encoded, 'base64url'));
}

/** When and at which revisions a document's value was read. */
export interface ValueRead {
  key: string;
  /** etcd's revision when it was read. */
  revision: string;
  /** The key's mod revision then; undefined when the key did not exist. */
  modRevision?: string;
  at: Date;
}

/**
 * Serves key values as read-only documents: pretty JSON, text, or a hex dump. An
 * open value follows etcd: when the tree's watch sees its key change, the document
 * is read again (`keysChanged`), and each read is recorded with its revision.
 */
export class ValueDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly readsEmitter = new vscode.EventEmitter<ValueRead>();
  /** Fires after each read of a document's value. */
  readonly onDidRead = this.readsEmitter.event;
  private readonly formatted = new Map<string, FormattedValue>();
  private readonly reads = new Map<string, ValueRead>();

  constructor(private readonly connection: ConnectionService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = keyOfUri(uri);
    const { revision, record } = await readKey(this.connection.manager.client, key);
    const read: ValueRead = { key, revision, modRevision: record?.modRevision, at: new Date() };
    this.reads.set(uri.toString(), read);
    this.readsEmitter.fire(read);
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

  /** When, and at which revision, `uri` was last read. */
  readOf(uri: vscode.Uri): ValueRead | undefined {
    return this.reads.get(uri.toString());
  }

  /** Re-reads an open document, e.g. when its key is opened again. */
  reload(uri: vscode.Uri): void {
    this.changes.fire(uri);
  }

  /** Keys that changed in etcd: every open document of one of them is read again. */
  keysChanged(keys: Iterable<string>): number {
    const changed = new Set(keys);
    let reloaded = 0;
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === VALUE_SCHEME && changed.has(keyOfUri(doc.uri))) {
        this.changes.fire(doc.uri);
        reloaded++;
      }
    }
    return reloaded;
  }

  dispose(): void {
    this.changes.dispose();
    this.readsEmitter.dispose();
  }
}

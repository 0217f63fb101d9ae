import * as vscode from 'vscode';
import { keyFromText, keyToText } from '../../core/keys/keyText';

// Where a key's value lives as a document: its URI and how its tab is titled.

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

/** How a key is opened: its value as ZTAP wrote it (policies decoded), the raw record, or one past revision. */
export interface ValueView {
  /** The record's JSON as stored, also for policies (whose normal view is decoded YAML). */
  raw?: boolean;
  /** A past revision: always read-only. */
  revision?: string;
  /** The id of an open snapshot file (OpenSnapshots) the value is read from: read-only. */
  snapshot?: string;
}

/**
 * A document URI for a key. The tab shows the path's last segment, so the path is
 * the key's folder plus its title; the exact key travels in the query, base64url,
 * so any byte survives.
 */
export function valueUri(key: string, view: ValueView = {}): vscode.Uri {
  const title = valueTitle(key);
  const segments = key.split('/').filter(s => s !== '');
  const folder = segments.slice(0, Math.max(0, segments.length - (title.includes('@') ? 3 : 2))).join('/');
  const suffix = view.snapshot ? ' (snapshot)' : view.revision ? ` @rev ${view.revision}` : view.raw ? ' (raw)' : '';
  const path = `/${folder ? `${folder}/` : ''}${title}${suffix}`;
  const query = new URLSearchParams({ key: keyFromText(key).toString('base64url') });
  if (view.raw) {
    query.set('raw', '1');
  }
  if (view.revision) {
    query.set('rev', view.revision);
  }
  if (view.snapshot) {
    query.set('snapshot', view.snapshot);
  }
  return vscode.Uri.from({ scheme: VALUE_SCHEME, path, query: query.toString() });
}

export function keyOfUri(uri: vscode.Uri): string {
  const encoded = new URLSearchParams(uri.query).get('key');
  return encoded === null ? uri.path : keyToText(Buffer.from(encoded, 'base64url'));
}

export function viewOfUri(uri: vscode.Uri): ValueView {
  const q = new URLSearchParams(uri.query);
  return { raw: q.get('raw') === '1', revision: q.get('rev') ?? undefined, snapshot: q.get('snapshot') ?? undefined };
}

import * as vscode from 'vscode';

export const COMPARISON_SCHEME = 'ztap-compare';

/**
 * The values of a comparison between two connections, as read when it ran: each
 * difference's two sides, opened read-only in a diff editor (the other connection is
 * not the one the value documents read from). Only the keys that differ are kept;
 * a new comparison replaces the last one's values.
 */
export class ComparisonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly values = new Map<string, Buffer>();
  private comparison = 0;

  /** Starts a comparison's set of values (the last one's go); returns its id. */
  begin(): string {
    this.values.clear();
    return String(++this.comparison);
  }

  keep(id: string, side: 'left' | 'right', key: string, value: Buffer): void {
    this.values.set(uriOf(id, side, key).toString(), value);
  }

  /** The document of one side of a key ("absent" when the key is not on that side). */
  uri(id: string, side: 'left' | 'right', key: string): vscode.Uri {
    return uriOf(id, side, key);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const value = this.values.get(uri.toString());
    return value === undefined ? '' : value.toString('utf8');
  }

  dispose(): void {
    this.values.clear();
  }
}

function uriOf(id: string, side: 'left' | 'right', key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: COMPARISON_SCHEME, path: `/${id}/${side}${key.startsWith('/') ? key : `/${key}`}` });
}

import * as vscode from 'vscode';

export const DIAGNOSIS_SCHEME = 'ztap-diagnosis';

/**
 * Diagnosis reports as read-only Markdown documents: not an untitled file, so closing
 * one (or every editor) never asks to save it; Copy for a Bug Report copies it.
 */
export class DiagnosisDocuments implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();

  /** Keeps a report and returns its document's URI (named by when it was made). */
  add(markdown: string, at: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DIAGNOSIS_SCHEME, path: `/etcd diagnosis ${at.replace(/[:.]/g, '-')}.md` });
    this.reports.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? 'This diagnosis is no longer known: run ZTAP: Diagnose Cluster again.\n';
  }
}

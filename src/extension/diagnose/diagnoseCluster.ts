import * as vscode from 'vscode';
import { diagnose, Diagnosis, diagnosisMarkdown } from '../../core/diagnose/diagnose';
import type { Services } from '../services';
import { readHeartbeatMs } from '../settings';

/**
 * Diagnose Cluster: one report of findings, worst first, opened as a Markdown document;
 * Copy for a Bug Report copies it (no password, no values: key names only under ZTAP's
 * prefix). A member that does not answer is a finding; the report still ends.
 */
export async function diagnoseCluster({ connection, dialogs, diagnoses }: Services): Promise<Diagnosis | undefined> {
  const state = await connection.ensureConnected();
  if (state.kind !== 'connected' || !connection.config) {
    throw new Error('Connect to etcd first: the diagnosis asks the members of the current connection.');
  }
  const config = connection.config;
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ZTAP: diagnosing the cluster…' }, () =>
    diagnose(connection.requireSession().client, config, readHeartbeatMs(), { metrics: connection.metrics }),
  );
  const markdown = diagnosisMarkdown(
    report,
    config.endpoints.map(e => e.original),
  );
  const doc = await vscode.workspace.openTextDocument(diagnoses.add(markdown, report.at));
  await vscode.window.showTextDocument(doc, { preview: false });
  const bad = report.findings.filter(f => f.severity === 'critical' || f.severity === 'warning');
  const copy = 'Copy for a Bug Report';
  const message = bad.length
    ? `ZTAP: ${bad.length} finding${bad.length === 1 ? '' : 's'} to look at; the worst: ${bad[0].title}.`
    : 'ZTAP: nothing wrong found.';
  void dialogs.inform(message, copy).then(async choice => {
    if (choice === copy) {
      await vscode.env.clipboard.writeText(markdown);
    }
  });
  return report;
}

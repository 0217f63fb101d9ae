import * as vscode from 'vscode';
import { formatConnectivityReport, summariseConnectivity, testConnectivity as runTest } from '../../core/report/connectivityTest';
import type { Services } from '../services';

/** Writes ZTAP's `cluster test-etcd` report to the log channel and sums it up in one notification. */
export async function testConnectivity({ connection, log }: Services): Promise<boolean> {
  const config = await connection.resolveConfig(true);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ZTAP: testing etcd connectivity…' }, () =>
    runTest(config),
  );
  for (const line of formatConnectivityReport(result)) {
    log.info(line);
  }
  const summary = summariseConnectivity(result);
  const show = result.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  void show(`ZTAP: ${summary}`, 'Open Log').then(choice => {
    if (choice === 'Open Log') {
      log.show(true);
    }
  });
  return result.ok;
}

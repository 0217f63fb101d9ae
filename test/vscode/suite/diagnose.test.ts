import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Diagnosis } from '../../../src/core/diagnose/diagnose';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { restoreEndpoints, services } from './helpers';

describe('Diagnose Cluster', function () {
  this.timeout(60_000);
  before(restoreEndpoints);

  it('opens the report as Markdown, worst first, and offers Copy for a Bug Report, which copies it', async () => {
    const s = await services();
    const told: Array<{ message: string; actions: string[] }> = [];
    const saved = s.dialogs.inform;
    let copied: Promise<void> | undefined;
    s.dialogs.inform = (message, ...actions) => {
      told.push({ message, actions });
      copied = new Promise(resolve => setTimeout(resolve, 200));
      return Promise.resolve(actions[0]);
    };
    try {
      const report = await vscode.commands.executeCommand<Diagnosis>(COMMANDS.diagnoseCluster);
      assert.ok(report);
      const doc = vscode.window.activeTextEditor?.document;
      assert.strictEqual(doc?.languageId, 'markdown');
      const text = doc.getText();
      assert.match(text, /^# etcd diagnosis\n/);
      assert.match(text, /the members hold the same data \(HashKV equal at revision \d+\)/);
      // The fixture's ZTAP nodes have warnings (one registered without a lease): they are findings.
      assert.strictEqual(report.findings[0].severity === 'critical' || report.findings[0].severity === 'warning', true);
      assert.match(told[0].message, /^ZTAP: \d+ findings? to look at; the worst: /);
      assert.deepStrictEqual(told[0].actions, ['Copy for a Bug Report']);
      await copied;
      assert.strictEqual(await vscode.env.clipboard.readText(), text);
    } finally {
      s.dialogs.inform = saved;
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});

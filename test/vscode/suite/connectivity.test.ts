import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { fixture, services, waitFor } from './helpers';

describe('Test etcd Connectivity', () => {
  it("writes ZTAP's report and each endpoint's health to the log channel", async () => {
    const s = await services();
    const ok = await vscode.commands.executeCommand<boolean>(COMMANDS.testConnectivity);
    assert.strictEqual(ok, true);
    const endpoints = fixture('cluster').split(',');
    const logFile = vscode.Uri.joinPath(s.logUri, 'ZTAP etcd.log').fsPath;
    const log = await waitFor(() => {
      const text = readFileSync(logFile, 'utf8');
      return text.includes('Endpoint health:') && endpoints.every(e => text.includes(`${e} is healthy`)) ? text : undefined;
    }, 'the report in the log file');
    const lines = log.split('\n').map(l => l.replace(/^\S+ \S+ \[info\] /, ''));
    const start = lines.lastIndexOf(`Testing etcd connection to: [${endpoints.join(' ')}]`);
    assert.ok(start >= 0, log);
    assert.strictEqual(lines[start + 2], 'Connection successful!');
    assert.strictEqual(lines[start + 3], 'Etcd cluster has 3 member(s)');
    for (let i = 1; i <= 3; i++) {
      assert.match(lines[start + 3 + i], new RegExp(`^  ${i}\\. ID=[0-9a-f]+, Name=n\\d, ClientURLs=\\[http://127\\.0\\.0\\.1:\\d+\\]$`));
    }
  });
});

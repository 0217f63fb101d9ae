import * as assert from 'assert';
import * as vscode from 'vscode';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { metricsWarnings } from '../../../src/core/metrics/metricsWarnings';
import { readMetrics } from '../../../src/core/metrics/metricsReader';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { SMALL_QUOTA_ARGS } from '../../support/fillQuota';
import { description, restoreEndpoints, root, services, setEndpoints, waitFor } from './helpers';

/**
 * The dashboard's metrics: read while it is open, a warning shown on the connection row
 * and the status bar (and gone when it closes), an endpoint that cannot be read a line
 * of data, never a notification. A cluster of its own, its small quota filled past 80%.
 */
describe("the dashboard's metrics and their warnings", function () {
  this.timeout(120_000);
  let cluster: LocalEtcdCluster;
  before(async function () {
    this.timeout(60_000);
    cluster = await LocalEtcdCluster.start({ members: 1, extraArgs: SMALL_QUOTA_ARGS });
    const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    try {
      const value = Buffer.alloc(30 * 1024, 7);
      const warned = async () => metricsWarnings([{ at: Date.now(), samples: await readMetrics(cluster.endpoints[0], 5000) }]).some(w => w.code === 'db-quota');
      for (let i = 0; i < 200 && !(await warned()); i++) {
        await etcd
          .put(`/fill/${i}`)
          .value(value)
          .exec()
          .catch(() => undefined);
      }
    } finally {
      etcd.close();
    }
    await vscode.workspace.getConfiguration('ztap.metrics').update('interval', 1, vscode.ConfigurationTarget.Workspace);
    await setEndpoints(cluster.endpoints);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('ztap.metrics').update('interval', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('ztap.etcd').update('metricsUrls', undefined, vscode.ConfigurationTarget.Workspace);
    await restoreEndpoints();
    await cluster.stop();
  });

  it('while the dashboard is open: the quota warning on the connection row and the status bar; closed, both clear', async () => {
    const s = await services();
    assert.strictEqual(s.connection.metrics.length, 0, 'nothing read before the dashboard opens');
    const panel = await vscode.commands.executeCommand<vscode.Disposable>(COMMANDS.openDashboard);
    try {
      const member = await waitFor(
        () => s.connection.metrics.find(m => m.points.length >= 2 && m.warnings.some(w => w.code === 'db-quota')),
        'the quota warning',
      );
      assert.strictEqual(member.error, undefined);
      assert.ok(member.points.every(p => p.quota === null || p.quota === 2 * 1024 * 1024));
      await waitFor(
        () => /^\$\(warning\) etcd: 1 member, 1 warning$/.test(s.clusterStatus.text) || undefined,
        `the status bar's warning (${s.clusterStatus.text})`,
      );
      assert.match(s.clusterStatus.tooltip, /the database is \d+% of its quota/);
      await waitFor(async () => /· 1 metrics warning/.test(description(await root())) || undefined, 'the connection row says it');
    } finally {
      panel.dispose();
    }
    await waitFor(() => /^\$\(pulse\) etcd: 1 member$/.test(s.clusterStatus.text) || undefined, `the status bar without it (${s.clusterStatus.text})`);
    await waitFor(async () => !/metrics warning/.test(description(await root())) || undefined, 'the connection row without it');
  });

  it('a metrics URL that does not answer is a reason on its member, never a notification', async () => {
    const s = await services();
    const told: string[] = [];
    const saved = { inform: s.dialogs.inform, choose: s.dialogs.choose };
    s.dialogs.inform = (message: string) => (told.push(message), Promise.resolve(undefined));
    s.dialogs.choose = (message: string) => (told.push(message), Promise.resolve(undefined));
    const failures = s.connection.failuresReported;
    await vscode.workspace.getConfiguration('ztap.etcd').update('metricsUrls', ['http://127.0.0.1:1'], vscode.ConfigurationTarget.Workspace);
    await waitFor(() => s.connection.state.kind === 'connected' || undefined, 'connected again');
    const panel = await vscode.commands.executeCommand<vscode.Disposable>(COMMANDS.openDashboard);
    try {
      const member = await waitFor(() => s.connection.metrics.find(m => m.error), 'the reason');
      assert.match(member.error!, /^http:\/\/127\.0\.0\.1:1\/metrics: connect ECONNREFUSED/);
      // Three more rounds (1 s apart): still one reason, and nothing told.
      await new Promise(resolve => setTimeout(resolve, 3500));
      assert.deepStrictEqual(told, []);
      assert.strictEqual(s.connection.failuresReported, failures);
    } finally {
      panel.dispose();
      Object.assign(s.dialogs, saved);
    }
  });
});

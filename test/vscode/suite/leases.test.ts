import * as assert from 'assert';
import * as vscode from 'vscode';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import { readElection } from '../../../src/core/election/leaderReader';
import { LocalEtcdCluster } from '../../../src/core/local/etcdProcess';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { ClusterTreeProvider } from '../../../src/extension/tree/clusterTreeProvider';
import type { TreeNode } from '../../../src/extension/tree/treeNode';
import { fillUntilNoSpace, SMALL_QUOTA_ARGS } from '../../support/fillQuota';
import { child, children, description, fixture, label, restoreEndpoints, root, services, setEndpoints, waitFor } from './helpers';

const hex = (id: string) => BigInt(id).toString(16);

describe('leases, nodes and cluster health in the tree', function () {
  this.timeout(90_000);
  let etcd: ReturnType<typeof createEtcd3>;
  let confirm: ((message: string, detail: string, action: string) => Thenable<boolean>) | undefined;
  const asked: string[] = [];
  before(async () => {
    await restoreEndpoints();
    etcd = createEtcd3(resolveConnection({ endpoints: fixture('cluster').split(',') }, {}));
    const s = await services();
    confirm = s.dialogs.confirm;
    s.dialogs.confirm = async message => {
      asked.push(message);
      return true;
    };
  });
  after(async () => {
    (await services()).dialogs.confirm = confirm!;
    await etcd.delete().prefix('/ztap/lt/');
    await etcd.delete().prefix('/ztap/lt-election/');
    etcd.close();
  });

  const grant = async (ttl: number) => String((await etcd.leaseClient.leaseGrant({ TTL: ttl, ID: 0 })).ID);
  const leaseRow = async (id: string): Promise<TreeNode> => {
    const leases = await child(label(await root()), 'Leases');
    const rows = await children(leases);
    const row = rows.find(r => label(r) === hex(id));
    assert.ok(row, `lease ${hex(id)} among ${rows.map(label).join(', ')}`);
    return row;
  };

  it('Leases lists a lease with its keys and a TTL that counts down, then jumps back up after Keep Alive Once', async () => {
    const id = await grant(30);
    await etcd.kv.put({ key: Buffer.from('/ztap/lt/held'), value: Buffer.from('x'), lease: id });
    const row = await leaseRow(id);
    assert.match(description(row), /^(29|30) s left of 30 s · 1 key/);
    assert.deepStrictEqual((await children(row)).map(label), ['/ztap/lt/held']);
    // The whole of what the row's description cuts short: what it is, its TTL and its keys.
    const tooltip = String(row.getTreeItem().tooltip);
    assert.match(tooltip, new RegExp(`^Lease ${hex(id)} \\(${id}\\)`));
    assert.match(tooltip, /\nTTL: (29|30) s left of 30 s /);
    assert.match(tooltip, /\nKeys \(1\):\n {2}\/ztap\/lt\/held\n/);
    // The connection's tooltip lists each endpoint once.
    const connectionTip = String((await root()).getTreeItem().tooltip);
    for (const endpoint of fixture('cluster').split(',')) {
      assert.strictEqual(connectionTip.split(endpoint).length - 1, 1, `${endpoint} once in: ${connectionTip}`);
    }
    await new Promise(resolve => setTimeout(resolve, 2600));
    const later = Number(/^(\d+) s left/.exec(description(row))![1]);
    assert.ok(later <= 28, `counted down to ${later}`);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.keepLeaseAlive, row), 30);
    assert.match(description(row), /^(29|30) s left/);
    await etcd.leaseClient.leaseRevoke({ ID: id });
  });

  it('lease rows count on after the last local node stops, and the clock stops with its tree', async () => {
    const s = await services();
    const id = await grant(30);
    (await leaseRow(id)).getTreeItem();
    const before = s.tree.leaseClock.counting;
    assert.ok(before.rows > 0 && before.ticking, `counting before: ${JSON.stringify(before)}`);
    await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'clock-node', address: '127.0.0.1:9193', ttlSeconds: 10 });
    await vscode.commands.executeCommand(COMMANDS.stopAllLocalNodes);
    const after = s.tree.leaseClock.counting;
    assert.ok(after.rows > 0 && after.ticking, `counting after the last local node stopped: ${JSON.stringify(after)}`);
    // A tree of its own, disposed as deactivation does: its clock's interval goes with it.
    const tree = new ClusterTreeProvider(s.connection, s.localNodes, s.watches, s.snapshots);
    tree.leaseClock.show(await leaseRow(id), id);
    assert.strictEqual(tree.leaseClock.counting.ticking, true);
    tree.dispose();
    assert.deepStrictEqual(tree.leaseClock.counting, { rows: 0, ticking: false });
    await etcd.leaseClient.leaseRevoke({ ID: id });
  });

  it("Nodes lists ZTAP's nodes and warns about one registered but not in the election", async () => {
    await etcd.put('/ztap/nodes/lonely').value(JSON.stringify({ id: 'lonely', address: '10.9.9.9:8443', state: 'healthy', role: '' }));
    try {
      const r = await root();
      (await services()).tree.refresh();
      const nodes = await waitFor(async () => {
        const n = (await children(r)).find(c => label(c) === 'Nodes');
        return n && /with warnings/.test(description(n)) ? n : undefined;
      }, 'the Nodes summary to warn');
      const lonely = (await children(nodes)).find(n => label(n) === 'lonely')!;
      assert.match(description(lonely), /not in the election/);
      assert.match(String((lonely.getTreeItem().tooltip as vscode.MarkdownString).value), /registered but not in the election/);
      // The fixture registers node-1 and node-2 without a lease: flagged too, with the reason in the tooltip.
      const node1 = (await children(nodes)).find(n => label(n) === 'node-1')!;
      assert.match(String((node1.getTreeItem().tooltip as vscode.MarkdownString).value), /the registration has no lease: it will never expire/);
      assert.match(description(node1), /leader/);
    } finally {
      await etcd.delete().key('/ztap/nodes/lonely');
    }
  });

  it('Revoke Lease of a waiting candidate deletes its key and the line moves up', async () => {
    await vscode.workspace.getConfiguration('ztap.etcd').update('electionKey', '/ztap/lt-election', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => services().then(s => s.connection.config?.electionKey === '/ztap/lt-election'), 'the new election key');
      const ids = [await grant(60), await grant(60), await grant(60)];
      for (const [i, id] of ids.entries()) {
        await etcd.kv.put({ key: Buffer.from(`/ztap/lt-election/${hex(id)}`), value: Buffer.from(`c${i + 1}`), lease: id });
      }
      asked.length = 0;
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.revokeLease, hex(ids[1])), true);
      assert.match(asked[0], /^ZTAP: revoke lease/);
      assert.deepStrictEqual(
        (await readElection(etcd, '/ztap/lt-election')).candidates.map(c => c.raw),
        ['c1', 'c3'],
      );
      const line = await child(label(await root()), 'Leader', 'Candidates');
      assert.deepStrictEqual((await children(line)).map(label), ['2. c3']);
      // The leader's lease: the confirmation says so.
      asked.length = 0;
      await vscode.commands.executeCommand(COMMANDS.revokeLease, hex(ids[0]));
      assert.match(asked[0], /It is the ZTAP leader's \(c1\): its leadership ends and the next candidate takes over/);
      await etcd.leaseClient.leaseRevoke({ ID: ids[2] });
    } finally {
      await vscode.workspace.getConfiguration('ztap.etcd').update('electionKey', undefined, vscode.ConfigurationTarget.Workspace);
      await restoreEndpoints();
    }
  });

  it('a real NOSPACE alarm shows on the connection in red, and Compact, Defragment Member and Disarm Alarm clear it', async () => {
    const small = await LocalEtcdCluster.start({ members: 1, extraArgs: SMALL_QUOTA_ARGS });
    const full = createEtcd3(resolveConnection({ endpoints: small.endpoints }, {}));
    try {
      await setEndpoints(small.endpoints);
      await fillUntilNoSpace(full);
      const s = await services();
      s.tree.refresh();
      const r = await root();
      const alarm = await waitFor(async () => (await children(r)).find(c => label(c) === 'NOSPACE alarm'), 'the alarm row');
      assert.match(description(alarm), /database space exceeded/);
      assert.match(String(r.getTreeItem().description), /^NOSPACE alarm · connected/);
      assert.strictEqual(JSON.stringify(r.getTreeItem().iconPath), JSON.stringify(new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))));
      const current = (await full.kv.range({ key: Buffer.from('x') })).header.revision;
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.compactHistory, current), current);
      assert.match(String(await vscode.commands.executeCommand(COMMANDS.defragmentMember, small.endpoints[0])), /→/);
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.disarmAlarm), 1);
      await waitFor(async () => !(await children(await root())).some(c => label(c) === 'NOSPACE alarm'), 'the alarm to go');
      await full.put('/ztap/after').value('writes work').exec();
    } finally {
      full.close();
      await restoreEndpoints();
      await small.stop();
    }
  });
});

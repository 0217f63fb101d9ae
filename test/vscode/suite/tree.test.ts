import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { ElectParticipant } from '../../support/etcdctl';
import { nodeJson } from '../fixtures';
import { child, children, description, fixture, label, root, services, waitFor } from './helpers';

/** The labels under Leader > Candidates, in line order. */
async function waitingLine(): Promise<string[]> {
  const leader = await child(label(await root()), 'Leader');
  const candidates = (await children(leader)).find(n => label(n) === 'Candidates');
  return candidates ? (await children(candidates)).map(label) : [];
}

describe('the Cluster tree against a 3-member cluster', () => {
  before(async () => {
    const s = await services();
    await s.connection.ensureConnected();
  });

  it('shows the connection as connected with 3 members, and Members, Leader, Keys, Local Nodes, Watches below it', async () => {
    const r = await root();
    const [first, ...rest] = fixture('cluster').split(',');
    assert.strictEqual(label(r), `${first.replace(/^http:\/\//, '')} +${rest.length}`);
    const tooltip = String(r.getTreeItem().tooltip);
    assert.ok(
      [first, ...rest].every(e => tooltip.includes(e)),
      `every endpoint in the tooltip: ${tooltip}`,
    );
    assert.match(description(r), /connected · 3 members/);
    assert.deepStrictEqual((await children(r)).map(label), ['Members', 'Leader', 'Keys', 'Nodes', 'Leases', 'Access', 'Local Nodes', 'Watches']);
  });

  it('lists the three members with hex IDs, health, and exactly one raft leader', async () => {
    const members = await children(await child(label(await root()), 'Members'));
    assert.deepStrictEqual(members.map(label).sort(), ['n1', 'n2', 'n3']);
    for (const m of members) {
      assert.match(description(m), /^[0-9a-f]+ · /);
      assert.match(description(m), /healthy [\d.]+ ms/);
    }
    assert.strictEqual(members.filter(m => description(m).includes('raft leader')).length, 1);
  });

  it("shows a member's URLs, learner flag, version, DB size and raft figures", async () => {
    const n1 = await child(label(await root()), 'Members', 'n1');
    const rows = Object.fromEntries((await children(n1)).map(r => [label(r), description(r)]));
    assert.match(rows['Client URLs'], /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(rows['Peer URLs'], /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.strictEqual(rows.Learner, 'no');
    assert.match(rows.Version, /^3\.\d+\.\d+$/);
    assert.match(rows['DB size'], /\d/);
    assert.ok(Number(rows['Raft term']) >= 1 && Number(rows['Raft index']) > 0);
  });

  it('shows the ZTAP leader (first etcdctl elect participant) with lease, TTL and create revision', async () => {
    const leader = await child(label(await root()), 'Leader');
    assert.strictEqual(description(leader), 'node-1');
    const rows = Object.fromEntries((await children(leader)).filter(r => description(r)).map(r => [label(r), description(r)]));
    assert.strictEqual(rows['Node ID'], 'node-1');
    assert.strictEqual(rows.Address, '127.0.0.1:9091');
    assert.match(rows['Election key'], /^\/ztap\/election\/[0-9a-f]+$/);
    assert.strictEqual(rows['Election key'], `/ztap/election/${rows['Lease ID']}`);
    assert.match(rows['Lease TTL'], /^\d+ s left$/);
    assert.match(rows['Create revision'], /^\d+$/);
  });

  it('lists the waiting candidates in line order, including one that joins later', async () => {
    const peer = ElectParticipant.start(fixture('cluster').split(','), '/ztap/election', nodeJson('node-3', 9093));
    try {
      const s = await services();
      const line = await waitFor(async () => {
        const rows = await waitingLine();
        return rows.length === 2 ? rows : undefined;
      }, 'node-3 in line');
      assert.deepStrictEqual(line, ['2. node-2', '3. node-3']);
      s.tree.refresh();
    } finally {
      await peer.stop('SIGINT');
    }
    const after = await waitFor(async () => {
      const rows = await waitingLine();
      return rows.length === 1 ? rows : undefined;
    }, 'node-3 resigned');
    assert.deepStrictEqual(after, ['2. node-2']);
  });

  it('shows the key hierarchy one level at a time with counts', async () => {
    const keys = await child(label(await root()), 'Keys');
    assert.strictEqual(description(keys), '/ztap/');
    const top = Object.fromEntries((await children(keys)).map(n => [label(n), description(n)]));
    assert.strictEqual(top['nodes/'], '2 keys');
    assert.strictEqual(top['policies/'], '4 keys');
    assert.strictEqual(top['election/'], '2 keys');
    assert.strictEqual(top['bin'], '');
    const policies = await child(label(await root()), 'Keys', 'policies/');
    assert.deepStrictEqual(
      (await children(policies)).map(n => `${label(n)} ${description(n)}`),
      ['revisions/ 3 keys', 'state/ 1 key'],
    );
    const web = await child(label(await root()), 'Keys', 'policies/', 'state/', 'acme/', 'web');
    const tooltip = String(web.getTreeItem().tooltip);
    // No lease: none is named (on etcd 3.7 a keys-only listing cannot tell "no lease" from "a lease").
    assert.match(tooltip, /create revision \d+, mod revision \d+, version 1$/);
  });

  it('pages a folder with 601 children behind "Show more…"', async () => {
    const wide = await child(label(await root()), 'Keys', 'wide/');
    const first = await children(wide);
    assert.strictEqual(first.length, 501);
    assert.strictEqual(label(first[500]), 'Show more…');
    assert.strictEqual(description(first[500]), '101 more');
  });

  it('Refresh on one node redraws that node, and a key written since then appears', async () => {
    const s = await services();
    const nodes = await child(label(await root()), 'Keys', 'nodes/');
    const fired: unknown[] = [];
    const sub = s.tree.onDidChangeTreeData(n => fired.push(n));
    await s.connection.requireSession().client.put('/ztap/nodes/node-9').value(nodeJson('node-9', 9099));
    try {
      await vscode.commands.executeCommand(COMMANDS.refreshNode, nodes);
      assert.ok(fired.includes(nodes), 'the folder node was redrawn');
      assert.ok((await children(nodes)).map(label).includes('node-9'));
    } finally {
      sub.dispose();
      await s.connection.requireSession().client.delete().key('/ztap/nodes/node-9');
    }
  });

  it('Filter Keys shows only the keys whose name (or value) contains a text under a folder, and Clear Filter shows every key again', async () => {
    const s = await services();
    const client = s.connection.requireSession().client;
    const seed: Record<string, string> = { 'a/web1': 'x', 'b/db': 'x', 'c/deep/web2': 'x', d: 'has WEB inside' };
    for (const [k, v] of Object.entries(seed)) {
      await client.put(`/ztap/filt/${k}`).value(v);
    }
    const folder = async () => child(label(await root()), 'Keys', 'filt/');
    try {
      const byName = await vscode.commands.executeCommand<{ matches: Set<string> }>(COMMANDS.filterKeys, { prefix: '/ztap/filt/', text: 'WEB', values: false });
      assert.deepStrictEqual([...byName.matches].sort(), ['/ztap/filt/a/web1', '/ztap/filt/c/deep/web2']);
      const rows = await children(await folder());
      assert.deepStrictEqual(rows.map(label), ['Filter: "WEB"', 'a/', 'c/']);
      assert.match(description(rows[0]), /^2 matches in 4 keys at revision \d+ · click to clear$/);
      assert.deepStrictEqual((await children(rows[2])).map(label), ['deep/']);
      // Names and values: d's value has it.
      await vscode.commands.executeCommand(COMMANDS.filterKeys, { prefix: '/ztap/filt/', text: 'web', values: true });
      assert.deepStrictEqual((await children(await folder())).map(label), ['Filter: "web"', 'a/', 'c/', 'd']);
      await vscode.commands.executeCommand(COMMANDS.clearKeyFilter);
      assert.deepStrictEqual((await children(await folder())).map(label), ['a/', 'b/', 'c/', 'd']);
    } finally {
      await vscode.commands.executeCommand(COMMANDS.clearKeyFilter);
      await client.delete().prefix('/ztap/filt/');
    }
  });

  it('a new top-level folder written while Keys is open appears by itself, also after the rows were listed again (a reveal, Find Key)', async () => {
    const s = await services();
    const keys = (await children(await root())).find(n => label(n) === 'Keys')!;
    await s.view.reveal(keys, { expand: true, select: false, focus: false });
    await children(keys);
    // Listed again from outside the view, as the dashboard's reveal and Find Key do.
    await children(await root());
    await s.tree.nodeForKey('/ztap/nodes/node-1');
    const fired: unknown[] = [];
    const sub = s.tree.onDidChangeTreeData(n => fired.push(n));
    const client = s.connection.requireSession().client;
    try {
      await client.put('/ztap/bar26/x').value('new');
      await waitFor(() => fired.includes(keys) || undefined, 'the Keys row on screen redrawn (not a copy of it)', 5000);
      assert.ok((await children(keys)).map(label).includes('bar26/'));
    } finally {
      sub.dispose();
      await client.delete().prefix('/ztap/bar26/');
    }
  });
});

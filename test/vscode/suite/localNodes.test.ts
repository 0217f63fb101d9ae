import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import type { TreeNode } from '../../../src/extension/tree/treeNode';
import { child, children, description, fixture, label, restoreEndpoints, root, services, setEndpoints, waitFor } from './helpers';

describe('local election nodes', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await vscode.commands.executeCommand(COMMANDS.stopAllLocalNodes);
    await restoreEndpoints();
  });

  const rootLabel = async () => label(await root());

  it("joins the line behind the cluster's leader, shows role, lease and TTL, and stops cleanly", async () => {
    const s = await services();
    await restoreEndpoints();
    await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'editor-1', address: '127.0.0.1:9191', ttlSeconds: 10 });
    const node = await waitFor(async () => {
      const kids = await children(await child(await rootLabel(), 'Local Nodes'));
      const n = kids.find(k => label(k) === 'editor-1');
      return n && description(n).startsWith('follower') ? n : undefined;
    }, 'editor-1 following');
    assert.match(description(node), /^follower · lease [0-9a-f]+ · TTL \d+s$/);
    const rows = Object.fromEntries((await children(node)).map(r => [label(r), description(r)]));
    assert.strictEqual(rows.Leader, 'node-1');
    assert.match(rows['Election key'], /^\/ztap\/election\/[0-9a-f]+$/);
    assert.match(s.statusBar.text, /1 local node, none leading/);
    const key = rows['Election key'];
    const client = s.connection.requireSession().client;
    assert.strictEqual((await client.get(key).exec()).kvs.length, 1);
    assert.strictEqual((await client.get('/ztap/nodes/editor-1').exec()).kvs.length, 1);

    await vscode.commands.executeCommand(COMMANDS.stopLocalNode, node);
    assert.strictEqual(s.localNodes.all.length, 0);
    assert.strictEqual((await client.get(key).exec()).kvs.length, 0, 'election key removed');
    assert.strictEqual((await client.get('/ztap/nodes/editor-1').exec()).kvs.length, 0, 'registration removed');
  });

  it('leads where nobody else campaigns; after Resign the Leader node shows the next leader within a second, by itself', async () => {
    const s = await services();
    await setEndpoints([fixture('single')]);
    await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'editor-a', address: '127.0.0.1:9201', ttlSeconds: 10 });
    await waitFor(() => s.localNodes.get('editor-a')?.isLeader, 'editor-a leading');
    await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'editor-b', address: '127.0.0.1:9202', ttlSeconds: 10 });
    await waitFor(() => s.localNodes.get('editor-b')?.snapshot.role === 'follower', 'editor-b following');
    assert.match(s.statusBar.text, /ZTAP leader: editor-a \(\+1\)/);
    // One read of the root's children: the Leader node shown is the one the live updates redraw.
    const top = await children(await root());
    const leaderNode = top.find(n => label(n) === 'Leader')!;
    const a = (await children(top.find(n => label(n) === 'Local Nodes'))).find(n => label(n) === 'editor-a');
    await waitFor(() => description(leaderNode) === 'editor-a', 'the Leader node to show editor-a');

    const redrawn: TreeNode[] = [];
    const sub = s.tree.onDidChangeTreeData(n => n && redrawn.push(n));
    try {
      // The tree item itself (the bundle's class, not this file's import): as a context action passes it.
      assert.ok(a && 'participant' in a);
      const resigned = Date.now();
      await vscode.commands.executeCommand(COMMANDS.resignLocalNode, a);
      // No refresh command: the watch on the election prefix redraws the Leader node.
      await waitFor(() => redrawn.includes(leaderNode) && description(leaderNode) === 'editor-b', 'the Leader node to show editor-b', 1000);
      assert.ok(Date.now() - resigned < 1000);
    } finally {
      sub.dispose();
    }
    await waitFor(() => s.localNodes.get('editor-b')?.isLeader, 'editor-b leading');
    await waitFor(() => s.localNodes.get('editor-a')?.snapshot.role === 'follower', 'editor-a back in line');
    assert.strictEqual(s.localNodes.get('editor-a')?.snapshot.leader, 'editor-b');
  });

  it('refuses invalid input and a second node with the same id, and Stop All stops every node', async () => {
    const s = await services();
    await restoreEndpoints();
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'bad', ttlSeconds: 1 }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'bad', address: 'nowhere' }), undefined);
    assert.strictEqual(s.localNodes.all.length, 0);
    await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'x1', ttlSeconds: 10 });
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'x1', ttlSeconds: 10 }), undefined);
    await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'x2', ttlSeconds: 10 });
    assert.deepStrictEqual(
      s.localNodes.all.map(p => p.config.nodeId),
      ['x1', 'x2'],
    );
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.stopAllLocalNodes), 2);
    assert.strictEqual(s.localNodes.all.length, 0);
    assert.match(description(await child(await rootLabel(), 'Local Nodes')), /none/);
  });

  it('Nodes follows its keys without a refresh: a started node is counted and listed, a stopped one goes within 3 s; "seen N s ago" counts on', async () => {
    await restoreEndpoints();
    const top = await children(await root());
    const nodesNode = top.find(n => label(n) === 'Nodes')!;
    const before = (await children(nodesNode)).length;
    const count = (n: number) => new RegExp(`^${n} nodes?\\b`);
    await vscode.commands.executeCommand(COMMANDS.startLocalNode, { nodeId: 'editor-n', address: '127.0.0.1:9231', ttlSeconds: 10 });
    // The row on screen (not read again by the test): its summary follows the registration's key.
    await waitFor(() => count(before + 1).test(description(nodesNode)) || undefined, `Nodes to count ${before + 1} (says "${description(nodesNode)}")`, 5000);
    const row = (await children(nodesNode)).find(n => label(n) === 'editor-n');
    assert.ok(row, 'editor-n listed');
    const age = () => Number(/seen (\d+) s ago/.exec(description(row))?.[1]);
    const first = age();
    await new Promise(r => setTimeout(r, 2100));
    assert.ok(age() >= first + 2, `"seen ${first} s ago", then ${age()} s two seconds later`);
    await vscode.commands.executeCommand(COMMANDS.stopAllLocalNodes);
    const stopped = Date.now();
    await waitFor(() => count(before).test(description(nodesNode)) || undefined, `Nodes back to ${before}`, 3000);
    assert.ok(!(await children(nodesNode)).some(n => label(n) === 'editor-n'), 'editor-n no longer listed');
    assert.ok(Date.now() - stopped <= 3000);
  });
});

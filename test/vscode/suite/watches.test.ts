import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { createEtcd3 } from '../../../src/core/client/etcdClient';
import { resolveConnection } from '../../../src/core/config/connectionConfig';
import type { UserWatch } from '../../../src/extension/watches/watchesService';
import { child, children, description, fixture, label, restoreEndpoints, root, services, waitFor } from './helpers';

describe('live watches and a tree that keeps itself current', function () {
  this.timeout(60_000);
  before(() => restoreEndpoints());
  afterEach(() => vscode.commands.executeCommand(COMMANDS.stopAllWatches));

  it('Watch Prefix shows the watch with its state and event count, remembers the prefix, and Stop ends it', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.watchPrefix, '/ztap/wtest/');
    const client = s.connection.requireSession().client;
    for (let i = 0; i < 3; i++) {
      await client.put(`/ztap/wtest/k${i}`).value(`{"i":${i}}`);
    }
    await client.delete().key('/ztap/wtest/k0');
    const node = await waitFor(async () => {
      const kids = await children(await child(label(await root()), 'Watches'));
      const n = kids.find(k => label(k) === '/ztap/wtest/');
      return n && description(n) === 'live · 4 events' ? n : undefined;
    }, 'the watch to count 4 events');
    assert.strictEqual(s.watches.recentPrefixes[0], '/ztap/wtest/');
    await vscode.commands.executeCommand(COMMANDS.watchPrefix, '/ztap/other/');
    assert.strictEqual(s.watches.all.length, 2, 'several watches at once');
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.stopWatch, node), true);
    assert.deepStrictEqual(
      s.watches.all.map(w => w.prefix),
      ['/ztap/other/'],
    );
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.stopAllWatches), 1);
    assert.strictEqual(s.watches.all.length, 0);
  });

  it('keeps listed folders current from the watch, batching thousands of events into a few flushes a second', async () => {
    const s = await services();
    const keys = (await children(await root())).find(n => label(n) === 'Keys')!;
    await children(keys); // listed once, as the view does: from now on only the watch updates it
    const index = s.tree.keyIndex!;
    assert.ok(index, 'the listing went through the key index');
    const client = s.connection.requireSession().client;
    const flushes = s.live.flushes;
    const started = Date.now();
    // A burst: 2,000 puts under a new folder as fast as etcd takes them.
    const puts: Array<Promise<unknown>> = [];
    for (let i = 0; i < 2000; i++) {
      puts.push(
        client
          .put(`/ztap/burst/k${String(i).padStart(4, '0')}`)
          .value('x')
          .exec(),
      );
    }
    await Promise.all(puts);
    const counted = async () => (await index.list('/ztap/')).children.find(c => c.name === 'burst')?.keys;
    await waitFor(async () => ((await counted()) === 2000 ? true : undefined), 'burst/ counted 2000 from events alone', 10_000);
    await waitFor(() => s.live.flushes > flushes || undefined, 'a flush');
    const elapsed = Date.now() - started;
    const done = s.live.flushes - flushes;
    assert.ok(done <= Math.ceil(elapsed / 250) + 2, `${done} flushes in ${elapsed} ms for 2,000 events`);
    // The tree's own children come from the same index: burst/ with its count.
    const burst = (await children(keys)).find(n => label(n) === 'burst/');
    assert.strictEqual(burst && description(burst), '2000 keys');
    await client.delete().prefix('/ztap/burst/');
    await waitFor(async () => ((await counted()) === undefined ? true : undefined), 'burst/ gone from the index', 10_000);
    assert.ok(!(await children(keys)).some(n => label(n) === 'burst/'));
  });

  it('Reconnect resumes each watch from the revision after its last event: nothing lost, nothing repeated', async () => {
    const s = await services();
    const watch = await vscode.commands.executeCommand<UserWatch>(COMMANDS.watchPrefix, '/ztap/resume/');
    assert.ok(watch);
    // Another client writes on while the extension's connection is made again.
    const other = createEtcd3(resolveConnection({ endpoints: fixture('cluster').split(',') }, {}));
    const writes: Array<Promise<unknown>> = [];
    const sub = s.connection.onDidChangeState(state => {
      if (state.kind === 'connecting') {
        for (let i = 0; i < 20; i++) {
          writes.push(other.put(`/ztap/resume/during${i}`).value(String(i)).exec());
        }
      }
    });
    try {
      await other.put('/ztap/resume/before').value('x');
      await waitFor(() => watch.count === 1 || undefined, 'the first event');
      await vscode.commands.executeCommand(COMMANDS.reconnect);
      await Promise.all(writes);
      assert.strictEqual(writes.length, 20, 'the writes began while reconnecting');
      await other.put('/ztap/resume/after').value('x');
      await waitFor(() => watch.count === 22 || undefined, `22 events (have ${watch.count})`);
      await new Promise(resolve => setTimeout(resolve, 500));
      assert.strictEqual(watch.count, 22, 'no event repeated');
      assert.strictEqual(watch.state.kind, 'live');
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.stopAllWatches), 1, 'the watch was still there to stop');
    } finally {
      sub.dispose();
      await other.delete().prefix('/ztap/resume/');
      other.close();
    }
  });

  it('Switch Connection to another cluster ends the watches, says which, and restarts them there in one step', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.watchPrefix, '/ztap/moved/');
    try {
      await vscode.commands.executeCommand(COMMANDS.switchConnection, 'Environment'); // the single member: another cluster
      assert.strictEqual(s.watches.all.length, 0);
      assert.deepStrictEqual(s.watches.ended, ['/ztap/moved/']);
      const restarted = await vscode.commands.executeCommand<UserWatch[]>(COMMANDS.restartEndedWatches);
      assert.deepStrictEqual(
        restarted?.map(w => w.prefix),
        ['/ztap/moved/'],
      );
      await s.connection.requireSession().client.put('/ztap/moved/k').value('on the single member');
      await waitFor(() => s.watches.all[0]?.count === 1 || undefined, "the restarted watch sees the single member's write");
      await s.connection.requireSession().client.delete().key('/ztap/moved/k');
    } finally {
      await s.connection.switchTo('Default');
    }
  });
});

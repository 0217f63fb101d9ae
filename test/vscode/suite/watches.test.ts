import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commands/commandIds';
import { child, children, description, label, restoreEndpoints, root, services, waitFor } from './helpers';

describe('live watches and a tree that keeps itself current', function () {
  this.timeout(60_000);
  before(() => restoreEndpoints());
  afterEach(() => vscode.commands.executeCommand(COMMANDS.stopAllWatches));

  it('Watch Prefix shows the watch with its state and event count, remembers the prefix, and Stop ends it', async () => {
    const s = await services();
    await vscode.commands.executeCommand(COMMANDS.watchPrefix, '/ztap/wtest/');
    const client = s.connection.manager.client;
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
    assert.deepStrictEqual(s.watches.all.map(w => w.prefix), ['/ztap/other/']);
    assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.stopAllWatches), 1);
    assert.strictEqual(s.watches.all.length, 0);
  });

  it('keeps listed folders current from the watch, batching thousands of events into a few flushes a second', async () => {
    const s = await services();
    const keys = (await children(await root())).find(n => label(n) === 'Keys')!;
    await children(keys); // listed once, as the view does: from now on only the watch updates it
    const index = s.tree.keyIndex!;
    assert.ok(index, 'the listing went through the key index');
    const client = s.connection.manager.client;
    const flushes = s.live.flushes;
    const started = Date.now();
    // A burst: 2,000 puts under a new folder as fast as etcd takes them.
    const puts: Array<Promise<unknown>> = [];
    for (let i = 0; i < 2000; i++) {
      puts.push(client.put(`/ztap/burst/k${String(i).padStart(4, '0')}`).value('x').exec());
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
});

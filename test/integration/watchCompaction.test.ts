import * as assert from 'assert';
import { spawn } from 'child_process';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { killAndWait } from '../../src/core/local/killAndWait';
import { PrefixWatcher } from '../../src/core/watch/prefixWatcher';
import { useEtcd } from '../support/etcdFixture';
import { etcdctl } from '../support/etcdctl';
import { eventually } from '../support/eventually';
import { CLI } from '../support/runCli';

describe('watch from a compacted revision (real etcd)', function () {
  this.timeout(60_000);
  const cluster = useEtcd();
  let etcd: ReturnType<typeof createEtcd3>;
  let firstRev: string;
  let compactedAt: string;
  before(async () => {
    etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
    firstRev = (await etcd.put('/cmp/a').value('1').exec()).header.revision;
    await etcd.put('/cmp/b').value('1').exec();
    await etcd.put('/cmp/a').value('2').exec();
    await etcd.delete().key('/cmp/b').exec();
    compactedAt = (await etcd.put('/cmp/c').value('1').exec()).header.revision;
    await etcdctl(cluster().endpoints, ['compact', compactedAt]);
  });
  after(() => etcd.close());

  it("reports compacted, then resync, then its state equals etcd's", async () => {
    const watcher = new PrefixWatcher(etcd, { prefix: '/cmp/', fromRevision: firstRev });
    const state = new Map<string, string>();
    const seen: string[] = [];
    watcher.onCompacted(rev => seen.push(`compacted ${rev}`));
    watcher.onResync(({ revision, kvs }) => {
      seen.push(`resync ${revision}`);
      state.clear();
      kvs.forEach(kv => state.set(kv.key.toString(), kv.value.toString()));
    });
    watcher.onEvents(batch =>
      batch.forEach(ev => {
        seen.push(`${ev.type} ${ev.key} ${ev.modRevision}`);
        if (ev.type === 'put') {
          state.set(ev.key.toString(), ev.value.toString());
        } else {
          state.delete(ev.key.toString());
        }
      }),
    );
    try {
      await watcher.start();
      await eventually(() => seen.some(s => s.startsWith('resync')) || undefined, 10_000, 'a resync');
      const later = (await etcd.put('/cmp/d').value('new').exec()).header.revision;
      await etcd.delete().key('/cmp/a').exec();
      await eventually(() => seen.some(s => s.startsWith('delete /cmp/a')) || undefined, 10_000, 'events after the resync');
      assert.strictEqual(seen[0], `compacted ${compactedAt}`);
      assert.match(seen[1], /^resync \d+$/);
      assert.ok(BigInt(seen[1].split(' ')[1]) >= BigInt(compactedAt));
      assert.strictEqual(seen[2], `put /cmp/d ${later}`);
      assert.deepStrictEqual(Object.fromEntries(state), await etcd.getAll().prefix('/cmp/').strings());
    } finally {
      watcher.dispose();
    }
  });

  it('ztap-etcd watch --json prints the compacted and resync lines', async () => {
    const child = spawn(process.execPath, [CLI, 'watch', '/cmp/', '--rev', firstRev, '--json', '--endpoints', cluster().endpoints[0]], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await eventually(() => out.includes('"resync"') || undefined, 10_000, 'the resync line');
      const [compacted, resync] = out
        .trim()
        .split('\n')
        .map(l => JSON.parse(l));
      assert.deepStrictEqual(compacted, { type: 'compacted', compactRevision: Number(compactedAt) });
      assert.strictEqual(resync.type, 'resync');
      assert.ok(resync.revision >= Number(compactedAt));
    } finally {
      await killAndWait(child, 'SIGINT');
    }
    assert.strictEqual(child.exitCode, 0);
  });
});

import * as assert from 'assert';
import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { compareFolders } from '../../src/core/compare/folderCompare';
import { applyCopy, planCopy } from '../../src/core/compare/folderCopy';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { useEtcd } from '../support/etcdFixture';
import { parseJson, runCli } from '../support/runCli';

/** Two clusters side by side: a folder compared, and copied across with every write guarded. */
describe('two clusters: diff and copy (real etcd)', function () {
  this.timeout(120_000);
  const here = useEtcd({ members: 1 });
  const there = useEtcd({ members: 1 });
  let a: Etcd3;
  let b: Etcd3;
  before(() => {
    a = createEtcd3(resolveConnection({ endpoints: here().endpoints }, {}));
    b = createEtcd3(resolveConnection({ endpoints: there().endpoints }, {}));
  });
  after(() => {
    a?.close();
    b?.close();
  });
  const side = (etcd: Etcd3, prefix: string, label: string) => ({ etcd, prefix, label });
  const binary = Buffer.from([0x2f, 0x74, 0x2f, 0x62, 0xff, 0x00, 0x01]); // "/t/b" + 0xff 0x00 0x01

  it('diff names what is only here, only there and different (binary keys too); a lease counts only when asked', async () => {
    await a.put('/t/same').value('1');
    await b.put('/t/same').value('1');
    await a.put('/t/only-here').value('h');
    await b.put('/t/only-there').value('t');
    await a.put('/t/differs').value('aaa');
    await b.put('/t/differs').value('bbb');
    await a.put(binary).value(Buffer.from([0, 1, 2]));
    const lease = a.lease(60, { autoKeepAlive: false });
    await lease.put('/t/leased').value('v');
    await b.put('/t/leased').value('v');
    const result = await compareFolders(side(a, '/t/', 'here'), side(b, '/t/', 'there'));
    assert.deepStrictEqual(
      result.changes.map(c => [c.kind, c.key]),
      [
        ['changed', 'differs'],
        ['deleted', 'only-here'],
        ['added', 'only-there'],
        ['deleted', 'b\\xff\\x00\\x01'],
      ].sort((x, y) => (x[1] < y[1] ? -1 : 1)),
    );
    assert.deepStrictEqual(result.counts, { added: 1, changed: 1, deleted: 2, same: 2 });
    const withLeases = await compareFolders(side(a, '/t/', 'here'), side(b, '/t/', 'there'), { leases: true });
    assert.ok(withLeases.changes.some(c => c.key === 'leased' && c.kind === 'changed'));
    const cli = await runCli(['diff', '/t', '--json', '--endpoints', here().endpoints[0], '--against-endpoints', there().endpoints[0]]);
    assert.strictEqual(cli.code, 0, cli.stderr);
    const json = parseJson<{ counts: Record<string, number>; here: { revision: string }; there: { revision: string } }>(cli);
    assert.deepStrictEqual(json.counts, { onlyThere: 1, onlyHere: 2, differ: 1, same: 2 });
    assert.ok(Number(json.here.revision) > 0 && Number(json.there.revision) > 0);
    await lease.revoke();
  });

  it('copy: a key changed on the target after the preview is skipped and reported, its value untouched', async () => {
    await a.put('/c1/k1').value('one');
    await a.put('/c1/k2').value('two');
    await b.put('/c1/k2').value('old');
    const plan = await planCopy(side(a, '/c1/', 'here'), side(b, '/c1/', 'there'));
    assert.deepStrictEqual([plan.create.length, plan.overwrite.length, plan.same], [1, 1, 0]);
    // Someone else writes both keys on the target after the preview.
    await b.put('/c1/k1').value('theirs-1');
    await b.put('/c1/k2').value('theirs-2');
    const result = await applyCopy(b, plan, { overwrite: true });
    assert.deepStrictEqual([result.created, result.overwritten], [0, 0]);
    assert.deepStrictEqual(
      result.skipped.map(s => s.key),
      ['/c1/k1', '/c1/k2'],
    );
    assert.match(result.skipped[1].reason, /^changed on the target since the preview \(revision \d+ then, \d+ now\)$/);
    assert.strictEqual(await b.get('/c1/k1').string(), 'theirs-1');
    assert.strictEqual(await b.get('/c1/k2').string(), 'theirs-2');
  });

  it('copy through the CLI: creates, leaves differing keys without --overwrite, writes leased keys without a lease unless --ttl', async () => {
    await a.put('/c2/new').value('n');
    await a.put('/c2/differs').value('mine');
    await b.put('/c2/differs').value('theirs');
    await b.put('/c2/only-there').value('x');
    const lease = a.lease(60, { autoKeepAlive: false });
    await lease.put('/c2/leased').value('l');
    const args = ['copy', '/c2', '--endpoints', here().endpoints[0], '--to-endpoints', there().endpoints[0], '--json'];
    const refused = await runCli(args);
    assert.strictEqual(refused.code, 1, 'no --yes off a terminal');
    assert.strictEqual((await b.getAll().prefix('/c2/').keys()).length, 2, 'nothing written when refused');
    const run = await runCli([...args, '--yes']);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.deepStrictEqual(parseJson<{ created: number; overwritten: number }>(run), {
      created: 2,
      overwritten: 0,
      skipped: [],
      cancelled: false,
      done: 2,
      total: 2,
    });
    assert.strictEqual(await b.get('/c2/differs').string(), 'theirs');
    assert.strictEqual(await b.get('/c2/only-there').string(), 'x');
    const leased = (await b.kv.range({ key: Buffer.from('/c2/leased') })).kvs[0];
    assert.strictEqual(leased.value.toString(), 'l');
    assert.strictEqual(leased.lease, '0');
    await b.delete().key('/c2/leased');
    const withTtl = await runCli([...args, '--yes', '--ttl', '30']);
    assert.strictEqual(withTtl.code, 0, withTtl.stderr);
    const leasedAgain = (await b.kv.range({ key: Buffer.from('/c2/leased') })).kvs[0];
    assert.notStrictEqual(leasedAgain.lease, '0');
    const granted = await b.leaseClient.leaseTimeToLive({ ID: leasedAgain.lease, keys: false });
    assert.ok(Number(granted.grantedTTL) === 30 && Number(granted.TTL) > 0, JSON.stringify(granted));
    await lease.revoke();
  });

  it('a copy cancelled halfway leaves every key written whole or not at all, and says how far it got', async () => {
    const value = (i: number) => `value-${i}-${'x'.repeat(200)}`;
    await a.kv.txn({
      success: Array.from({ length: 100 }, (_, i) => ({
        request_put: { key: Buffer.from(`/c3/k${String(i).padStart(4, '0')}`), value: Buffer.from(value(i)) },
      })),
    });
    await a.kv.txn({
      success: Array.from({ length: 100 }, (_, i) => ({
        request_put: { key: Buffer.from(`/c3/k${String(100 + i).padStart(4, '0')}`), value: Buffer.from(value(100 + i)) },
      })),
    });
    await a.kv.txn({
      success: Array.from({ length: 100 }, (_, i) => ({
        request_put: { key: Buffer.from(`/c3/k${String(200 + i).padStart(4, '0')}`), value: Buffer.from(value(200 + i)) },
      })),
    });
    const plan = await planCopy(side(a, '/c3/', 'here'), side(b, '/c3/', 'there'));
    const abort = new AbortController();
    const result = await applyCopy(b, plan, { signal: abort.signal, onProgress: done => done >= 128 && abort.abort() });
    assert.strictEqual(result.cancelled, true);
    assert.strictEqual(result.done, 128);
    assert.strictEqual(result.total, 300);
    const { kvs } = await b.kv.range({ key: Buffer.from('/c3/'), range_end: Buffer.from('/c30') });
    assert.strictEqual(kvs.length, 128);
    for (const kv of kvs) {
      assert.strictEqual(kv.value.toString(), value(Number(kv.key.toString().slice(5))));
    }
  });
});

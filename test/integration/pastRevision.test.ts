import * as assert from 'assert';
import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { useEtcd } from '../support/etcdFixture';
import { etcdctl, parseEtcdctlJson } from '../support/etcdctl';
import { parseJson, runCli } from '../support/runCli';

/** The past: ls and get at a revision, as etcdctl get --rev reads it; a compacted one refused with the oldest kept. */
describe('ls --rev and get --rev (real etcd)', function () {
  this.timeout(60_000);
  const cluster = useEtcd({ members: 1 });
  let etcd: Etcd3;
  before(() => {
    etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}));
  });
  after(() => etcd?.close());

  it('every key under the folder at revision N reads as etcdctl get --rev N reads it, and ls --rev N lists the folders then', async () => {
    for (let i = 0; i < 6; i++) {
      await etcd.put(`/past/${i % 2 ? 'odd' : 'even'}/k${i}`).value(`v${i}`);
    }
    const then = (await etcd.kv.range({ key: Buffer.from('x'), count_only: true })).header.revision;
    await etcd.put('/past/even/k0').value('changed');
    await etcd.delete().key('/past/odd/k1');
    await etcd.delete().prefix('/past/even/');
    await etcd.put('/past/later/k9').value('new');
    const endpoints = ['--endpoints', cluster().endpoints[0]];
    const ls = parseJson<{ revision: string; children: Array<{ name: string; keys: number }> }>(
      await runCli(['ls', '/past/', '--rev', then, '--json', ...endpoints]),
    );
    assert.strictEqual(ls.revision, then);
    assert.deepStrictEqual(
      ls.children.map(c => [c.name, c.keys]),
      [
        ['even', 3],
        ['odd', 3],
      ],
    );
    const theirs = parseEtcdctlJson(await etcdctl(cluster().endpoints, ['get', '/past/', '--prefix', '--rev', then, '-w', 'json'])) as {
      kvs: Array<{ key: string; value: string }>;
    };
    assert.strictEqual(theirs.kvs.length, 6);
    for (const kv of theirs.kvs) {
      const key = Buffer.from(kv.key, 'base64').toString();
      const ours = await runCli(['get', key, '--rev', then, ...endpoints]);
      assert.strictEqual(ours.code, 0, ours.stderr);
      assert.strictEqual(ours.stdout, Buffer.from(kv.value, 'base64').toString(), key);
    }
    const tree = await runCli(['diff', '/past/', '--from-rev', then, ...endpoints]);
    assert.strictEqual(tree.code, 0, tree.stderr);
    assert.match(tree.stdout, /^after revision \d+ up to \d+:\n\/past\/ {2}\(1 added, 4 deleted\)\n {2}even\/ {2}\(3 deleted\)\n/);
    assert.match(tree.stdout, /\n {2}later\/ {2}\(1 added\)\n {4}\+ k9\n/);
    const gone = await runCli(['get', '/past/later/k9', '--rev', then, ...endpoints]);
    assert.strictEqual(gone.code, 1);
    assert.match(gone.stderr, /does not exist at revision \d+/);
  });

  it('a compacted revision is refused, naming the oldest revision etcd keeps', async () => {
    await etcd.put('/past2/a').value('1');
    const old = (await etcd.kv.range({ key: Buffer.from('x'), count_only: true })).header.revision;
    await etcd.put('/past2/a').value('2');
    await etcd.put('/past2/a').value('3');
    const compactAt = BigInt(old) + 2n;
    await etcd.kv.compact({ revision: compactAt.toString(), physical: true });
    for (const args of [
      ['ls', '/past2/', '--rev', old],
      ['get', '/past2/a', '--rev', old],
    ]) {
      const run = await runCli([...args, '--endpoints', cluster().endpoints[0]]);
      assert.strictEqual(run.code, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`revision ${old} has been compacted: etcd keeps history from revision ${compactAt} on`));
    }
    const bad = await runCli(['ls', '/past2/', '--rev', 'yesterday', '--endpoints', cluster().endpoints[0]]);
    assert.strictEqual(bad.code, 2);
  });
});

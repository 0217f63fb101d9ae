import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { readAlarms } from '../../src/core/cluster/maintenance';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { useEtcd } from '../support/etcdFixture';
import { runCli } from '../support/runCli';
import { fillUntilNoSpace, SMALL_QUOTA_ARGS } from '../support/fillQuota';

describe('cluster health: a real NOSPACE alarm, compaction, defragmentation, disarm (real etcd, 2 MiB quota)', function () {
  this.timeout(90_000);
  const cluster = useEtcd({ extraArgs: SMALL_QUOTA_ARGS });
  let etcd: ReturnType<typeof createEtcd3>;
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(() => etcd.close());
  const cli = (...args: string[]) => runCli([...args, '--endpoints', cluster().endpoints[0]]);

  it('fills the quota until etcd raises NOSPACE, shows it with what to do, then compact, defrag and disarm make writes work again', async () => {
    assert.match((await fillUntilNoSpace(etcd)).message, /database space exceeded/);
    assert.deepStrictEqual(
      (await readAlarms(etcd)).map(a => a.alarm),
      ['NOSPACE'],
    );
    const shown = await cli('alarms');
    assert.strictEqual(shown.code, 0, shown.stderr);
    assert.match(
      shown.stdout,
      /NOSPACE on member [0-9a-f]+: the database reached its quota .* Compact old revisions, defragment each member, then disarm the alarm\./,
    );

    const refusedCompact = await cli('compact', '--keep', '1');
    assert.strictEqual(refusedCompact.code, 1);
    assert.match(refusedCompact.stderr, /nothing compacted/);
    const compact = await cli('compact', '--keep', '1', '--yes', '--json');
    assert.strictEqual(compact.code, 0, compact.stderr);
    const defrag = await cli('defrag', '--json');
    assert.strictEqual(defrag.code, 0, defrag.stderr);
    const sizes = JSON.parse(defrag.stdout);
    assert.ok(sizes.after.dbSize < sizes.before.dbSize, `defragmentation freed space: ${sizes.before.dbSize} -> ${sizes.after.dbSize}`);
    const disarm = await cli('alarms', '--disarm', '--json');
    assert.deepStrictEqual(
      JSON.parse(disarm.stdout).alarms.map((a: { alarm: string }) => a.alarm),
      ['NOSPACE'],
    );
    assert.deepStrictEqual(await readAlarms(etcd), []);
    await etcd.put('/ztap/after').value('works again').exec();
    assert.strictEqual((await cli('alarms')).stdout.trim(), 'No active alarms.');
  });

  it('refuses a compaction revision in the future and bad arguments in one line, exit 2', async () => {
    const future = await cli('compact', '999999999', '--yes');
    assert.deepStrictEqual([future.code, /in the future/.test(future.stderr)], [2, true]);
    const both = await cli('compact', '5', '--keep', '3');
    assert.strictEqual(both.code, 2);
    const bad = await cli('compact', '--keep', 'many');
    assert.deepStrictEqual([bad.code, bad.stderr.trim().split('\n').length], [2, 1]);
  });
});

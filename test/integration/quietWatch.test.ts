import * as assert from 'assert';
import { spawn } from 'child_process';
import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { PrefixWatcher, WatchEvent, WatchState } from '../../src/core/watch/prefixWatcher';
import { killAndWait } from '../../src/core/local/killAndWait';
import { useEtcd } from '../support/etcdFixture';
import { eventually } from '../support/eventually';
import { CLI } from '../support/runCli';

/** How long the cluster stays without a write: the issue's 60 s, many keepalive cycles of 2 + 6 s. */
const QUIET_MS = 60_000;

/**
 * etcd 3.4.38+, 3.5.22+ and 3.6.2+ do not answer a progress request for a watch that
 * starts after the current revision, which a watch "from now" does until the next write:
 * a watch that took silence plus an unanswered progress request for a dead member
 * reconnected every 8 s on a quiet cluster there. These watches must stay live and quiet.
 */
describe('a watch on a quiet cluster', function () {
  this.timeout(QUIET_MS + 60_000);
  const cluster = useEtcd({ members: 3 });

  it(`stays live for ${QUIET_MS / 1000} s without a write (tree/Watches row watchers, an exact watch, ztap-etcd watch), then gets every event`, async () => {
    const eps = cluster().endpoints;
    const etcd: Etcd3 = createEtcd3(resolveConnection({ endpoints: eps }, {}));
    await etcd.put('/ztap/quiet/before').value('x');
    const states: string[] = [];
    const received = new Map<string, WatchEvent[]>();
    const watchers = [
      new PrefixWatcher(etcd, { prefix: '/ztap/' }),
      new PrefixWatcher(etcd, { prefix: '/ztap/quiet/' }),
      new PrefixWatcher(etcd, { prefix: '/ztap/quiet/after-1', exact: true }),
    ];
    const cli = spawn(process.execPath, [CLI, 'watch', '/ztap/quiet/', '--json', '--endpoints', eps.join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let cliOut = '';
    let cliErr = '';
    // The CLI's watch starts "from now" too, long before the quiet time ends.
    cli.stdout.on('data', (c: Buffer) => (cliOut += c.toString()));
    cli.stderr.on('data', (c: Buffer) => (cliErr += c.toString()));
    try {
      for (const w of watchers) {
        received.set(w.options.prefix, []);
        w.onEvents(batch => received.get(w.options.prefix)!.push(...batch));
        await w.start();
        // Live now: any state after this is a reconnect.
        w.onState((s: WatchState) => states.push(`${w.options.prefix}: ${s.kind}${s.kind === 'reconnecting' ? ` (${s.reason})` : ''}`));
      }
      await new Promise(resolve => setTimeout(resolve, QUIET_MS));
      assert.deepStrictEqual(states, [], 'a watch changed state on a quiet cluster');
      assert.ok(!/reconnecting/.test(cliErr), `ztap-etcd watch reconnected: ${cliErr}`);
      assert.strictEqual(cli.exitCode, null, `ztap-etcd watch exited: ${cliErr}`);
      for (let i = 1; i <= 3; i++) {
        await etcd.put(`/ztap/quiet/after-${i}`).value(`v${i}`);
      }
      await eventually(
        () => {
          assert.deepStrictEqual(
            received.get('/ztap/quiet/')!.map(e => e.key.toString()),
            ['/ztap/quiet/after-1', '/ztap/quiet/after-2', '/ztap/quiet/after-3'],
          );
          assert.strictEqual(received.get('/ztap/')!.length, 3);
          assert.deepStrictEqual(
            received.get('/ztap/quiet/after-1')!.map(e => e.value.toString()),
            ['v1'],
          );
          const lines = cliOut.trim().split('\n').filter(Boolean);
          assert.deepStrictEqual(
            lines.map(l => JSON.parse(l).key),
            ['/ztap/quiet/after-1', '/ztap/quiet/after-2', '/ztap/quiet/after-3'],
          );
          return true;
        },
        10_000,
        'the events after the quiet time',
      );
      assert.deepStrictEqual(states, [], 'a watch changed state when the events came');
    } finally {
      watchers.forEach(w => w.dispose());
      await killAndWait(cli, 'SIGINT');
      etcd.close();
    }
  });
});

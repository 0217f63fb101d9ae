import * as assert from 'assert';
import { createServer, Server, Socket } from 'net';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { ConnectionManager, ConnectionState } from '../../src/core/connection/connectionManager';
import { freePort } from '../../src/core/local/freePort';
import { useEtcd } from '../support/etcdFixture';

describe('connection manager (real etcd)', () => {
  const etcd = useEtcd();
  let manager: ConnectionManager;
  beforeEach(() => (manager = new ConnectionManager()));
  afterEach(() => manager.dispose());

  it('connects, reports connecting then connected, and serves requests', async () => {
    const seen: ConnectionState['kind'][] = [];
    manager.onDidChangeState(s => seen.push(s.kind));
    const state = await manager.connect(resolveConnection({ endpoints: etcd().endpoints }, {}));
    assert.strictEqual(state.kind, 'connected');
    assert.deepStrictEqual(seen, ['connecting', 'connected']);
    assert.strictEqual(state.kind === 'connected' && state.memberCount, 1);
    await manager.requireSession().client.put('/ztap/probe').value('x');
    assert.strictEqual(await manager.requireSession().client.get('/ztap/probe').string(), 'x');
  });

  it('disconnects and reconnects with the same configuration', async () => {
    await manager.connect(resolveConnection({ endpoints: etcd().endpoints }, {}));
    manager.disconnect();
    assert.strictEqual(manager.state.kind, 'disconnected');
    assert.throws(() => manager.requireSession().client, /Not connected/);
    const again = await manager.reconnect();
    assert.strictEqual(again.kind, 'connected');
  });

  it('fails fast with "connection refused" on a closed port', async () => {
    const port = await freePort();
    const started = Date.now();
    const state = await manager.connect(resolveConnection({ endpoints: [`127.0.0.1:${port}`], dialTimeoutMs: 2000 }, {}));
    assert.strictEqual(state.kind, 'failed');
    assert.strictEqual(state.kind === 'failed' && state.failure.kind, 'connection refused');
    assert.match(state.kind === 'failed' ? state.failure.message : '', new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  describe('an endpoint that accepts TCP but never answers', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    let port: number;
    before(async () => {
      port = await freePort();
      silent = createServer(s => sockets.push(s));
      await new Promise<void>(r => silent.listen(port, '127.0.0.1', () => r()));
    });
    after(() => {
      sockets.forEach(s => s.destroy());
      silent.close();
    });

    it('fails with "timed out" within the dial timeout plus about a second, no hang', async () => {
      const dialTimeoutMs = 1500;
      const started = Date.now();
      const state = await manager.connect(resolveConnection({ endpoints: [`127.0.0.1:${port}`], dialTimeoutMs }, {}));
      const took = Date.now() - started;
      assert.strictEqual(state.kind, 'failed');
      assert.strictEqual(state.kind === 'failed' && state.failure.kind, 'timed out');
      assert.ok(took >= dialTimeoutMs - 50 && took < dialTimeoutMs + 1000, `took ${took} ms`);
    });
  });

  it('lets only the latest attempt set the state', async () => {
    const port = await freePort();
    const slow = manager.connect(resolveConnection({ endpoints: [`127.0.0.1:${port}`], dialTimeoutMs: 1000 }, {}));
    const fast = await manager.connect(resolveConnection({ endpoints: etcd().endpoints }, {}));
    assert.strictEqual((await slow).kind, 'superseded');
    assert.strictEqual(fast.kind, 'connected');
    assert.strictEqual(manager.state.kind, 'connected');
  });

  it('a connect gives a session that ends (once, closing its client) when the next connect begins', async () => {
    const config = resolveConnection({ endpoints: etcd().endpoints }, {});
    const started: string[] = [];
    manager.onDidStartSession(s => started.push(s.clusterId));
    await manager.connect(config);
    const first = manager.requireSession();
    assert.deepStrictEqual(started, [first.clusterId]);
    assert.strictEqual(first.config, config);
    let ends = 0;
    first.onDidEnd(() => ends++);
    await first.client.put('/ztap/session').value('1');
    await manager.reconnect();
    const second = manager.requireSession();
    assert.notStrictEqual(second, first);
    assert.strictEqual(ends, 1);
    assert.ok(first.ended && !second.ended);
    await assert.rejects(first.client.get('/ztap/session').string(), /closed/i);
    assert.strictEqual(await second.client.get('/ztap/session').string(), '1');
    manager.disconnect();
    assert.ok(second.ended);
    assert.strictEqual(manager.session, undefined);
    assert.strictEqual(ends, 1);
  });
});

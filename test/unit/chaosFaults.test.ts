import * as assert from 'assert';
import { createServer, connect, Server, Socket } from 'net';
import { FaultProxy } from '../chaos/faultProxy';
import { drawSchedule } from '../chaos/schedule';

/** An echo server on a free loopback port. */
async function echoServer(): Promise<Server> {
  const server = createServer(socket => socket.pipe(socket));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

/** Sends `text` and resolves with the echo and how long it took, or undefined after `waitMs`. */
function roundTrip(socket: Socket, text: string, waitMs: number): Promise<{ echo: string; ms: number } | undefined> {
  const started = Date.now();
  return new Promise(resolve => {
    let got = '';
    const onData = (chunk: Buffer) => {
      got += chunk.toString();
      if (got.length >= text.length) {
        socket.off('data', onData);
        clearTimeout(timer);
        resolve({ echo: got, ms: Date.now() - started });
      }
    };
    const timer = setTimeout(() => {
      socket.off('data', onData);
      resolve(undefined);
    }, waitMs);
    socket.on('data', onData);
    socket.write(text);
  });
}

describe("the chaos run's faults", () => {
  it('a fault proxy passes bytes, holds them both ways while cut and delivers them when healed, and adds its delay', async () => {
    const server = await echoServer();
    const proxy = await FaultProxy.start(portOf(server));
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    try {
      await new Promise(resolve => socket.once('connect', resolve));
      assert.strictEqual((await roundTrip(socket, 'one', 2000))?.echo, 'one');
      proxy.set({ cut: true });
      const held = roundTrip(socket, 'two', 5000);
      await new Promise(resolve => setTimeout(resolve, 300));
      const heldFor = Date.now();
      proxy.set({ cut: false });
      const healed = await held;
      assert.strictEqual(healed?.echo, 'two', 'what was sent while cut arrives after the heal');
      assert.ok(healed.ms >= 300 && Date.now() - heldFor < 1000, `held ${healed.ms} ms`);
      proxy.set({ delayMs: 150 });
      const slow = await roundTrip(socket, 'three', 3000);
      // 150 ms each way.
      assert.ok(slow && slow.echo === 'three' && slow.ms >= 300, `slow round trip ${slow?.ms} ms`);
    } finally {
      socket.destroy();
      await proxy.stop();
      server.close();
    }
  });

  it('the schedule is the same for a seed, starts a fault at least every 10 s, and ends each before the run', () => {
    const runMs = 300_000;
    const a = drawSchedule(42, runMs);
    assert.deepStrictEqual(drawSchedule(42, runMs), a);
    assert.notDeepStrictEqual(drawSchedule(43, runMs), a);
    assert.ok(a[0].atMs <= 10_000);
    for (let i = 1; i < a.length; i++) {
      assert.ok(a[i].atMs - a[i - 1].atMs <= 10_000, `gap before fault ${i}`);
    }
    assert.ok(runMs - a[a.length - 1].atMs <= 30_000, 'faults go on to the last half-minute');
    assert.ok(a.every(f => f.atMs + f.durationMs <= runMs));
    const kinds = new Set(a.map(f => f.kind));
    assert.deepStrictEqual([...kinds].sort(), ['clients-cut', 'compact', 'freeze', 'kill', 'partition', 'partition-leader', 'slow']);
    assert.ok(a.filter(f => f.kind === 'slow').every(f => f.delayMs >= 100 && f.delayMs <= 500));
    assert.ok(a.filter(f => f.kind === 'freeze').every(f => f.durationMs >= 1000 && f.durationMs <= 20_000));
  });
});

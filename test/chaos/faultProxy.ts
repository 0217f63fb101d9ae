import { createServer, connect, Server, Socket } from 'net';

type Item = { due: number; data: Buffer } | { due: number; end: true };

/** One direction of a proxied connection: what arrived, held until it is due and the link is up. */
class Pipe {
  private readonly queue: Item[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly link: FaultProxy,
  ) {
    from.on('data', data => this.push({ due: Date.now() + link.delayMs, data }));
    from.on('end', () => this.push({ due: Date.now() + link.delayMs, end: true }));
  }

  private push(item: Item): void {
    // Order is kept: nothing is due before what came earlier.
    const last = this.queue[this.queue.length - 1];
    item.due = Math.max(item.due, last?.due ?? 0);
    this.queue.push(item);
    this.pump();
  }

  pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.link.cut) {
      // A partition: nothing passes and the sender is not read (TCP backs up) until it heals.
      this.from.pause();
      return;
    }
    this.from.resume();
    while (this.queue.length && this.queue[0].due <= Date.now()) {
      const item = this.queue.shift()!;
      if ('end' in item) {
        this.ended = true;
        this.to.end();
      } else if (!this.ended && !this.to.destroyed) {
        this.to.write(item.data);
      }
    }
    if (this.queue.length) {
      this.timer = setTimeout(() => this.pump(), this.queue[0].due - Date.now());
    }
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/**
 * A TCP proxy on 127.0.0.1 in front of one port, for one link of the chaos run (one
 * member's peer traffic to another, or the clients' traffic to one member). `cut` holds
 * every byte both ways, and new connections, without closing anything (what a
 * partition does to TCP: the peers see silence, and what was sent arrives after it
 * heals unless they gave up); `delayMs` adds latency to each direction, order kept.
 * etcd's own functional tester puts such proxies in front of its members for the same
 * faults.
 */
export class FaultProxy {
  cut = false;
  delayMs = 0;
  private readonly server: Server;
  private readonly pipes = new Set<Pipe>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly targetPort: number,
    server: Server,
  ) {
    this.server = server;
  }

  static async start(targetPort: number): Promise<FaultProxy> {
    const server = createServer({ pauseOnConnect: true });
    const proxy = new FaultProxy(targetPort, server);
    server.on('connection', socket => proxy.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** Cuts or heals the link; a delay of 0 ends a slow link. */
  set(state: { cut?: boolean; delayMs?: number }): void {
    this.cut = state.cut ?? this.cut;
    this.delayMs = state.delayMs ?? this.delayMs;
    for (const pipe of this.pipes) {
      pipe.pump();
    }
  }

  private accept(client: Socket): void {
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const there = new Pipe(client, upstream, this);
    const back = new Pipe(upstream, client, this);
    this.pipes.add(there);
    this.pipes.add(back);
    let done = false;
    let waiting = false;
    const close = () => {
      if (done || waiting) {
        return;
      }
      // A link that is cut does not carry the close either: it is held until the link
      // heals, and what is still delayed is delivered first.
      if (this.cut || ((there.pending || back.pending) && !client.destroyed && !upstream.destroyed)) {
        waiting = true;
        setTimeout(() => {
          waiting = false;
          close();
        }, 100);
        return;
      }
      done = true;
      there.stop();
      back.stop();
      this.pipes.delete(there);
      this.pipes.delete(back);
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    there.pump();
    back.pump();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    for (const pipe of this.pipes) {
      pipe.stop();
    }
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}

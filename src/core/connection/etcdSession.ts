import type { Etcd3 } from 'etcd3';
import type { ConnectionConfig } from '../config/connectionConfig';
import { Disposable, Emitter } from '../events';

/**
 * One established connection: the client and the configuration it was made with.
 * What runs on a connection (the tree's listings and live updates, watches, local
 * election nodes) holds its session and stops on `onDidEnd`; ending the connection
 * is this one dispose, which closes the client.
 */
export class EtcdSession implements Disposable {
  private readonly endEmitter = new Emitter<void>();
  /** Fires once, when the session ends (a reconnect, another cluster, disconnect, shut-down). */
  readonly onDidEnd = this.endEmitter.event;
  private done = false;

  constructor(
    readonly client: Etcd3,
    readonly config: ConnectionConfig,
    /** etcd's cluster id (hex), for telling "the same cluster again" from another one. */
    readonly clusterId: string,
  ) {}

  get ended(): boolean {
    return this.done;
  }

  dispose(): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.endEmitter.fire();
    this.endEmitter.dispose();
    this.client.close();
  }
}

import type { Etcd3 } from 'etcd3';
import { ConnectionConfig, describeConnection } from '../config/connectionConfig';
import { ConfigError } from '../config/configError';
import { createEtcd3 } from '../client/etcdClient';
import { classifyError, EtcdFailure, withTimeout } from '../client/errors';
import { Disposable, Emitter } from '../events';

export type ConnectionState =
  | { kind: 'disconnected' }
  | { kind: 'connecting'; target: string }
  | { kind: 'connected'; target: string; clusterId: string; memberCount: number }
  | { kind: 'failed'; target: string; failure: EtcdFailure };

/**
 * Owns the one live etcd client. A new connect supersedes a pending one, and only
 * the latest attempt may change the state, so a slow dead endpoint cannot
 * overwrite the result of a later, successful attempt.
 */
export class ConnectionManager implements Disposable {
  private readonly stateEmitter = new Emitter<ConnectionState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private current: ConnectionState = { kind: 'disconnected' };
  private etcd: Etcd3 | undefined;
  private config: ConnectionConfig | undefined;
  private attempt = 0;

  get state(): ConnectionState {
    return this.current;
  }

  get connectionConfig(): ConnectionConfig | undefined {
    return this.config;
  }

  /** The connected client; throws the last failure when not connected. */
  get client(): Etcd3 {
    if (this.current.kind === 'connected' && this.etcd) {
      return this.etcd;
    }
    if (this.current.kind === 'failed') {
      throw this.current.failure;
    }
    throw new EtcdFailure('unavailable', 'Not connected to etcd.');
  }

  /**
   * Dials `config` and checks it with a member list within the dial timeout.
   * Resolves with the new state; never rejects for network reasons.
   */
  async connect(config: ConnectionConfig): Promise<ConnectionState> {
    const attempt = ++this.attempt;
    this.closeClient();
    this.config = config;
    const target = describeConnection(config);
    // Failures name the endpoints only ("[https://a:2379]: TLS failure (...)").
    const where = `[${config.endpoints.map(e => e.original).join(', ')}]`;
    this.setState({ kind: 'connecting', target });
    let etcd: Etcd3 | undefined;
    try {
      etcd = createEtcd3(config);
      const list = await withTimeout(
        etcd.cluster.memberList({}, { deadline: Date.now() + config.dialTimeoutMs }),
        config.dialTimeoutMs + 250,
        'connect',
        where,
      );
      if (attempt !== this.attempt) {
        etcd.close();
        return this.current;
      }
      this.etcd = etcd;
      this.setState({
        kind: 'connected',
        target,
        clusterId: BigInt(list.header.cluster_id).toString(16),
        memberCount: list.members.length,
      });
    } catch (err) {
      etcd?.close();
      if (attempt === this.attempt) {
        const failure = err instanceof ConfigError ? new EtcdFailure('configuration', err.message) : classifyError(err, where);
        this.setState({ kind: 'failed', target, failure });
      }
    }
    return this.current;
  }

  /** Records a configuration that could not even be resolved, so the UI shows why. */
  fail(target: string, error: ConfigError | EtcdFailure): ConnectionState {
    this.attempt++;
    this.closeClient();
    const failure = error instanceof EtcdFailure ? error : new EtcdFailure('configuration', error.message);
    this.setState({ kind: 'failed', target, failure });
    return this.current;
  }

  /** Connects again with the last configuration. */
  reconnect(): Promise<ConnectionState> {
    if (!this.config) {
      return Promise.resolve(this.current);
    }
    return this.connect(this.config);
  }

  disconnect(): void {
    this.attempt++;
    this.closeClient();
    this.setState({ kind: 'disconnected' });
  }

  dispose(): void {
    this.attempt++;
    this.closeClient();
    this.stateEmitter.dispose();
  }

  private closeClient(): void {
    this.etcd?.close();
    this.etcd = undefined;
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }
}

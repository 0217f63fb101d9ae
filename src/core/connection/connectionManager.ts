import type { Etcd3 } from 'etcd3';
import { ConnectionConfig, describeConnection } from '../config/connectionConfig';
import { ConfigError } from '../config/configError';
import { createEtcd3 } from '../client/etcdClient';
import { classifyError, EtcdFailure, withTimeout } from '../client/errors';
import { Disposable, Emitter } from '../events';
import { checkCluster } from './clusterCheck';
import { EtcdSession } from './etcdSession';
import { AUTH_REQUIRED, isMissingUser } from '../cluster/endpointProbe';

export type ConnectionState =
  | { kind: 'disconnected' }
  | { kind: 'connecting'; target: string }
  | { kind: 'connected'; target: string; clusterId: string; memberCount: number }
  | { kind: 'failed'; target: string; failure: EtcdFailure };

/** What one connect attempt came to: its state, or superseded by a later attempt (which then owns the state). */
export type ConnectOutcome = ConnectionState | { kind: 'superseded' };

/**
 * Owns the one live session (client and config). A new connect supersedes a pending
 * one, and only the latest attempt may change the state, so a slow dead endpoint
 * cannot overwrite the result of a later, successful attempt. A session ends (is
 * disposed) when another connect begins, on disconnect and on dispose.
 */
export class ConnectionManager implements Disposable {
  private readonly stateEmitter = new Emitter<ConnectionState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly sessionEmitter = new Emitter<EtcdSession>();
  /** Fires when a connect succeeds, with the new session, before the state says "connected". */
  readonly onDidStartSession = this.sessionEmitter.event;
  private current: ConnectionState = { kind: 'disconnected' };
  private live: EtcdSession | undefined;
  private config: ConnectionConfig | undefined;
  private attempt = 0;

  get state(): ConnectionState {
    return this.current;
  }

  get connectionConfig(): ConnectionConfig | undefined {
    return this.config;
  }

  /** The live session, if connected. */
  get session(): EtcdSession | undefined {
    return this.current.kind === 'connected' ? this.live : undefined;
  }

  /** The live session; throws the last failure (or "not connected") when there is none. */
  requireSession(): EtcdSession {
    if (this.current.kind === 'connected' && this.live) {
      return this.live;
    }
    if (this.current.kind === 'failed') {
      throw this.current.failure;
    }
    throw new EtcdFailure('unavailable', 'Not connected to etcd.');
  }

  /**
   * Ends the live session, dials `config` and checks it with a member list within the
   * dial timeout. Resolves with this attempt's outcome ("superseded" when a later
   * attempt began meanwhile); never rejects for network reasons.
   */
  async connect(config: ConnectionConfig): Promise<ConnectOutcome> {
    const attempt = ++this.attempt;
    this.endSession();
    this.config = config;
    const target = describeConnection(config);
    // Failures name the endpoints only ("[https://a:2379]: TLS failure (...)").
    const where = `[${config.endpoints.map(e => e.original).join(', ')}]`;
    this.setState({ kind: 'connecting', target });
    let etcd: Etcd3 | undefined;
    try {
      etcd = createEtcd3(config);
      const { clusterId, memberCount } = await withTimeout(
        checkCluster(etcd, { deadline: Date.now() + config.dialTimeoutMs }),
        config.dialTimeoutMs + 250,
        'connect',
        where,
      );
      if (attempt !== this.attempt) {
        etcd.close();
        return { kind: 'superseded' };
      }
      this.live = new EtcdSession(etcd, config, clusterId);
      this.sessionEmitter.fire(this.live);
      this.setState({ kind: 'connected', target, clusterId, memberCount });
    } catch (err) {
      etcd?.close();
      if (attempt !== this.attempt) {
        return { kind: 'superseded' };
      }
      let failure = err instanceof ConfigError ? new EtcdFailure('configuration', err.message) : classifyError(err, where);
      if (isMissingUser(config, failure.message)) {
        failure = new EtcdFailure('authentication failed', `${where}: ${AUTH_REQUIRED}`);
      }
      this.setState({ kind: 'failed', target, failure });
    }
    return this.current;
  }

  /** Records a configuration that could not even be resolved, so the UI shows why. */
  fail(target: string, error: ConfigError | EtcdFailure): ConnectionState {
    this.attempt++;
    this.endSession();
    const failure = error instanceof EtcdFailure ? error : new EtcdFailure('configuration', error.message);
    this.setState({ kind: 'failed', target, failure });
    return this.current;
  }

  /** Connects again with the last configuration. */
  reconnect(): Promise<ConnectOutcome> {
    if (!this.config) {
      return Promise.resolve(this.current);
    }
    return this.connect(this.config);
  }

  disconnect(): void {
    this.attempt++;
    this.endSession();
    this.setState({ kind: 'disconnected' });
  }

  dispose(): void {
    this.attempt++;
    this.endSession();
    this.stateEmitter.dispose();
    this.sessionEmitter.dispose();
  }

  private endSession(): void {
    const ending = this.live;
    this.live = undefined;
    ending?.dispose();
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }
}

import * as vscode from 'vscode';
import { ConnectionConfig, resolveConnection } from '../../core/config/connectionConfig';
import { ConfigError } from '../../core/config/configError';
import { EtcdFailure, FailureKind } from '../../core/client/errors';
import { ConnectionManager, ConnectionState } from '../../core/connection/connectionManager';
import type { EtcdSession } from '../../core/connection/etcdSession';
import { plural } from '../../core/text/plural';
import { MemberHealthPoll } from '../../core/cluster/memberHealthPoll';
import type { MemberMetrics, MetricsPoll } from '../../core/metrics/metricsPoll';
import { sessionMetricsPoll } from '../../core/metrics/sessionMetricsPoll';
import { probeEndpoint } from '../../core/cluster/endpointProbe';
import { ClusterMembers, loadMembers } from '../../core/cluster/members';
import { COMMANDS } from '../commands/commandIds';
import type { Log } from '../log';
import { PasswordStore } from './secrets';
import { affectsConnection, readConnectionSettings, readMetricsIntervalMs, readProfileSettings } from '../settings';
import { listProfiles, Profile, ProfileInput, validateProfile, writePolicy, WritePolicy } from '../../core/config/profiles';

const ACTIVE_KEY = 'ztap.activeConnection';
const MUTED_KEY = 'ztap.mutedConnectionFailures';

const UNREACHABLE = new Set<FailureKind>(['connection refused', 'timed out', 'name not resolved', 'unavailable']);

/**
 * Joins settings, secrets and the core's ConnectionManager. Connects on first
 * need (the tree asking for children), and again whenever `ztap.etcd.*` changes.
 */
export class ConnectionService implements vscode.Disposable {
  private readonly manager = new ConnectionManager();
  readonly onDidChangeState = this.manager.onDidChangeState;
  /** A connect succeeded: what runs on the connection takes this session, and stops when it ends. */
  readonly onDidStartSession = this.manager.onDidStartSession;
  private pending: Promise<ConnectionState> | undefined;
  private attempts = 0;
  /** For tests: connection failures reported to the user (notified, or muted by Don't Show Again). */
  failuresReported = 0;
  /** Numbers the connects asked for, so an earlier one (still asking for a password, say) never dials after a later one. */
  private sequence = 0;
  /** While the local etcd runs, it replaces the configured endpoints. */
  private localEndpoint: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The live session's members, polled for every view that shows them (one poll per connection). */
  private poll: MemberHealthPoll | undefined;
  private readonly membersEmitter = new vscode.EventEmitter<ClusterMembers>();
  /** Each answer of the members' poll: health, leader, status. */
  readonly onDidPollMembers = this.membersEmitter.event;
  /** The live session's metrics poll: it reads while the dashboard is open. */
  private metricsPoll: MetricsPoll | undefined;
  private readonly metricsEmitter = new vscode.EventEmitter<readonly MemberMetrics[]>();
  /** Each round of the metrics poll, and an empty list when it ends (its warnings no longer hold). */
  readonly onDidPollMetrics = this.metricsEmitter.event;

  constructor(
    private readonly log: Log,
    private readonly passwords: PasswordStore,
    private readonly memento: vscode.Memento,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (affectsConnection(e)) {
          log.info('Connection settings changed: reconnecting.');
          void this.connect();
        }
      }),
      { dispose: () => this.manager.dispose() },
      this.membersEmitter,
      this.metricsEmitter,
      { dispose: () => this.endPolls() },
    );
    this.manager.onDidChangeState(state => this.logState(state));
    this.manager.onDidStartSession(session => {
      this.endPolls();
      const poll = (this.poll = new MemberHealthPoll(() => loadMembers(session.client, session.config)));
      poll.subscribe(members => this.membersEmitter.fire(members));
      this.metricsPoll = sessionMetricsPoll(session, poll, readMetricsIntervalMs());
    });
    this.manager.onDidChangeState(state => {
      if (state.kind !== 'connected') {
        this.endPolls();
      }
    });
  }

  private endPolls(): void {
    this.poll?.dispose();
    this.poll = undefined;
    if (this.metricsPoll) {
      this.metricsPoll.dispose();
      this.metricsPoll = undefined;
      this.metricsEmitter.fire([]);
    }
  }

  /**
   * Reads every member's metrics while the returned subscription lasts (the dashboard
   * holds one while open), each round fired as onDidPollMetrics. Undefined while not
   * connected.
   */
  readMetricsWhile(): vscode.Disposable | undefined {
    const poll = this.session ? this.metricsPoll : undefined;
    if (!poll) {
      return undefined;
    }
    const subscription = poll.subscribe(members => this.metricsEmitter.fire(members));
    return new vscode.Disposable(() => {
      subscription.dispose();
      if (this.metricsPoll === poll) {
        this.metricsEmitter.fire([]); // no longer read: its warnings are not shown as current
      }
    });
  }

  /** The metrics poll's last round (its history included), or nothing when it does not run. */
  get metrics(): readonly MemberMetrics[] {
    return this.metricsPoll?.members ?? [];
  }

  /** The members' poll of the live session (undefined while not connected). */
  get members(): MemberHealthPoll | undefined {
    return this.session ? this.poll : undefined;
  }

  get state(): ConnectionState {
    return this.manager.state;
  }

  get config(): ConnectionConfig | undefined {
    return this.manager.connectionConfig;
  }

  /** The live session, if connected. */
  get session(): EtcdSession | undefined {
    return this.manager.session;
  }

  /** The live session; throws the connection's failure (or "not connected") when there is none. */
  requireSession(): EtcdSession {
    return this.manager.requireSession();
  }

  /** Ends the session and stays disconnected until the next connect. */
  disconnect(): void {
    this.manager.disconnect();
  }

  /** Connects if nothing has been tried yet; joins an attempt in flight. */
  ensureConnected(): Promise<ConnectionState> {
    if (this.pending) {
      return this.pending;
    }
    if (this.state.kind === 'disconnected') {
      return this.connect();
    }
    return Promise.resolve(this.state);
  }

  /**
   * The connection's name where it is shown (the tree's row, the dashboard's heading):
   * the profile's name, "local etcd", or for the unnamed Default connection its first
   * endpoint and how many more ("+2"), short enough for the default sidebar width.
   */
  get displayName(): string {
    const profile = this.activeProfile;
    if (this.usingLocal) {
      return 'local etcd';
    }
    if (profile.source !== 'single') {
      return profile.name;
    }
    const endpoints = this.config ? this.config.endpoints.map(e => e.original) : (profile.input.endpoints ?? []);
    // "http://" is what no scheme means anyway; "https://" stays, it says TLS.
    const [first, ...rest] = endpoints.map(e => e.replace(/^http:\/\//, ''));
    return first === undefined ? 'etcd' : `${first}${rest.length ? ` +${rest.length}` : ''}`;
  }

  /** Whether a connect has been asked for yet (before that, the tree says "connecting"). */
  get started(): boolean {
    return this.attempts > 0;
  }

  /** (Re)connects with the current settings. */
  connect(): Promise<ConnectionState> {
    this.attempts++;
    const attempt = this.doConnect();
    this.pending = attempt;
    void attempt.finally(() => {
      if (this.pending === attempt) {
        this.pending = undefined;
      }
    });
    return attempt;
  }

  private localVersion: string | undefined;

  get usingLocal(): boolean {
    return this.localEndpoint !== undefined;
  }

  /** The etcd release the local etcd runs ("3.6.17"), while the connection uses it. */
  get localRelease(): string | undefined {
    return this.localEndpoint === undefined ? undefined : this.localVersion;
  }

  /** Switches to the local etcd (or back to the settings with `undefined`) and reconnects. */
  useLocalEndpoint(endpoint: string | undefined, release?: string): Promise<ConnectionState> {
    this.localEndpoint = endpoint;
    this.localVersion = release;
    return this.connect();
  }

  /** Every profile: `ztap.connections`, or Default from the single settings; plus Environment. */
  get profiles(): Profile[] {
    return listProfiles(readProfileSettings(), readConnectionSettings());
  }

  /** The profile connected to (or to connect to): the one last chosen, else the first. */
  get activeProfile(): Profile {
    const all = this.profiles;
    const chosen = this.memento.get<string>(ACTIVE_KEY);
    return all.find(p => p.name === chosen) ?? all[0];
  }

  /** Makes `name` the active profile and connects to it. */
  async switchTo(name: string): Promise<ConnectionState> {
    if (!this.profiles.some(p => p.name === name)) {
      throw new Error(`There is no connection named "${name}" (see ztap.connections).`);
    }
    await this.memento.update(ACTIVE_KEY, name);
    this.localEndpoint = undefined;
    return this.connect();
  }

  /**
   * Whether anything answers at a profile's endpoints, without connecting to it (no
   * password asked: a member that asks for one has answered). Undefined when one does,
   * else what the first endpoint said.
   */
  async probeProfile(name: string): Promise<string | undefined> {
    const profile = this.profiles.find(p => p.name === name);
    if (!profile) {
      return `there is no connection named "${name}"`;
    }
    const config = validateProfile(this.resolveInput(profile), process.env);
    const probes = await Promise.all(config.endpoints.map(e => probeEndpoint(config, e, config.dialTimeoutMs)));
    if (probes.some(p => p.status !== null || p.health.ok || p.health.authRequired)) {
      return undefined;
    }
    return `${probes[0].url}: ${probes[0].health.error ?? 'no answer'}`;
  }

  /** Removes the stored password of the active (or named) profile's user. */
  async forgetPassword(name = this.activeProfile.name): Promise<string | undefined> {
    const profile = this.profiles.find(p => p.name === name);
    const username = profile ? (this.resolveInput(profile).username ?? process.env.ZTAP_ETCD_USERNAME) : undefined;
    if (!profile || !username) {
      return undefined;
    }
    await this.passwords.forget(profile.name, username);
    return username;
  }

  /** Why writes are refused on this connection, or undefined when they may go (perhaps after asking). */
  readOnlyReason(): string | undefined {
    const config = this.config;
    if (!config || this.localEndpoint) {
      return undefined; // the local etcd is always writable
    }
    const profile = this.activeProfile;
    if (writePolicy(profile.input.readOnly, config.endpoints) !== 'read-only') {
      return undefined;
    }
    return profile.source === 'settings'
      ? `the connection "${profile.name}" is read-only (set "readOnly": false in its entry of ztap.connections to allow writes)`
      : `the connection "${profile.name}" is not on this machine, so it is read-only (define it in ztap.connections with "readOnly": false to allow writes)`;
  }

  /**
   * The cluster a write must be confirmed on, as the question names it ("name"
   * (endpoints)): an off-machine connection whose entry allows writes; undefined where
   * writes need no question (this machine, the local etcd).
   */
  writeConfirmationTarget(): string | undefined {
    const config = this.config;
    if (!config || this.localEndpoint || writePolicy(this.activeProfile.input.readOnly, config.endpoints) === 'writable') {
      return undefined;
    }
    return `"${this.activeProfile.name}" (${config.endpoints.map(e => e.original).join(', ')})`;
  }

  private resolveInput(profile: Profile): ProfileInput {
    return profile.source === 'single' ? { ...readConnectionSettings(), name: profile.name } : profile.input;
  }

  /** Whether a profile's cluster may be written to (read-only, ask first, writable), from its settings alone: no password asked. */
  writePolicyOf(name: string): WritePolicy {
    const { profile, base } = this.settingsOf(name);
    return writePolicy(profile.input.readOnly, base.endpoints);
  }

  /**
   * The resolved settings of another profile (Compare with Connection), asking for its
   * user's password on first need, as connecting to it would.
   */
  async profileConfig(name: string): Promise<ConnectionConfig> {
    const { profile, input, base } = this.settingsOf(name);
    return this.withPassword(profile, input, process.env, base, true);
  }

  /** A named profile and its settings resolved without a password. */
  private settingsOf(name: string): { profile: Profile; input: ProfileInput; base: ConnectionConfig } {
    const profile = this.profiles.find(p => p.name === name);
    if (!profile) {
      throw new Error(`There is no connection named "${name}" (see ztap.connections).`);
    }
    const input = this.resolveInput(profile);
    const base = profile.source === 'settings' ? validateProfile(input, process.env) : resolveConnection(input, process.env);
    return { profile, input, base };
  }

  /** The resolved settings of the active profile, asking for the password on first need. */
  async resolveConfig(askPassword: boolean): Promise<ConnectionConfig> {
    const profile = this.activeProfile;
    const settings = this.resolveInput(profile);
    // The local etcd has no auth or TLS: only the endpoint and key layout apply.
    const input = this.localEndpoint ? { ...settings, endpoints: [this.localEndpoint], username: undefined, tls: undefined } : settings;
    // Nor do the ZTAP_ETCD_* env vars: they describe the user's real cluster.
    const env = this.localEndpoint ? {} : process.env;
    const base = profile.source === 'settings' && !this.localEndpoint ? validateProfile(input, env) : resolveConnection(input, env);
    return this.withPassword(profile, input, env, base, askPassword);
  }

  /** `base` with its user's password (kept in secret storage, or asked for when `ask`), when it has a user and no password yet. */
  private async withPassword(profile: Profile, input: ProfileInput, env: NodeJS.ProcessEnv, base: ConnectionConfig, ask: boolean): Promise<ConnectionConfig> {
    if (base.username === undefined || base.password !== undefined) {
      return base;
    }
    const password = await this.passwords.get(profile.name, base.username, base.endpoints, ask);
    return password === undefined ? base : resolveConnection({ ...input, password }, env);
  }

  private async doConnect(): Promise<ConnectionState> {
    const mine = ++this.sequence;
    let config: ConnectionConfig;
    try {
      config = await this.resolveConfig(true);
    } catch (err) {
      if (mine !== this.sequence) {
        return this.manager.state;
      }
      if (err instanceof ConfigError) {
        return this.manager.fail('settings', err);
      }
      throw err;
    }
    if (mine !== this.sequence) {
      return this.manager.state; // a later connect was asked for while this one resolved its settings
    }
    const state = await this.manager.connect(config);
    if (state.kind === 'superseded') {
      // A later attempt owns the state, and reports its own failure.
      return this.manager.state;
    }
    if (state.kind === 'failed' && state.failure.kind === 'authentication failed' && config.username) {
      // A wrong stored password must not be retried silently forever.
      await this.passwords.forget(this.activeProfile.name, config.username);
    }
    if (state.kind === 'failed') {
      this.notifyFailure(state.failure);
    }
    return state;
  }

  /** Connections whose failures the user asked not to be notified of again (the tree still shows them). */
  get mutedFailures(): string[] {
    return this.memento.get<string[]>(MUTED_KEY, []);
  }

  async muteFailures(name: string, muted = true): Promise<void> {
    const rest = this.mutedFailures.filter(n => n !== name);
    await this.memento.update(MUTED_KEY, muted ? [...rest, name] : rest);
  }

  private notifyFailure(failure: EtcdFailure): void {
    this.failuresReported++;
    const profile = this.usingLocal ? undefined : this.activeProfile.name;
    if (profile !== undefined && this.mutedFailures.includes(profile)) {
      this.log.info(`Not notifying the failure of "${profile}": its notifications were turned off with Don't Show Again.`);
      return;
    }
    const mute = "Don't Show Again";
    const actions = ['Start Local etcd', 'Configure Connection', 'Open Log', ...(profile !== undefined ? [mute] : [])];
    void vscode.window.showErrorMessage(`ZTAP: cannot connect to etcd: ${failure.message}`, ...actions).then(choice => {
      if (choice === mute && profile !== undefined) {
        void this.muteFailures(profile);
        return;
      }
      const command = { 'Start Local etcd': COMMANDS.startLocalEtcd, 'Configure Connection': COMMANDS.configureConnection, 'Open Log': COMMANDS.showLog }[
        choice ?? ''
      ];
      if (command) {
        void vscode.commands.executeCommand(command);
      }
    });
  }

  private logState(state: ConnectionState): void {
    // The welcome view ("nothing answers") shows while this is true.
    const unreachable = state.kind === 'failed' && UNREACHABLE.has(state.failure.kind);
    void vscode.commands.executeCommand('setContext', 'ztap.unreachable', unreachable);
    switch (state.kind) {
      case 'connecting':
        this.log.info(`Connecting to ${state.target}`);
        break;
      case 'connected':
        this.log.info(`Connected to ${state.target}: cluster ${state.clusterId}, ${plural(state.memberCount, 'member')}`);
        break;
      case 'failed':
        this.log.error(`Connection to ${state.target} failed: ${state.failure.message}`);
        break;
      case 'disconnected':
        this.log.info('Disconnected');
        break;
    }
  }

  dispose(): void {
    this.disposables.forEach(d => d.dispose());
  }
}

import * as vscode from 'vscode';
import { ElectionEvent, ElectionParticipant } from '../../core/election/participant';
import type { ParticipantConfig } from '../../core/election/participantConfig';
import type { EtcdSession } from '../../core/connection/etcdSession';
import type { ConnectionService } from '../connections/connectionService';
import type { Log } from '../log';

/**
 * The election nodes this window runs: several may take part at once. Each is a
 * real participant in ZTAP's election on the current connection. Leadership
 * gained or lost raises a notification; deactivation resigns and stops them all.
 */
export class LocalNodesService implements vscode.Disposable {
  private readonly nodes = new Map<string, ElectionParticipant>();
  private readonly changes = new vscode.EventEmitter<void>();
  /** Fires on every state change of any node, and when nodes come or go. */
  readonly onDidChange = this.changes.event;

  /** The session the nodes run on (there is one live session at a time), and the subscription to its end. */
  private running: { session: EtcdSession; ended: { dispose(): void } } | undefined;

  constructor(
    private readonly connection: ConnectionService,
    private readonly log: Log,
  ) {}

  get all(): ElectionParticipant[] {
    return [...this.nodes.values()];
  }

  get(nodeId: string): ElectionParticipant | undefined {
    return this.nodes.get(nodeId);
  }

  /** `force` takes over a node id that another live session has registered. */
  start(config: ParticipantConfig, force = false): ElectionParticipant {
    if (this.nodes.has(config.nodeId)) {
      throw new Error(`A local node "${config.nodeId}" is already running in this window; pick another id.`);
    }
    // The node runs on this session: when it ends (a reconnect, another cluster, other
    // settings), so does the node. Its lease expires by itself if etcd is gone.
    const session = this.connection.requireSession();
    const settings = session.config;
    const participant = new ElectionParticipant(
      session.client,
      config,
      {
        electionKey: settings.electionKey,
        keyPrefix: settings.keyPrefix,
      },
      force,
    );
    this.nodes.set(config.nodeId, participant);
    if (this.running?.session !== session) {
      this.running?.ended.dispose();
      this.running = { session, ended: session.onDidEnd(() => this.sessionEnded()) };
    }
    participant.onEvent(e => this.onEvent(e));
    participant.start();
    this.log.info(`Local node ${config.nodeId} (${config.address}, TTL ${config.ttlSeconds}s) joins the election on ${settings.electionKey}/`);
    this.changes.fire();
    return participant;
  }

  resign(nodeId: string): void {
    this.nodes.get(nodeId)?.resign();
  }

  async stop(nodeId: string): Promise<void> {
    const participant = this.nodes.get(nodeId);
    if (!participant) {
      return;
    }
    await participant.stop();
    this.nodes.delete(nodeId);
    this.changes.fire();
  }

  private sessionEnded(): void {
    this.running = undefined;
    const count = this.nodes.size;
    if (count > 0) {
      void this.stopAll().then(() => vscode.window.showWarningMessage(`ZTAP: the etcd connection changed; ${count} local election node(s) stopped.`));
    }
  }

  async stopAll(): Promise<number> {
    const ids = [...this.nodes.keys()];
    await Promise.all(ids.map(id => this.stop(id)));
    return ids.length;
  }

  private onEvent(e: ElectionEvent): void {
    const detail = e.event === 'follower' ? ` (leader ${e.leader})` : e.reason ? ` (${e.reason})` : '';
    this.log.info(`Local node ${e.node}: ${e.event}${detail} key ${e.key || '-'} lease ${e.leaseId || '-'}`);
    if (e.event === 'leader') {
      void vscode.window.showInformationMessage(`ZTAP: local node ${e.node} is now the ZTAP leader.`);
    } else if (e.event === 'lost') {
      void vscode.window.showWarningMessage(`ZTAP: local node ${e.node} lost its place: ${e.reason ?? ''}`);
    } else if (e.cause === 'resign-leader') {
      void vscode.window.showInformationMessage(`ZTAP: local node ${e.node} resigned the leadership and joins the line again at its end.`);
    } else if (e.cause === 'resign-follower') {
      void vscode.window.showInformationMessage(`ZTAP: local node ${e.node} was not leading; it gave up its place and joins the line again at its end.`);
    }
    this.changes.fire();
  }

  dispose(): void {
    this.running?.ended.dispose();
    void this.stopAll();
    this.changes.dispose();
  }
}

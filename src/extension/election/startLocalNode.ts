import { hostname } from 'os';
import * as vscode from 'vscode';
import { ConfigError } from '../../core/config/configError';
import { findNodeIdHolder } from '../../core/election/nodeRegistration';
import type { ElectionParticipant } from '../../core/election/participant';
import { PARTICIPANT_DEFAULTS, ParticipantInput, resolveParticipant } from '../../core/election/participantConfig';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';

/**
 * Asks for node id, address and TTL (defaults filled in; each checked as typed)
 * and starts a participant in ZTAP's election. Tests and scripts may pass the
 * answers as an argument instead.
 */
export async function startLocalNode(
  { connection, localNodes, writes }: Services,
  _invocation: Invocation,
  given?: ParticipantInput,
): Promise<ElectionParticipant | undefined> {
  const state = await connection.ensureConnected();
  if (state.kind !== 'connected') {
    throw new Error('Connect to etcd first: the local node campaigns on the current connection.');
  }
  // A participant writes (its key, its registration): the read-only guard applies.
  if (!(await writes.allow('start an election node'))) {
    return undefined;
  }
  const input =
    given ??
    (await ask(
      localNodes.all.map(p => p.config.nodeId),
      connection.config?.sessionTtlSeconds,
    ));
  if (!input) {
    return undefined; // cancelled
  }
  const config = resolveParticipant(input);
  const settings = connection.config;
  const holder = settings ? await findNodeIdHolder(connection.requireSession().client, settings.keyPrefix, config.nodeId) : undefined;
  if (holder) {
    // Two nodes with one id: the second would overwrite the first one's registration.
    const takeOver = 'Take Over';
    const choice = await vscode.window.showWarningMessage(
      `ZTAP: node id "${config.nodeId}" is already registered by a live session${holder.address ? ` at ${holder.address}` : ''} (lease ${holder.leaseId}).`,
      { modal: true, detail: 'Stop that node or choose another id. Take Over overwrites its registration under ' + holder.key + '.' },
      takeOver,
    );
    if (choice !== takeOver) {
      return undefined;
    }
    return localNodes.start(config, true);
  }
  return localNodes.start(config);
}

async function ask(taken: string[], sessionTtl: number = PARTICIPANT_DEFAULTS.ttlSeconds): Promise<ParticipantInput | undefined> {
  const base = process.env.ZTAP_NODE_ID || hostname();
  let suggested = base;
  for (let i = 2; taken.includes(suggested); i++) {
    suggested = `${base}-${i}`;
  }
  const check = (input: ParticipantInput) => {
    try {
      resolveParticipant(input);
      return undefined;
    } catch (err) {
      return err instanceof ConfigError ? err.message : String(err);
    }
  };
  const title = 'ZTAP: Start Local Election Node';
  const nodeId = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: 'Node id (as ZTAP_NODE_ID)',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: v => (taken.includes(v.trim()) ? `A local node "${v.trim()}" already runs in this window.` : check({ nodeId: v })),
  });
  if (nodeId === undefined) {
    return undefined;
  }
  const address = await vscode.window.showInputBox({
    title: `${title} (2/3)`,
    prompt: 'Node address host:port (as ZTAP_NODE_ADDRESS)',
    value: process.env.ZTAP_NODE_ADDRESS || PARTICIPANT_DEFAULTS.address,
    ignoreFocusOut: true,
    validateInput: v => check({ nodeId, address: v }),
  });
  if (address === undefined) {
    return undefined;
  }
  const ttl = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: 'Session TTL in seconds (the lease; failover takes up to this long after a crash)',
    value: String(sessionTtl),
    ignoreFocusOut: true,
    validateInput: v => (/^\d+$/.test(v.trim()) ? check({ nodeId, address, ttlSeconds: Number(v) }) : 'Use a whole number of seconds.'),
  });
  if (ttl === undefined) {
    return undefined;
  }
  return { nodeId: nodeId.trim(), address: address.trim(), ttlSeconds: Number(ttl) };
}

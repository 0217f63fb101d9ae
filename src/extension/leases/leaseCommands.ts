import * as vscode from 'vscode';
import { readElection } from '../../core/election/leaderReader';
import { keepAliveOnce, leaseIdFromHex, leaseIds, leaseInfo } from '../../core/leases/leaseList';
import { idToHex } from '../../core/cluster/ids';
import type { Services } from '../services';
import { LeaseNode } from './leasesNode';
import { Invocation, nodeOf } from '../commands/invocation';

/** The lease (decimal ID) a command acts on: its row, the hex ID given, or one picked. */
async function targetLease(services: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  const node = nodeOf(invocation, LeaseNode);
  if (node) {
    return node.lease.id;
  }
  if (given) {
    return leaseIdFromHex(given);
  }
  const ids = await leaseIds(services.connection.requireSession().client);
  if (ids.length === 0) {
    void vscode.window.showInformationMessage('ZTAP: etcd has no leases.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    ids.map(id => ({ label: idToHex(id), id })),
    { title: 'ZTAP: which lease?' },
  );
  return picked?.id;
}

/**
 * Revoke Lease: deletes the lease and every key on it, after a confirmation that lists
 * those keys and says plainly when it is the ZTAP leader's (the next candidate takes over).
 */
export async function revokeLease(services: Services, invocation: Invocation, given?: string): Promise<boolean> {
  services.writes.refuseIfReadOnly('revoke a lease');
  const id = await targetLease(services, invocation, given);
  if (!id) {
    return false;
  }
  const etcd = services.connection.requireSession().client;
  const info = await leaseInfo(etcd, id);
  if (info.ttl < 0) {
    throw new Error(`lease ${info.hex} is already gone (expired or revoked).`);
  }
  const config = services.connection.config!;
  const leader = (await readElection(etcd, config.electionKey)).leader;
  const isLeader = leader?.leaseId === info.hex;
  const keys = info.keys ?? [];
  const shown = keys.slice(0, 8).join('\n') + (keys.length > 8 ? `\n…and ${keys.length - 8} more` : '');
  const ok = await services.dialogs.confirm(
    isLeader
      ? `ZTAP: revoke lease ${info.hex}? It is the ZTAP leader's (${leader?.node?.id ?? leader?.raw}): its leadership ends and the next candidate takes over.`
      : `ZTAP: revoke lease ${info.hex}?`,
    keys.length ? `Its ${keys.length} key${keys.length === 1 ? '' : 's'} will be deleted with it:\n${shown}` : 'No keys are attached to it.',
    'Revoke',
  );
  if (!ok) {
    return false;
  }
  const done = await services.writes.run(
    `revoke lease ${info.hex}`,
    e => e.leaseClient.leaseRevoke({ ID: id }),
    () => `revoked lease ${info.hex} and its ${keys.length} key${keys.length === 1 ? '' : 's'}`,
  );
  if (done) {
    services.tree.refresh();
  }
  return !!done;
}

/** Keep Alive Once: one keepalive, as a session's heartbeat; the TTL shown jumps back up. */
export async function keepLeaseAlive(services: Services, invocation: Invocation, given?: string): Promise<number | undefined> {
  services.writes.refuseIfReadOnly('keep a lease alive');
  const id = await targetLease(services, invocation, given);
  if (!id) {
    return undefined;
  }
  const ttl = await services.writes.run(
    'keep a lease alive',
    etcd => keepAliveOnce(etcd, id),
    left => `kept lease ${idToHex(id)} alive once (TTL ${left} s)`,
  );
  if (ttl === undefined) {
    return undefined;
  }
  services.tree.leaseClock.record(await leaseInfo(services.connection.requireSession().client, id));
  services.tree.refresh();
  void vscode.window.setStatusBarMessage(`ZTAP: lease ${idToHex(id)} renewed to ${ttl} s`, 4000);
  return ttl;
}

/** Grant Lease...: a new lease of the TTL asked (New Key can attach keys to it); its ID is copied. */
export async function grantLease(services: Services, _invocation: Invocation, given?: number): Promise<string | undefined> {
  services.writes.refuseIfReadOnly('grant a lease');
  const ttl =
    given ??
    Number(
      await vscode.window.showInputBox({
        title: 'ZTAP: Grant Lease: TTL in seconds',
        value: '60',
        validateInput: t => (/^\d+$/.test(t.trim()) && Number(t) >= 1 ? undefined : 'a whole number of seconds, at least 1'),
      }),
    );
  if (!ttl) {
    return undefined;
  }
  const res = await services.writes.run(
    `grant a lease of ${ttl} s`,
    e => e.leaseClient.leaseGrant({ TTL: ttl, ID: 0 }),
    r => `granted lease ${idToHex(String(r.ID))} (${ttl} s)`,
  );
  if (!res) {
    return undefined;
  }
  const hex = idToHex(String(res.ID));
  await vscode.env.clipboard.writeText(hex);
  services.tree.refresh();
  void vscode.window.showInformationMessage(`ZTAP: granted lease ${hex} (${ttl} s; its ID is copied). New Key can attach keys to it.`);
  return hex;
}

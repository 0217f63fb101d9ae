import * as vscode from 'vscode';
import { getKey } from '../../core/values/getKey';
import { guardedPut, WriteConflict } from '../../core/writes/guardedWrites';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';
import { keyTarget } from '../keys/keyTarget';
import { leaseFor, pickLease } from './pickLease';

/**
 * Attach Lease...: the key's value written again with a lease (one of the cluster's, or a
 * new one), as a guarded put on the version read: a change made meanwhile is never
 * overwritten. `given`: the key and a lease (hex) or "new:<ttl>", for tests and scripts.
 */
export async function attachLease(services: Services, invocation: Invocation, givenKey?: string, givenLease?: string): Promise<string | undefined> {
  services.writes.refuseIfReadOnly('attach a lease');
  const key = keyTarget(invocation, givenKey);
  if (!key) {
    void vscode.window.showInformationMessage('ZTAP: pick a key in the tree (or open its value) first.');
    return undefined;
  }
  const choice = givenLease
    ? givenLease.startsWith('new:')
      ? { kind: 'new' as const, ttlSeconds: Number(givenLease.slice(4)) }
      : { kind: 'existing' as const, id: givenLease }
    : await pickLease(services, `ZTAP: Attach Lease to ${key}`, 'No lease (detach)');
  if (!choice) {
    return undefined;
  }
  return setLease(services, key, choice.kind === 'none' ? undefined : choice);
}

/** Detach Lease: the key stays until deleted (the value written again without a lease, guarded). */
export async function detachLease(services: Services, invocation: Invocation, givenKey?: string): Promise<string | undefined> {
  services.writes.refuseIfReadOnly('detach a lease');
  const key = keyTarget(invocation, givenKey);
  if (!key) {
    void vscode.window.showInformationMessage('ZTAP: pick a key in the tree (or open its value) first.');
    return undefined;
  }
  return setLease(services, key, undefined);
}

async function setLease(services: Services, key: string, choice: Parameters<typeof leaseFor>[1] | undefined): Promise<string | undefined> {
  const etcd = services.connection.requireSession().client;
  const current = await getKey(etcd, key);
  if (!current) {
    throw new Error(`${key} does not exist (any more): nothing to attach a lease to.`);
  }
  const lease = choice ? await leaseFor(etcd, choice) : undefined;
  const what = lease ? `attach lease ${BigInt(lease).toString(16)} to ${key}` : `detach ${key} from its lease`;
  try {
    const done = await services.writes.run(
      what,
      () =>
        guardedPut(
          etcd,
          key,
          current.value,
          { kind: 'version', version: { modRevision: current.modRevision, createRevision: current.createRevision } },
          { lease },
        ),
      r => `${what}: the value kept, revision ${r.revision}`,
    );
    if (done) {
      void vscode.window.setStatusBarMessage(`ZTAP: ${lease ? `${key} is on lease ${BigInt(lease).toString(16)}` : `${key} has no lease now`}`, 4000);
    }
    return done ? (lease ? BigInt(lease).toString(16) : '0') : undefined;
  } catch (err) {
    if (err instanceof WriteConflict) {
      throw new Error(`${key} changed while the lease was chosen; nothing was written. Try again on what it holds now.`, { cause: err });
    }
    throw err;
  }
}

import type { Etcd3 } from 'etcd3';
import * as vscode from 'vscode';
import { LeaseKind, leaseKinds } from '../../core/leases/leaseKinds';
import { leaseDetails, leaseIds } from '../../core/leases/leaseList';
import { plural } from '../../core/text/plural';
import type { Services } from '../services';

/** A lease for a key: none, an existing one (hex), or a new one with a TTL. */
export type LeaseChoice = { kind: 'none' } | { kind: 'existing'; id: string } | { kind: 'new'; ttlSeconds: number };

interface LeaseItem extends vscode.QuickPickItem {
  /** Undefined: a new lease (its TTL is asked next). */
  choice: LeaseChoice | undefined;
  /** What the lease belongs to (a ZTAP node, the election), when known. */
  owner?: string;
}

/** At most this many existing leases are offered (the Leases view pages through all). */
const OFFERED = 50;

/**
 * Asks for a lease: none, a new one, or one of the cluster's, each saying what it is
 * (as the Leases view does). A lease that belongs to a ZTAP node or the election asks
 * once more: a key on it goes when that node stops, and it is easy to pick by mistake.
 */
export async function pickLease({ connection, dialogs }: Services, title: string, none = 'No lease'): Promise<LeaseChoice | undefined> {
  const etcd = connection.requireSession().client;
  const config = connection.requireSession().config;
  const ids = await leaseIds(etcd).catch(() => [] as string[]);
  const leases = (await leaseDetails(etcd, ids.slice(0, OFFERED))).filter(l => l.ttl >= 0);
  const kinds = await leaseKinds(etcd, leases, config.keyPrefix, config.electionKey).catch(() => new Map<string, LeaseKind | undefined>());
  const picked = await dialogs.pick<LeaseItem>(
    [
      { label: none, description: 'the key stays until deleted', choice: { kind: 'none' } },
      { label: 'New lease...', description: 'the key goes when its TTL runs out', choice: undefined },
      ...leases.map((l): LeaseItem => {
        const kind = kinds.get(l.id)?.label;
        return {
          label: l.hex,
          description: `${kind ?? plural(l.keyCount, 'key')} · ${l.ttl} s left`,
          detail: kind ? `$(warning) ${kind}: a key on it goes when that node's session ends` : undefined,
          choice: { kind: 'existing', id: l.hex },
          owner: kind,
        };
      }),
    ],
    { title, matchOnDescription: true },
  );
  if (!picked) {
    return undefined;
  }
  if (picked.choice) {
    const owner = picked.owner;
    if (
      owner &&
      !(await dialogs.confirm(
        `ZTAP: attach the key to lease ${picked.label}, ${owner}?`,
        "The key is deleted when that node's session ends (it stops, resigns or loses its lease), and it keeps nothing of the node alive. Most keys want no lease or a new one.",
        'Attach Anyway',
      ))
    ) {
      return undefined;
    }
    return picked.choice;
  }
  const ttl = await vscode.window.showInputBox({
    // "ZTAP: New Key (3/3): lease" asks its TTL as "ZTAP: New Key: new lease".
    title: `${title.replace(/( \(\d+\/\d+\))?: lease$/, '')}: new lease`,
    prompt: 'TTL in seconds',
    value: '60',
    validateInput: v => (/^[1-9]\d*$/.test(v.trim()) ? undefined : 'Use a whole number of seconds, 1 or more.'),
  });
  return ttl === undefined ? undefined : { kind: 'new', ttlSeconds: Number(ttl) };
}

/** The lease ID (decimal) for a choice: an existing one, a new one granted now, or none. */
export async function leaseFor(etcd: Etcd3, choice: LeaseChoice): Promise<string | undefined> {
  if (choice.kind === 'existing') {
    return BigInt(`0x${choice.id}`).toString();
  }
  if (choice.kind === 'new') {
    return (await etcd.leaseClient.leaseGrant({ TTL: choice.ttlSeconds })).ID;
  }
  return undefined;
}

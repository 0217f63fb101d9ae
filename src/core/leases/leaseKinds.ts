import type { Etcd3 } from 'etcd3';
import { readLine } from '../election/leaderReader';
import { keyToText } from '../keys/keyText';
import { decodeNode } from '../ztap/nodeJson';
import type { LeaseInfo } from './leaseList';

/** What a lease is for, from the keys attached to it. */
export interface LeaseKind {
  /** "ZTAP node n1's registration", "election candidate n1", "etcdctl elect participant". */
  label: string;
  /** The ZTAP node id when one is known. */
  nodeId?: string;
}

/**
 * Tells what a lease is from its keys: a registration under `{prefix}/nodes/<id>`,
 * an election key under `{electionKey}/` (a ZTAP node when its value is Node JSON,
 * otherwise an `etcdctl elect` participant), or nothing known.
 */
export function leaseKind(keys: readonly string[], values: ReadonlyMap<string, Buffer>, keyPrefix: string, electionKey: string): LeaseKind | undefined {
  const nodes = `${keyPrefix}/nodes/`;
  const election = `${electionKey.replace(/\/$/, '')}/`;
  const registration = keys.find(k => k.startsWith(nodes) && !k.slice(nodes.length).includes('/'));
  const candidate = keys.find(k => k.startsWith(election));
  const nodeId = registration?.slice(nodes.length);
  const candidateNode = candidate ? decodeNode(values.get(candidate) ?? Buffer.alloc(0)) : null;
  if (registration && candidate) {
    return { label: `ZTAP node ${nodeId} (registration and election key)`, nodeId };
  }
  if (registration) {
    return { label: `ZTAP node ${nodeId}'s registration`, nodeId };
  }
  if (candidate) {
    return candidateNode
      ? { label: `election candidate ${candidateNode.id}`, nodeId: candidateNode.id }
      : { label: 'etcdctl elect participant (election key, not Node JSON)' };
  }
  return undefined;
}

/**
 * What each lease is (by decimal ID), with the election keys' values read in one
 * range of the election folder (they tell a ZTAP node from an etcdctl elect participant).
 */
export async function leaseKinds(
  etcd: Etcd3,
  leases: readonly LeaseInfo[],
  keyPrefix: string,
  electionKey: string,
): Promise<Map<string, LeaseKind | undefined>> {
  const values = new Map<string, Buffer>();
  if (leases.some(l => (l.keys ?? []).some(k => k.startsWith(`${electionKey.replace(/\/$/, '')}/`)))) {
    for (const kv of (await readLine(etcd, electionKey)).kvs) {
      values.set(keyToText(kv.key), kv.value);
    }
  }
  return new Map(leases.map(l => [l.id, leaseKind(l.keys ?? [], values, keyPrefix, electionKey)]));
}

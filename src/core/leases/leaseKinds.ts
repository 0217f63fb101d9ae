import { decodeNode } from '../ztap/nodeJson';

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
    return candidateNode ? { label: `election candidate ${candidateNode.id}`, nodeId: candidateNode.id } : { label: 'etcdctl elect participant (election key, not Node JSON)' };
  }
  return undefined;
}

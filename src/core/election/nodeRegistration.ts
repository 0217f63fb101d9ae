import type { Etcd3 } from 'etcd3';
import { withTimeout } from '../client/errors';
import { idToHex } from '../cluster/ids';
import { folderPrefix } from '../keys/keyRange';
import { decodeNode } from '../ztap/nodeJson';

/** Another live session holds `{keyPrefix}/nodes/<id>`: two nodes must not share an id. */
export class NodeIdInUse extends Error {
  constructor(
    readonly nodeId: string,
    readonly key: string,
    /** Hex. */
    readonly leaseId: string,
    /** The address its registration gives, '' when none. */
    readonly address: string,
  ) {
    super(
      `Node id "${nodeId}" is already registered by a live session${address ? ` at ${address}` : ''} (${key}, lease ${leaseId}): ` +
        'stop that node or choose another id (--force takes the registration over).',
    );
    this.name = 'NodeIdInUse';
  }
}

export function nodeKeyOf(keyPrefix: string, nodeId: string): string {
  return `${folderPrefix(keyPrefix)}nodes/${nodeId}`;
}

/**
 * Registers the node under its lease, refusing an id that another live lease holds:
 * a second node with the same id would overwrite the first one's registration, and
 * on stopping delete it (ZTAP's nodes would see the leader vanish). The put is a
 * transaction on "no lease on the key" (a missing key has lease 0), so a node that
 * registers between the check and the write is caught too. `force` overwrites.
 */
export async function registerNode(
  etcd: Etcd3,
  key: string,
  nodeId: string,
  value: string,
  leaseId: string,
  { force = false, timeoutMs }: { force?: boolean; timeoutMs: number },
): Promise<void> {
  if (force) {
    await withTimeout(etcd.put(key).value(value).lease(leaseId).exec(), timeoutMs, 'register node');
    return;
  }
  const res = await withTimeout(
    etcd.if(key, 'Lease', '==', 0).then(etcd.put(key).value(value).lease(leaseId)).else(etcd.get(key)).commit(),
    timeoutMs,
    'register node',
  );
  if (res.succeeded) {
    return;
  }
  const held = res.responses[0]?.response_range?.kvs[0];
  if (!held || held.lease === leaseId) {
    // Gone since (its lease just expired), or already ours: write it as ours.
    await withTimeout(etcd.put(key).value(value).lease(leaseId).exec(), timeoutMs, 'register node');
    return;
  }
  throw heldBy(nodeId, key, held);
}

/** The same check without writing: for a front end to ask before starting a node. */
export async function findNodeIdHolder(etcd: Etcd3, keyPrefix: string, nodeId: string): Promise<NodeIdInUse | undefined> {
  const key = nodeKeyOf(keyPrefix, nodeId);
  const res = await etcd.kv.range({ key: Buffer.from(key) });
  const held = res.kvs[0];
  if (!held || held.lease === '0') {
    return undefined;
  }
  return heldBy(nodeId, key, held);
}

function heldBy(nodeId: string, key: string, held: { lease: string; value: Buffer }): NodeIdInUse {
  return new NodeIdInUse(nodeId, key, idToHex(held.lease), decodeNode(held.value)?.address ?? '');
}

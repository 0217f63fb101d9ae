import type { Etcd3, Lease } from 'etcd3';
import { ElectParticipant } from '../../test/support/etcdctl';
import { encodeNode, newNode } from '../../src/core/ztap/nodeJson';

export interface DemoState {
  stop(): Promise<void>;
}

const NODES = ['node-1', 'node-2', 'node-3'];
const TENANTS = ['acme', 'globex', 'initech'];
const POLICIES = ['web-ingress', 'db-egress', 'deny-all'];

/**
 * ZTAP-shaped state for the demo: node registrations on leases this process keeps
 * alive, three real Go election candidates (`etcdctl elect`) on /ztap/election,
 * and policies with several revisions and their update notifications.
 */
export async function seedDemoState(etcd: Etcd3, endpoints: string[]): Promise<DemoState> {
  const leases: Lease[] = [];
  const peers: ElectParticipant[] = [];
  const stop = async () => {
    await Promise.all(peers.map(p => p.stop('SIGINT')));
    await Promise.all(leases.map(l => l.revoke().catch(() => undefined)));
  };
  try {
    for (const [i, id] of NODES.entries()) {
      const lease = etcd.lease(60, { autoKeepAlive: true });
      leases.push(lease);
      await lease.put(`/ztap/nodes/${id}`).value(encodeNode(newNode(id, `127.0.0.1:${9091 + i}`, i === 0 ? 'leader' : 'follower', { version: '1.4.0' })));
    }
    for (const tenant of TENANTS) {
      for (const name of POLICIES) {
        await seedPolicy(etcd, tenant, name, 3);
      }
    }
    for (const [i, id] of NODES.entries()) {
      peers.push(ElectParticipant.start(endpoints, '/ztap/election', encodeNode(newNode(id, `127.0.0.1:${9091 + i}`, i === 0 ? 'leader' : 'follower'))));
      // Join in order, so node-1 leads and the others line up behind it.
      await waitForCandidates(etcd, i + 1);
    }
    return { stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function seedPolicy(etcd: Etcd3, tenant: string, name: string, versions: number): Promise<void> {
  for (let v = 1; v <= versions; v++) {
    const yaml = `apiVersion: ztap/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  tenant: ${tenant}\nspec:\n  revision: ${v}\n`;
    const record = {
      Tenant: tenant,
      PolicyName: name,
      Name: name,
      // Go's encoding/json writes []byte as base64, as ZTAP does.
      YAML: Buffer.from(yaml).toString('base64'),
      Version: v,
      Source: 'demo',
      Timestamp: new Date(Date.now() - (versions - v) * 3_600_000).toISOString(),
      Deleted: false,
    };
    const padded = String(v).padStart(20, '0');
    await etcd.put(`/ztap/policies/revisions/${tenant}/${name}/${padded}`).value(JSON.stringify(record));
    await etcd.put(`/ztap/policies/updates/${tenant}/${name}/${padded}`).value(JSON.stringify({ Tenant: tenant, PolicyName: name, Version: v }));
    await etcd.put(`/ztap/policies/state/${tenant}/${name}`).value(JSON.stringify(record));
  }
}

async function waitForCandidates(etcd: Etcd3, count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await etcd.getAll().prefix('/ztap/election/').keys()).length < count) {
    if (Date.now() > deadline) {
      throw new Error(`etcdctl elect did not campaign within 15 s (${count - 1} of ${count} candidates)`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

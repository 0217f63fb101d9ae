import type { Etcd3 } from 'etcd3';

/** etcd's default --max-txn-ops. */
const TXN_OPS = 128;

/**
 * Puts many keys quickly: 128 puts a transaction, several transactions in flight.
 * 200,000 keys take a few seconds this way, against minutes one put at a time.
 */
export async function seedKeys(etcd: Etcd3, entries: Iterable<[string, string | Buffer]>, parallel = 8): Promise<number> {
  const batches: Array<Array<[string, string | Buffer]>> = [];
  let batch: Array<[string, string | Buffer]> = [];
  let count = 0;
  for (const entry of entries) {
    batch.push(entry);
    count++;
    if (batch.length === TXN_OPS) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length) {
    batches.push(batch);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const mine = batches[next++];
      await etcd.kv.txn({
        success: mine.map(([key, value]) => ({ request_put: { key: Buffer.from(key), value: Buffer.from(value) } })),
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return count;
}

/** The bench and test layout: `/ztap/policies/state/<tenant>/<policy>` for 50 tenants. */
export function* policyStateKeys(total: number, tenants = 50): Generator<[string, string]> {
  for (let i = 0; i < total; i++) {
    const tenant = `tenant-${String(i % tenants).padStart(2, '0')}`;
    const name = `policy-${String(Math.floor(i / tenants)).padStart(6, '0')}`;
    yield [`/ztap/policies/state/${tenant}/${name}`, JSON.stringify({ Name: name, Version: 1 })];
  }
}

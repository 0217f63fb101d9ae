import { promises as fs } from 'fs';
import { join } from 'path';
import type { Etcd3, IKeyValue } from 'etcd3';
import { applyImport, deleteWithRecovery, planDelete, planImport } from '../../../src/core/writes/bulkWrites';
import { readKeysFile, readSubtree } from '../../../src/core/writes/keysFile';
import type { FolderCycle } from '../records';
import { clientOf, sleep } from './client';

const KEYS = 2000;
const LEASED = 100;

/**
 * A folder of 2,000 keys (100 on a long lease) deleted through the delete that keeps a
 * recovery file, then restored by importing those files, again and again. A step that
 * fails (a fault) is tried again from a fresh read; the restore imports every file the
 * cycle wrote, also one written by an attempt that failed after it.
 */
export class FolderCycles {
  readonly cycles: FolderCycle[] = [];
  failedSteps = 0;

  constructor(
    private readonly endpoints: readonly string[],
    readonly folder: string,
    private readonly workDir: string,
  ) {}

  /** Writes the folder (through `etcd`, before the faults). */
  async seed(etcd: Etcd3): Promise<void> {
    const lease = await etcd.leaseClient.leaseGrant({ TTL: 3600, ID: 0 });
    for (let i = 0; i < KEYS; i += 100) {
      await etcd.kv.txn({
        compare: [],
        failure: [],
        success: Array.from({ length: 100 }, (_, k) => ({
          request_put: {
            key: Buffer.from(`${this.folder}${String(i + k).padStart(4, '0')}`),
            value: Buffer.from(`value ${i + k}`),
            lease: i + k < LEASED ? lease.ID : '0',
          },
        })),
      });
    }
  }

  async run(running: () => boolean): Promise<void> {
    const etcd = clientOf(this.endpoints);
    try {
      for (let n = 1; running(); n++) {
        await this.cycle(etcd, n);
        await sleep(1000);
      }
    } finally {
      etcd.close();
    }
  }

  private async cycle(etcd: Etcd3, n: number): Promise<void> {
    const started = Date.now();
    const subtree = { key: this.folder, recursive: true };
    const before = toMap((await this.retry(() => readSubtree(etcd, subtree))).kvs);
    const dir = join(this.workDir, `recovery-${n}`);
    await this.retry(async () => {
      for (;;) {
        const plan = await planDelete(etcd, subtree);
        if (plan.kvs.length === 0) {
          return;
        }
        await deleteWithRecovery(etcd, subtree, plan, dir);
      }
    });
    await sleep(500);
    for (const file of (await fs.readdir(dir).catch(() => [])).sort()) {
      const { keys: entries } = await readKeysFile(join(dir, file));
      await this.retry(async () => applyImport(etcd, await planImport(etcd, entries), { overwrite: false }));
    }
    const after = toMap((await this.retry(() => readSubtree(etcd, subtree))).kvs);
    const leases = await this.retry(() => etcd.leaseClient.leaseLeases({}));
    this.cycles.push({ started, before, after, aliveLeases: new Set(leases.leases.map(l => String(l.ID))) });
  }

  private async retry<T>(step: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await step();
      } catch {
        this.failedSteps++;
        await sleep(500);
      }
    }
  }
}

function toMap(kvs: IKeyValue[]): Map<string, { value: string; lease: string }> {
  return new Map(kvs.map(kv => [kv.key.toString(), { value: kv.value.toString(), lease: kv.lease }]));
}

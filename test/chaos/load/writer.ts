import { guardedPut } from '../../../src/core/writes/guardedWrites';
import type { WriterAck } from '../records';
import { clientOf, loop, sleep } from './client';

/**
 * Creates unique keys under several prefixes through the guarded write path (create
 * only if absent), recording each acknowledgement with the revision etcd answered.
 */
export class Writer {
  readonly acks: WriterAck[] = [];
  unknown = 0;
  private serial = 0;

  constructor(
    private readonly endpoints: readonly string[],
    private readonly prefixes: readonly string[],
  ) {}

  async run(running: () => boolean): Promise<void> {
    const etcd = clientOf(this.endpoints);
    try {
      await loop(running, async () => {
        const n = ++this.serial;
        const key = `${this.prefixes[n % this.prefixes.length]}${String(n).padStart(7, '0')}`;
        const value = `v${n}`;
        try {
          const { revision } = await guardedPut(etcd, key, Buffer.from(value), { kind: 'absent' });
          this.acks.push({ key, value, revision: BigInt(revision), at: Date.now() });
        } catch {
          this.unknown++;
        }
        await sleep(15);
      });
    } finally {
      etcd.close();
    }
  }
}

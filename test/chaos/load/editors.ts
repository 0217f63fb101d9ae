import { guardedPut, WriteConflict } from '../../../src/core/writes/guardedWrites';
import type { EditorOutcome } from '../records';
import { clientOf, loop, sleep } from './client';

/**
 * Editors incrementing counters by read-modify-write through the editor's guarded save
 * (the version read is the guard): success, conflict (someone saved first), or unknown
 * (an error after the save may have been sent).
 */
export class Editors {
  readonly outcomes: EditorOutcome[] = [];

  constructor(
    private readonly endpoints: readonly string[],
    readonly counters: readonly string[],
    private readonly editors = 5,
  ) {}

  async run(running: () => boolean): Promise<void> {
    await Promise.all(Array.from({ length: this.editors }, (_, i) => this.edit(i, running)));
  }

  private async edit(index: number, running: () => boolean): Promise<void> {
    const etcd = clientOf(this.endpoints);
    let turn = index;
    try {
      await loop(running, async () => {
        const counter = this.counters[turn++ % this.counters.length];
        const read = await etcd.kv.range({ key: Buffer.from(counter) }).catch(() => undefined);
        const kv = read?.kvs[0];
        if (!kv) {
          await sleep(200);
          return;
        }
        const value = String(Number(kv.value.toString()) + 1);
        try {
          const { revision } = await guardedPut(etcd, counter, Buffer.from(value), {
            kind: 'version',
            version: { modRevision: kv.mod_revision, createRevision: kv.create_revision },
          });
          this.outcomes.push({ counter, outcome: 'success', value, revision: BigInt(revision), at: Date.now() });
        } catch (err) {
          this.outcomes.push({ counter, outcome: err instanceof WriteConflict ? 'conflict' : 'unknown', value, at: Date.now() });
        }
        await sleep(50);
      });
    } finally {
      etcd.close();
    }
  }
}

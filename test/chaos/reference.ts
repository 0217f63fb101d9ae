import type { Etcd3 } from 'etcd3';
import { readRevisionSpan } from '../../src/core/history/revisionSpan';
import type { HistoryEntry } from './records';
import { clientOf, sleep } from './load/client';

/**
 * etcd's own history, read back revision by revision while the run goes on (so that
 * compaction may take only what is already read), from the members' own client ports,
 * which no fault cuts. Every key, every revision.
 */
export class ReferenceHistory {
  readonly entries: HistoryEntry[] = [];
  /** Every revision up to this one is in `entries`. */
  readThrough = 1n;
  private readonly etcd: Etcd3;

  constructor(endpoints: readonly string[]) {
    this.etcd = clientOf(endpoints);
  }

  /** Reads what was written since the last read, up to etcd's current revision. */
  async catchUp(): Promise<void> {
    const now = BigInt((await this.etcd.kv.range({ key: Buffer.from('/'), keys_only: true, limit: 1 })).header.revision);
    if (now <= this.readThrough) {
      return;
    }
    await readRevisionSpan(this.etcd, {
      key: Buffer.from([0]),
      rangeEnd: Buffer.from([0]),
      from: this.readThrough + 1n,
      to: now,
      onCompacted: 'fail',
      onEvents: events => {
        for (const e of events) {
          this.entries.push({
            revision: e.modRevision,
            type: e.type,
            key: e.key.toString(),
            value: e.value.toString(),
            createRevision: e.createRevision,
          });
        }
      },
    });
    this.readThrough = now;
  }

  /** Catches up every second until `running()` turns false; a failed read is tried again. */
  async follow(running: () => boolean, log: (line: string) => void): Promise<void> {
    while (running()) {
      await this.catchUp().catch(err => log(`history read: ${(err as Error).message}`));
      await sleep(1000);
    }
  }

  close(): void {
    this.etcd.close();
  }
}

import { folderPrefix } from '../../core/keys/keyRange';
import type { ActivitySample } from './dashboardState';

type Folder = 'nodes' | 'election' | 'policies' | 'other';

/**
 * Counts watch events by second and by ZTAP folder for the dashboard's activity chart:
 * a few byte comparisons per event and one small object per second, so feeding it at
 * 1,000 events a second costs next to nothing (npm run bench measures it).
 */
export class ActivityCounter {
  private readonly folders: Array<[Buffer, Folder]>;
  private open: ActivitySample | undefined;
  private finished: ActivitySample[] = [];

  constructor(keyPrefix: string, electionKey: string) {
    const p = folderPrefix(keyPrefix);
    this.folders = [
      [Buffer.from(folderPrefix(electionKey)), 'election'],
      [Buffer.from(`${p}nodes/`), 'nodes'],
      [Buffer.from(`${p}policies/`), 'policies'],
    ];
  }

  add(keys: Iterable<Buffer>, now = Date.now()): void {
    const second = now - (now % 1000);
    if (this.open && this.open.at !== second) {
      this.finished.push(this.open);
      this.open = undefined;
    }
    const sample = (this.open ??= { at: second, nodes: 0, election: 0, policies: 0, other: 0 });
    for (const key of keys) {
      sample[this.folderOf(key)]++;
    }
  }

  /** The seconds completed since the last call, oldest first (quiet seconds are left out: the chart draws them as zero). */
  take(now = Date.now()): ActivitySample[] {
    const second = now - (now % 1000);
    if (this.open && this.open.at < second) {
      this.finished.push(this.open);
      this.open = undefined;
    }
    const done = this.finished;
    this.finished = [];
    return done;
  }

  private folderOf(key: Buffer): Folder {
    for (const [prefix, folder] of this.folders) {
      if (key.length >= prefix.length && key.compare(prefix, 0, prefix.length, 0, prefix.length) === 0) {
        return folder;
      }
    }
    return 'other';
  }
}

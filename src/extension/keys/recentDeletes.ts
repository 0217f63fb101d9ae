import type * as vscode from 'vscode';

/** One delete that can be undone: its recovery file and what it removed. */
export interface RecentDelete {
  recoveryFile: string;
  /** The key or folder deleted, as shown to the user. */
  what: string;
  count: number;
  /** ISO time. */
  at: string;
}

const STATE_KEY = 'ztap.recentDeletes';
const KEPT = 10;

/** The last ten deletes, newest first, kept across sessions (the recovery files stay in global storage). */
export class RecentDeletes {
  constructor(private readonly state: vscode.Memento) {}

  get all(): RecentDelete[] {
    return this.state.get<RecentDelete[]>(STATE_KEY, []);
  }

  async add(entry: RecentDelete): Promise<void> {
    await this.state.update(STATE_KEY, [entry, ...this.all.filter(e => e.recoveryFile !== entry.recoveryFile)].slice(0, KEPT));
  }

  async remove(recoveryFile: string): Promise<void> {
    await this.state.update(
      STATE_KEY,
      this.all.filter(e => e.recoveryFile !== recoveryFile),
    );
  }
}

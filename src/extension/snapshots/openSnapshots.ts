import { basename } from 'path';
import * as vscode from 'vscode';
import { SnapshotBrowser } from '../../core/snapshot/snapshotBrowser';
import type { Log } from '../log';

/** A snapshot file opened in the tree: its reader (on a worker thread) and the id its rows and documents carry. */
export interface OpenSnapshot {
  readonly id: string;
  readonly browser: SnapshotBrowser;
  readonly name: string;
}

/**
 * The snapshot files open in this window, each a read-only root of the Cluster tree.
 * Each has its own worker thread holding the file's index; closing it (or the window)
 * ends the thread.
 */
export class OpenSnapshots implements vscode.Disposable {
  private readonly open = new Map<string, OpenSnapshot>();
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;
  private nextId = 1;

  constructor(private readonly log: Log) {}

  get all(): OpenSnapshot[] {
    return [...this.open.values()];
  }

  get(id: string): OpenSnapshot | undefined {
    return this.open.get(id);
  }

  /** Opens `path` (again, if it is open already: the file may have been replaced). */
  async add(path: string): Promise<OpenSnapshot> {
    const browser = await SnapshotBrowser.open(path);
    for (const old of this.all.filter(s => s.browser.path === path)) {
      await this.close(old.id);
    }
    const snapshot = { id: String(this.nextId++), browser, name: basename(path) };
    this.open.set(snapshot.id, snapshot);
    this.log.info(`Opened snapshot ${path}: revision ${browser.revision}, ${browser.keyCount} keys`);
    this.changed();
    return snapshot;
  }

  async close(id: string): Promise<boolean> {
    const snapshot = this.open.get(id);
    if (!snapshot) {
      return false;
    }
    this.open.delete(id);
    await snapshot.browser.close();
    this.changed();
    return true;
  }

  private changed(): void {
    // The palette offers the snapshot commands while one is open.
    void vscode.commands.executeCommand('setContext', 'ztap.snapshotOpen', this.open.size > 0);
    this.changes.fire();
  }

  dispose(): void {
    for (const s of this.open.values()) {
      void s.browser.close();
    }
    this.open.clear();
    this.changes.dispose();
  }
}

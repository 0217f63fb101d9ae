import type { Etcd3 } from 'etcd3';
import { leaseInfo, LeaseInfo, ttlNow } from '../../core/leases/leaseList';
import type { TreeNode } from '../tree/treeNode';

/** How often a shown lease is asked again (a keepalive moves its TTL back up). */
export const REREAD_MS = 5000;

/**
 * Live TTL countdowns for every row that shows a lease: the TTL is counted down from
 * the last answer and the clock, the rows redrawn once a second while they are
 * shown, and each shown lease asked again every REREAD_MS (a third of its TTL when shorter), so a keepalive shows
 * within seconds: one request per shown lease per five seconds, not per second.
 */
export class LeaseClock {
  private readonly leases = new Map<string, LeaseInfo>();
  /** The rows showing a lease, by row id: a row drawn anew replaces the one it replaces in the tree. */
  private readonly rows = new Map<string, { node: TreeNode; lease: string }>();
  private timer: NodeJS.Timeout | undefined;
  private lastReread = 0;
  private rereading = false;

  constructor(
    private readonly client: () => Etcd3,
    private readonly redraw: (node: TreeNode) => void,
    private readonly shown: (node: TreeNode) => boolean,
  ) {}

  /** How many rows count down now, and whether the once-a-second tick runs (the suite reads them). */
  get counting(): { rows: number; ticking: boolean } {
    return { rows: this.rows.size, ticking: this.timer !== undefined };
  }

  /** Remembers what etcd said about a lease (decimal ID). */
  record(info: LeaseInfo): void {
    this.leases.set(info.id, info);
  }

  /** Seconds left now for a lease (decimal ID), or undefined when never read. */
  ttl(id: string): number | undefined {
    const info = this.leases.get(id);
    return info ? ttlNow(info) : undefined;
  }

  /** `node` shows lease `id`: keep it counting while it is shown. */
  show(node: TreeNode, id: string): void {
    this.rows.set(node.id, { node, lease: id });
    this.timer ??= setInterval(() => void this.tick(), 1000);
  }

  /** Rows no longer drawn (their parent listed its children again). */
  forget(nodes: Iterable<TreeNode>): void {
    for (const n of nodes) {
      if (this.rows.get(n.id)?.node === n) {
        this.rows.delete(n.id);
      }
    }
  }

  private async tick(): Promise<void> {
    const visible = [...this.rows.values()].filter(({ node }) => this.shown(node)).map(({ node, lease }): [TreeNode, string] => [node, lease]);
    if (visible.length === 0) {
      return;
    }
    if (!this.rereading && Date.now() - this.lastReread >= this.rereadEvery(visible.map(([, id]) => id))) {
      this.rereading = true;
      this.lastReread = Date.now();
      try {
        const ids = [...new Set(visible.map(([, id]) => id))];
        for (const info of await Promise.all(ids.map(id => leaseInfo(this.client(), id).catch(() => undefined)))) {
          if (info) {
            this.record(info);
          }
        }
      } finally {
        this.rereading = false;
      }
    }
    visible.forEach(([node]) => this.redraw(node));
  }

  /** REREAD_MS, or a third of the shortest shown lease's TTL (when its keepalives are due): a live lease never shows 0. */
  private rereadEvery(ids: readonly string[]): number {
    const granted = ids.map(id => this.leases.get(id)?.grantedTtl ?? 0).filter(ttl => ttl > 0);
    return Math.min(REREAD_MS, ...granted.map(ttl => (ttl * 1000) / 3));
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.rows.clear();
  }
}

import * as vscode from 'vscode';
import { Candidate, ElectionState, readElection } from '../../core/election/leaderReader';
import { ElectionHistoryNode } from './electionHistoryNode';
import { TtlNode } from '../leases/ttlNode';
import { childrenOrError, detail, MessageNode } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** "Leader": the current ZTAP leader's details, then the waiting candidates in line order. */
export class LeaderNode implements TreeNode {
  readonly id = 'leader';
  private state: ElectionState | undefined;
  /** A state loaded ahead (for the label) that getChildren has not shown yet. */
  private unshown = false;
  /** When the election (and its lease TTLs) was read: a TTL is only true at that moment. */
  private readAt = new Date();

  constructor(private readonly ctx: TreeContext) {}

  /** Loads the election before the node is drawn, so its label can name the leader. */
  async reload(): Promise<void> {
    try {
      this.state = await readElection(this.ctx.client(), this.ctx.config().electionKey);
      this.readAt = new Date();
      this.unshown = true;
    } catch {
      // getChildren loads again and shows the reason as an error child.
      this.state = undefined;
    }
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Leader', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const leader = this.state?.leader;
    item.description = this.state === undefined ? undefined : leader ? candidateName(leader) : 'no leader';
    item.iconPath = new vscode.ThemeIcon('star-full');
    item.tooltip = `ZTAP leader election under ${this.ctx.config().electionKey}/`;
    withMenus(item, 'ztapLeader');
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(
      this.id,
      'the leader',
      async () => {
        if (!this.unshown || !this.state) {
          this.state = await readElection(this.ctx.client(), this.ctx.config().electionKey);
          this.readAt = new Date();
        }
        this.unshown = false;
        const { leader, candidates } = this.state;
        if (!leader) {
          return [
            new MessageNode(`${this.id}/none`, 'No leader', { description: `nothing under ${this.state.electionKey}/`, icon: 'circle-slash' }),
            new ElectionHistoryNode(this.ctx),
          ];
        }
        const rows: TreeNode[] = candidateDetails(this, this.ctx, leader, this.readAt);
        if (candidates.length > 1) {
          rows.push(new CandidatesNode(this.ctx, candidates.slice(1), this.readAt));
        }
        rows.push(new ElectionHistoryNode(this.ctx));
        return rows;
      },
      { key: `${this.ctx.config().electionKey}/`, prefix: true, user: this.ctx.config().username },
    );
  }
}

/** The line behind the leader, in create-revision order. */
class CandidatesNode implements TreeNode {
  readonly id = 'leader/candidates';

  constructor(
    private readonly ctx: TreeContext,
    private readonly waiting: Candidate[],
    private readonly readAt: Date,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Candidates', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = `${this.waiting.length} waiting`;
    item.iconPath = new vscode.ThemeIcon('list-ordered');
    withMenus(item, 'ztapDetail');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return this.waiting.map((c, i) => new CandidateNode(this.ctx, c, i + 2, this.readAt));
  }
}

class CandidateNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly ctx: TreeContext,
    private readonly candidate: Candidate,
    private readonly position: number,
    private readonly readAt: Date,
  ) {
    this.id = `candidate/${candidate.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`${this.position}. ${candidateName(this.candidate)}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.candidate.node?.address ?? 'raw value';
    item.tooltip = `${this.candidate.key}\nlease ${this.candidate.leaseId}, create revision ${this.candidate.createRevision}`;
    item.iconPath = new vscode.ThemeIcon('person');
    withMenus(item, 'ztapCandidate');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return candidateDetails(this, this.ctx, this.candidate, this.readAt);
  }
}

function candidateName(c: Candidate): string {
  return c.node ? c.node.id : c.raw.length > 40 ? `${c.raw.slice(0, 40)}…` : c.raw;
}

function candidateDetails(parent: TreeNode, ctx: TreeContext, c: Candidate, readAt: Date): TreeNode[] {
  const parentId = parent.id;
  const rows: TreeNode[] = c.node
    ? [detail(parentId, 'Node ID', c.node.id), detail(parentId, 'Address', c.node.address || '(none)')]
    : [detail(parentId, 'Raw value', c.raw)];
  rows.push(
    detail(parentId, 'Election key', c.key),
    detail(parentId, 'Lease ID', c.leaseId),
    ttlRow(parent, ctx, c, readAt),
    detail(parentId, 'Create revision', c.createRevision),
  );
  if (c.node?.state) {
    rows.push(detail(parentId, 'State', c.node.state));
  }
  return rows;
}

/** The candidate's lease TTL, counting down live; "no live lease" when there is none. */
function ttlRow(parent: TreeNode, ctx: TreeContext, c: Candidate, readAt: Date): TreeNode {
  if (c.ttlSeconds === null || c.leaseId === '0') {
    return detail(parent.id, 'Lease TTL', 'no live lease');
  }
  const id = BigInt(`0x${c.leaseId}`).toString();
  ctx.leaseClock().record({ id, hex: c.leaseId, grantedTtl: 0, ttl: c.ttlSeconds, keyCount: 0, readAt: readAt.getTime() });
  return new TtlNode(ctx, parent, id);
}

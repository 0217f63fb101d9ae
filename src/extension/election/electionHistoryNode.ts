import * as vscode from 'vscode';
import { readElectionHistory, Term } from '../../core/history/electionHistory';
import { clockTime } from '../../core/text/clockTime';
import { childrenOrError, MessageNode } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** Leader → History: the election's terms from etcd's history, newest first, read when expanded. */
export class ElectionHistoryNode implements TreeNode {
  readonly id = 'leader/history';

  constructor(private readonly ctx: TreeContext) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('History', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('history');
    item.tooltip = `The terms of the election under ${this.ctx.config().electionKey}/, from etcd's history`;
    withMenus(item, 'ztapElectionHistory');
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(
      this.id,
      'the election history',
      async () => {
        const history = await readElectionHistory(this.ctx.client(), this.ctx.config().electionKey);
        const rows: TreeNode[] = [...history.terms].reverse().map((t, i) => new TermNode(t, history.terms.length - i, this.ctx.electionClock()));
        if (history.compactRevision !== undefined) {
          rows.push(new MessageNode('leader/history/compacted', `History before revision ${history.compactRevision} has been compacted`, { icon: 'info' }));
        }
        if (rows.length === 0) {
          rows.push(new MessageNode('leader/history/none', 'No terms', { description: "nobody has led since etcd's history begins", icon: 'circle-slash' }));
        }
        return rows;
      },
      { key: `${this.ctx.config().electionKey}/`, prefix: true, user: this.ctx.config().username },
    );
  }
}

/** One term: who led, from which revision to which, how it ended. */
export class TermNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly term: Term,
    private readonly number: number,
    private readonly seen: ReadonlyMap<string, Date>,
  ) {
    this.id = `leader/history/${term.began}/${term.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.term;
    const name = t.node ? t.node.id : JSON.stringify(t.value);
    const item = new vscode.TreeItem(`${this.number}. ${name}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const began = `${t.beganBeforeCompaction ? '≤' : ''}rev ${t.began}${this.at(t.began)}`;
    const ended = t.ended === undefined ? 'now' : `rev ${t.ended}${this.at(t.ended)}`;
    const how = t.end === 'leading' ? 'leading' : t.end === 'resigned' ? 'resigned' : 'lease gone';
    item.description = `${began} → ${ended} · ${how} · ${t.lineAtStart} waiting`;
    item.iconPath = new vscode.ThemeIcon(t.end === 'leading' ? 'star-full' : t.end === 'resigned' ? 'debug-step-out' : 'clock');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${name}**${t.node?.address ? ` at ${t.node.address}` : ''}`,
        `key ${t.key}, lease ${t.lease}`,
        `leader from revision ${t.began}${t.beganBeforeCompaction ? ' (or earlier: history before it is compacted)' : ''} to ${t.ended === undefined ? 'now' : `revision ${t.ended}`}`,
        t.end === 'resigned'
          ? 'ended: its key was deleted while its lease lived on (a resign)'
          : t.end === 'lease gone'
            ? 'ended: its key was deleted and its lease is gone (expired or revoked)'
            : 'still leading',
        `candidates waiting: ${t.lineAtStart} when it took over, at most ${t.longestLine}`,
      ].join('\n\n'),
    );
    withMenus(item, 'ztapElectionTerm');
    return item;
  }

  /** The wall-clock time this window saw the revision, when it did. */
  private at(revision: bigint): string {
    const seen = this.seen.get(revision.toString());
    return seen ? ` (${clockTime(seen)})` : '';
  }
}

import * as vscode from 'vscode';
import { loadMembers, MemberInfo } from '../../core/cluster/members';
import { formatBytes } from '../../core/values/valueFormat';
import { childrenOrError, detail } from './messageNode';
import type { TreeContext } from './treeContext';
import type { TreeNode } from './treeNode';

/** "Members": one child per member, each probed on its own client URL. */
export class MembersNode implements TreeNode {
  readonly id = 'members';
  private count: number | undefined;

  constructor(private readonly ctx: TreeContext) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Members', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.count === undefined ? undefined : String(this.count);
    item.iconPath = new vscode.ThemeIcon('server-environment');
    item.contextValue = 'ztapMembers';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(this.id, 'members', async () => {
      const { members } = await loadMembers(this.ctx.client(), this.ctx.config());
      this.count = members.length;
      return members.map(m => new MemberNode(m));
    });
  }
}

export class MemberNode implements TreeNode {
  readonly id: string;

  constructor(readonly member: MemberInfo) {
    this.id = `member/${member.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const m = this.member;
    const item = new vscode.TreeItem(m.name || '(unstarted)', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const marks = [m.id];
    if (m.isLeader) {
      marks.push('raft leader');
    }
    if (m.isLearner) {
      marks.push('learner');
    }
    marks.push(m.health.ok ? `healthy ${m.health.latencyMs} ms` : 'unhealthy');
    item.description = marks.join(' · ');
    item.iconPath = m.health.ok
      ? new vscode.ThemeIcon(m.isLeader ? 'star-full' : 'server', m.isLeader ? new vscode.ThemeColor('charts.yellow') : undefined)
      : new vscode.ThemeIcon('warning', new vscode.ThemeColor('errorForeground'));
    item.tooltip = tooltip(m);
    item.contextValue = 'ztapMember';
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const m = this.member;
    const s = m.status;
    const rows = [
      detail(this.id, 'ID', m.id),
      detail(this.id, 'Raft leader', m.isLeader ? 'yes' : 'no'),
      detail(this.id, 'Health', m.health.ok ? `healthy, ${m.health.latencyMs} ms` : `unhealthy: ${m.health.error ?? ''}`),
      detail(this.id, 'Client URLs', m.clientURLs.join(', ') || 'none'),
      detail(this.id, 'Peer URLs', m.peerURLs.join(', ')),
      detail(this.id, 'Learner', m.isLearner ? 'yes' : 'no'),
    ];
    if (s) {
      rows.push(
        detail(this.id, 'Version', s.version),
        detail(
          this.id,
          'DB size',
          `${formatBytes(s.dbSize)} (${formatBytes(s.dbSizeInUse)} in use: defragmenting frees ${formatBytes(Math.max(0, s.dbSize - s.dbSizeInUse))})`,
        ),
        detail(
          this.id,
          'DB quota',
          s.dbSizeQuota ? `${formatBytes(s.dbSizeQuota)} (${Math.round((100 * s.dbSize) / s.dbSizeQuota)}% used)` : 'not reported (etcd before 3.6)',
        ),
        detail(this.id, 'Storage version', s.storageVersion ?? 'not reported (etcd before 3.6)'),
        detail(this.id, 'Raft term', String(s.raftTerm)),
        detail(this.id, 'Raft index', String(s.raftIndex)),
      );
    } else {
      rows.push(detail(this.id, 'Status', 'not available'));
    }
    return rows;
  }
}

function tooltip(m: MemberInfo): vscode.MarkdownString {
  const s = m.status;
  const lines = [
    `**${m.name || '(unstarted)'}** \`${m.id}\`${m.isLeader ? ' — raft leader' : ''}`,
    '',
    `Health: ${m.health.ok ? `healthy (${m.health.latencyMs} ms)` : `unhealthy: ${m.health.error ?? ''}`}`,
    `Client URLs: ${m.clientURLs.join(', ') || 'none'}`,
    `Peer URLs: ${m.peerURLs.join(', ')}`,
    `Learner: ${m.isLearner ? 'yes' : 'no'}`,
  ];
  if (s) {
    const quota = s.dbSizeQuota ? ` of a ${formatBytes(s.dbSizeQuota)} quota` : '';
    const storage = s.storageVersion ? `, storage version ${s.storageVersion}` : '';
    lines.push(
      `etcd ${s.version}${storage}, DB ${formatBytes(s.dbSize)}${quota} (${formatBytes(s.dbSizeInUse)} in use), raft term ${s.raftTerm}, index ${s.raftIndex}`,
    );
  }
  return new vscode.MarkdownString(lines.join('  \n'));
}

import * as vscode from 'vscode';
import { ClusterMembers, loadMembers, MemberInfo } from '../../core/cluster/members';
import { formatBytes } from '../../core/values/valueFormat';
import { childrenOrError, detail } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** "Members": one child per member, each probed on its own client URL. */
export class MembersNode implements TreeNode {
  readonly id = 'members';
  private count: number | undefined;
  /** The rows shown, by member ID: a poll's answer updates them in place. */
  private rows = new Map<string, MemberNode>();
  private latest: readonly MemberInfo[] = [];

  constructor(
    private readonly ctx: TreeContext,
    readonly parent: TreeNode,
    /** An alarm is raised: the menu has Disarm Alarm. */
    readonly alarmed = false,
  ) {}

  /** Refresh: asks the members now (the poll's next answer, for every view). */
  async reload(): Promise<void> {
    await this.ctx.memberPoll()?.refresh();
  }

  /** A poll's answer: changed rows redrawn in place; a member added or removed lists them again. */
  apply(members: ClusterMembers): void {
    if (this.count === undefined) {
      return; // never listed: nothing on screen to follow
    }
    this.latest = members.members;
    const ids = members.members.map(m => m.id);
    if (ids.length !== this.rows.size || ids.some(id => !this.rows.has(id))) {
      this.ctx.refresh(this);
      return;
    }
    for (const m of members.members) {
      const row = this.rows.get(m.id) as MemberNode;
      if (describe(row.member) !== describe(m)) {
        row.member = m;
        this.ctx.refresh(row);
      } else {
        row.member = m;
      }
    }
  }

  /** The raft leader's index, as last read: a learner's row shows how far it has caught up. */
  leaderRaftIndex(): number | undefined {
    return this.latest.find(m => m.isLeader)?.status?.raftIndex;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Members', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.count === undefined ? undefined : String(this.count);
    item.iconPath = new vscode.ThemeIcon('server-environment');
    withMenus(item, this.alarmed ? 'ztapMembers.alarm' : 'ztapMembers');
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(this.id, 'members', async () => {
      const poll = this.ctx.memberPoll();
      const { members } = poll ? await poll.current() : await loadMembers(this.ctx.client(), this.ctx.config());
      this.count = members.length;
      this.latest = members;
      const rows = new Map<string, MemberNode>();
      for (const m of members) {
        const row = this.rows.get(m.id) ?? new MemberNode(m, this);
        row.member = m;
        rows.set(m.id, row);
      }
      this.rows = rows;
      return [...rows.values()];
    });
  }
}

export class MemberNode implements TreeNode {
  readonly id: string;

  constructor(
    public member: MemberInfo,
    readonly parent: MembersNode,
  ) {
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
      // How far it has caught up: etcd promotes a learner only once it is in sync.
      const leader = this.parent.leaderRaftIndex();
      marks.push(m.status && leader !== undefined ? `learner · raft index ${m.status.raftIndex} of the leader's ${leader}` : 'learner');
    }
    marks.push(m.health.ok ? `healthy ${m.health.latencyMs} ms` : 'unhealthy');
    item.description = marks.join(' · ');
    item.iconPath = m.health.ok
      ? new vscode.ThemeIcon(m.isLeader ? 'star-full' : 'server', m.isLeader ? new vscode.ThemeColor('charts.yellow') : undefined)
      : new vscode.ThemeIcon('warning', new vscode.ThemeColor('errorForeground'));
    item.tooltip = tooltip(m);
    withMenus(item, m.isLearner ? 'ztapMember.learner' : m.isLeader ? 'ztapMember.leader' : 'ztapMember');
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

/** What a member's row and details show that a poll can change (latency only when it crosses into or out of health). */
function describe(m: MemberInfo): string {
  const s = m.status;
  return [m.name, m.isLeader, m.isLearner, m.health.ok, m.health.error, s?.version, s?.dbSize, s?.raftTerm, s?.storageVersion].join('|');
}

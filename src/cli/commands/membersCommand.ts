import { loadMembers, MemberInfo } from '../../core/cluster/members';
import { formatBytes } from '../../core/values/valueFormat';
import type { CliContext } from '../context';
import { formatTable } from '../output';

/** `ztap-etcd members`: every member with its status and health; a dead member does not hide the rest. */
export async function membersCommand(ctx: CliContext): Promise<number> {
  const { members } = await loadMembers(await ctx.connect(), ctx.config);
  ctx.out.result(
    () => ({ members: members.map(jsonMember) }),
    () => formatTable(HEADER, members.map(row)),
  );
  return 0;
}

const HEADER = ['ID', 'NAME', 'LEADER', 'LEARNER', 'HEALTH', 'LATENCY', 'VERSION', 'DB SIZE', 'RAFT TERM', 'RAFT INDEX', 'CLIENT URLS'];

function row(m: MemberInfo): string[] {
  const s = m.status;
  return [
    m.id,
    m.name || '(unstarted)',
    m.isLeader ? 'yes' : '',
    m.isLearner ? 'yes' : '',
    m.health.ok ? 'healthy' : `unhealthy: ${m.health.error ?? ''}`,
    m.health.latencyMs !== undefined ? `${m.health.latencyMs} ms` : '',
    s?.version ?? '',
    s ? formatBytes(s.dbSize) : '',
    s ? String(s.raftTerm) : '',
    s ? String(s.raftIndex) : '',
    m.clientURLs.join(','),
  ];
}

function jsonMember(m: MemberInfo): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    clientURLs: m.clientURLs,
    peerURLs: m.peerURLs,
    isLearner: m.isLearner,
    isLeader: m.isLeader,
    // The same shape on every release: what etcd before 3.6 does not report is null.
    status: m.status && { ...m.status, storageVersion: m.status.storageVersion ?? null, dbSizeQuota: m.status.dbSizeQuota ?? null },
    health: m.health,
  };
}

import type { Etcd3 } from 'etcd3';
import { classifyError } from '../client/errors';
import { idToHex } from '../cluster/ids';
import { ALARM_HELP, readAlarms } from '../cluster/maintenance';
import type { ConnectionConfig } from '../config/connectionConfig';
import { leaseDetails, leaseIds } from '../leases/leaseList';
import { metricsWarnings } from '../metrics/metricsWarnings';
import { readMetrics } from '../metrics/metricsReader';
import { readNodesReport } from '../ztap/nodesReport';
import { compareMembers, Finding, worstFirst } from './findings';
import { MemberView, viewMember } from './memberView';

export interface Diagnosis {
  at: string;
  revision: string;
  findings: Finding[];
  members: MemberView[];
}

/** History kept beyond this many revisions, never compacted, is worth saying. */
const LONG_HISTORY = 1_000_000;
/** Leases read in detail (keys attached) at most: the count is always exact. */
const LEASES_READ = 1000;

/**
 * Why a cluster is sick, in one pass: each member asked on its own URL (status, member
 * list, HashKV at one revision) within the request timeout, then the alarms, the
 * history kept, the leases, each member's metrics warnings, and ZTAP's election and
 * nodes. A part that cannot be read is a finding, not a failure of the report.
 */
export async function diagnose(etcd: Etcd3, config: ConnectionConfig, heartbeatMs: number): Promise<Diagnosis> {
  const findings: Finding[] = [];
  const guard = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      findings.push({ severity: 'warning', title: `could not read ${what}`, detail: classifyError(err).message });
    }
  };
  const revision = (await etcd.kv.range({ key: Buffer.from('health'), count_only: true })).header.revision;
  const listed = (await etcd.cluster.memberList({})).members;
  const views = await Promise.all(
    listed.map(m =>
      viewMember(config, { id: idToHex(m.ID), name: m.name, clientURLs: m.clientURLs, isLearner: m.isLearner }, revision, config.requestTimeoutMs),
    ),
  );
  findings.push(
    ...compareMembers(
      views,
      views.map(v => v.id),
    ),
  );
  await guard('the alarms', async () => {
    const alarms = await readAlarms(etcd);
    findings.push(
      ...alarms.map((a): Finding => ({ severity: 'critical', title: `${a.alarm} alarm on member ${a.memberId}`, detail: ALARM_HELP[a.alarm] })),
      ...(alarms.length ? [] : [{ severity: 'ok' as const, title: 'no alarms', detail: 'etcd raised no NOSPACE or CORRUPT alarm' }]),
    );
  });
  const compacted = views.find(v => v.hash)?.hash?.compactRevision;
  if (compacted !== undefined) {
    const kept = BigInt(revision) - BigInt(compacted);
    findings.push({
      severity: compacted === '0' && kept > BigInt(LONG_HISTORY) ? 'warning' : 'info',
      title:
        compacted === '0'
          ? `never compacted: ${kept} revisions of history kept`
          : `history kept: ${kept} revisions (compacted at ${compacted}, now at ${revision})`,
      detail:
        compacted === '0'
          ? 'etcd keeps every revision until it is compacted (--auto-compaction-retention, or Compact...): the database only grows.'
          : 'Older revisions are gone: watches and history start after the compaction.',
    });
  }
  await guard('the leases', async () => {
    const ids = await leaseIds(etcd);
    const details = await leaseDetails(etcd, ids.slice(0, LEASES_READ));
    const empty = details.filter(l => l.keyCount === 0).length;
    findings.push({
      severity: 'info',
      title: `${ids.length} lease${ids.length === 1 ? '' : 's'}${empty ? `, ${empty} with no keys${ids.length > LEASES_READ ? ` among the first ${LEASES_READ}` : ''}` : ''}`,
      detail: empty
        ? 'A lease with no keys keeps nothing alive: its owner may have stopped using it (it expires after its TTL unless kept alive).'
        : 'Every lease read keeps at least one key.',
    });
  });
  await Promise.all(
    views
      .filter(v => v.url)
      .map(v =>
        readMetrics(v.url!, config.requestTimeoutMs, config.tls).then(
          samples => {
            for (const w of metricsWarnings([{ at: Date.now(), samples }], v.status?.dbSizeQuota)) {
              findings.push({ severity: w.severity, title: `${v.name || v.id}: ${w.message.split(':')[0]}`, detail: w.message });
            }
          },
          err => findings.push({ severity: 'info', title: `${v.name || v.id}: metrics not read`, detail: (err as Error).message }),
        ),
      ),
  );
  await guard("ZTAP's election and nodes", async () => {
    const report = await readNodesReport(etcd, config.keyPrefix, config.electionKey, heartbeatMs);
    const leader = report.election.leader;
    if (!leader) {
      findings.push({
        severity: report.election.candidates.length || report.nodes.length ? 'critical' : 'info',
        title: 'ZTAP has no leader',
        detail: `Nothing under ${config.electionKey}/: no ZTAP node campaigns (or none runs).`,
      });
    } else {
      findings.push({
        severity: leader.ttlSeconds === null ? 'critical' : 'ok',
        title: `ZTAP leader ${leader.node?.id ?? leader.key}${leader.ttlSeconds === null ? ': its lease is gone' : `, lease ${leader.ttlSeconds} s left`}`,
        detail: `${report.election.candidates.length - 1} candidate(s) in line behind it.`,
      });
      const registered = report.nodes.find(n => n.election.kind === 'leader')?.registered;
      if (!registered) {
        findings.push({
          severity: 'warning',
          title: 'the ZTAP leader is not registered',
          detail: `No ${config.keyPrefix}/nodes/ entry for it: a node that campaigns without registering (or whose registration expired).`,
        });
      }
    }
    for (const n of report.nodes.filter(x => x.warnings.length)) {
      findings.push({ severity: 'warning', title: `ZTAP node ${n.id}: ${n.warnings[0]}`, detail: n.warnings.join('; ') });
    }
  });
  return { at: new Date().toISOString(), revision, findings: worstFirst(findings), members: views };
}

/** The report as Markdown: findings worst first, then each member's figures. Keys only as ZTAP names them; no values, no passwords. */
export function diagnosisMarkdown(d: Diagnosis, endpoints: readonly string[]): string {
  const mark = { critical: '🔴', warning: '🟠', info: 'ℹ️', ok: '✅' } as const;
  const lines = [
    '# etcd diagnosis',
    '',
    `${d.at} · revision ${d.revision} · endpoints ${endpoints.join(', ')}`,
    '',
    '## Findings, worst first',
    '',
    ...d.findings.map(f => `- ${mark[f.severity]} **${f.severity}**: ${f.title}. ${f.detail}`),
    '',
    '## Members',
    '',
    '| member | id | version | raft index | applied | leader | DB size | in use | round trip |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...d.members.map(v => {
      const s = v.status;
      return s
        ? `| ${v.name || '(unstarted)'} | ${v.id} | ${s.version} | ${s.raftIndex} | ${s.raftAppliedIndex || '-'} | ${s.leader === '0' ? 'none' : idToHex(s.leader)} | ${s.dbSize} | ${s.dbSizeInUse} | ${Math.round(v.latencyMs ?? 0)} ms |`
        : `| ${v.name || '(unstarted)'} | ${v.id} | - | - | - | - | - | - | ${v.error ?? ''} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

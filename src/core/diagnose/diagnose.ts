import type { Etcd3 } from 'etcd3';
import { classifyError } from '../client/errors';
import { idToHex } from '../cluster/ids';
import { ALARM_HELP, readAlarms } from '../cluster/maintenance';
import type { ConnectionConfig } from '../config/connectionConfig';
import { leaseDetails, leaseIds } from '../leases/leaseList';
import { serverIdOf } from '../metrics/metricsPoint';
import { MemberMetrics, metricsTargets } from '../metrics/metricsPoll';
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
export interface DiagnoseOptions {
  /** The editor's metrics poll, when it ran: its 15-minute window judges what one read cannot (leader churn, failed proposals). */
  metrics?: readonly MemberMetrics[];
}

export async function diagnose(etcd: Etcd3, config: ConnectionConfig, heartbeatMs: number, options: DiagnoseOptions = {}): Promise<Diagnosis> {
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
    // etcd says -1 (0 on some releases) before the first compaction.
    const never = BigInt(compacted) <= 0n;
    const kept = BigInt(revision) - (never ? 0n : BigInt(compacted));
    findings.push({
      severity: never && kept > BigInt(LONG_HISTORY) ? 'warning' : 'info',
      title: never ? `never compacted: ${kept} revisions of history kept` : `history kept: ${kept} revisions (compacted at ${compacted}, now at ${revision})`,
      detail: never
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
  await Promise.all(metricsFindings(config, views, options.metrics ?? []).map(async read => findings.push(...(await read))));
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
      const more = n.warnings.slice(1).join('; ');
      findings.push({
        severity: 'warning',
        title: `ZTAP node ${n.id}: ${n.warnings[0]}`,
        detail: `${more ? `Also: ${more}. ` : ''}Look at the node's own log and its ${config.keyPrefix}/nodes/${n.id} registration (ztap status).`,
      });
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

/**
 * Each member's metrics warnings: from the metrics poll's window where it read the
 * member last time, otherwise from one read now (the configured metrics URLs, or the
 * members' client URLs). A member whose metrics cannot be read is an info finding.
 */
function metricsFindings(config: ConnectionConfig, views: readonly MemberView[], polled: readonly MemberMetrics[]): Array<Promise<Finding[]>> {
  const { targets, names } = metricsTargets(
    config.metricsUrls,
    views.map(v => ({ id: v.id, name: v.name, clientURLs: v.url ? [v.url] : [] })),
  );
  const quotaOf = (id: string | undefined) => views.find(v => v.id === id)?.status?.dbSizeQuota;
  const asFindings = (name: string, warnings: ReturnType<typeof metricsWarnings>): Finding[] =>
    warnings.map(w => ({ severity: w.severity, title: `${name}: ${w.message.split(':')[0]}`, detail: w.message }));
  return targets.map(async (target): Promise<Finding[]> => {
    const known = polled.find(m => m.url === target.url && !m.error && m.points.length > 1);
    if (known) {
      return asFindings(known.name, known.warnings);
    }
    try {
      const samples = await readMetrics(target.url, config.requestTimeoutMs, config.tls);
      const id = serverIdOf(samples) ?? target.memberId;
      const name = (id && names.get(id)) || target.url;
      return asFindings(name, metricsWarnings([{ at: Date.now(), samples }], quotaOf(id)));
    } catch (err) {
      const name = (target.memberId && names.get(target.memberId)) || target.url;
      return [{ severity: 'info', title: `${name}: metrics not read`, detail: (err as Error).message }];
    }
  });
}

import { deniedOn } from '../../core/client/errors';
import { NodeReport, nodesSummary, readNodesReport } from '../../core/ztap/nodesReport';
import type { CliContext } from '../context';
import { formatTable } from '../output';
import { UsageError } from '../usageError';
import { parseDuration } from '../../core/config/duration';

/** `ztap-etcd nodes [--strict]`: ZTAP's nodes, their place in the election, and what is wrong. */
export async function nodesCommand(ctx: CliContext): Promise<number> {
  const heartbeat = ctx.args.values.heartbeat;
  let heartbeatMs = 5000;
  if (typeof heartbeat === 'string') {
    try {
      heartbeatMs = parseDuration(/^\d+$/.test(heartbeat) ? `${heartbeat}s` : heartbeat, '--heartbeat');
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const report = await readNodesReport(await ctx.connect(), ctx.config.keyPrefix, ctx.config.electionKey, heartbeatMs).catch(err => {
    throw deniedOn(err, { op: 'read', key: `${ctx.config.keyPrefix}/nodes/`, prefix: true }, ctx.config.username);
  });
  ctx.out.records(
    report.nodes,
    n => ({
      key: n.key,
      id: n.id,
      address: n.node?.address ?? null,
      state: n.node?.state ?? null,
      role: n.node?.role ?? null,
      lastSeenAgeSeconds: n.lastSeenAgeMs === undefined ? null : Math.round(n.lastSeenAgeMs / 1000),
      lease: n.lease,
      ttl: n.ttl,
      registered: n.registered,
      election: n.election.kind === 'candidate' ? `candidate ${n.election.position}` : n.election.kind,
      warnings: n.warnings,
    }),
    () => {
      const lines = [`Nodes under ${ctx.config.keyPrefix}/nodes/: ${nodesSummary(report)}`];
      if (report.nodes.length) {
        lines.push(...formatTable(['ID', 'ADDRESS', 'STATE', 'ROLE', 'LAST SEEN', 'LEASE TTL', 'ELECTION'], report.nodes.map(row)));
      }
      for (const n of report.nodes) {
        lines.push(...n.warnings.map(w => `warning: ${n.id}: ${w}`));
      }
      return lines;
    },
  );
  return ctx.args.values.strict === true && report.warned > 0 ? 1 : 0;
}

function row(n: NodeReport): string[] {
  const place = n.election.kind === 'leader' ? 'leader' : n.election.kind === 'candidate' ? `candidate ${n.election.position}` : '-';
  return [
    `${n.warnings.length ? '! ' : ''}${n.id}`,
    n.node?.address || '-',
    n.node?.state || '-',
    n.node?.role || '-',
    n.lastSeenAgeMs === undefined ? '-' : `${Math.round(n.lastSeenAgeMs / 1000)}s ago`,
    n.lease === '0' ? 'no lease' : n.ttl === null ? 'gone' : `${n.ttl}s`,
    place,
  ];
}

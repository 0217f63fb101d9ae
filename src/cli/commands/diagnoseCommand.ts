import { diagnose } from '../../core/diagnose/diagnose';
import { PARTICIPANT_DEFAULTS } from '../../core/election/participantConfig';
import type { CliContext } from '../context';

/**
 * `ztap-etcd diagnose`: why the cluster is sick, worst first, each finding with what it
 * means and what to do. Exit 0 when nothing is wrong, 1 with a warning or worse.
 */
export async function diagnoseCommand(ctx: CliContext): Promise<number> {
  const report = await diagnose(await ctx.connect(), ctx.config, PARTICIPANT_DEFAULTS.heartbeatMs);
  const bad = report.findings.filter(f => f.severity === 'critical' || f.severity === 'warning');
  ctx.out.result(
    () => ({
      at: report.at,
      revision: report.revision,
      healthy: bad.length === 0,
      findings: report.findings,
      members: report.members.map(v => ({
        id: v.id,
        name: v.name,
        url: v.url ?? null,
        isLearner: v.isLearner,
        latencyMs: v.latencyMs ?? null,
        error: v.error ?? null,
        status: v.status ?? null,
        hash: v.hash ?? null,
      })),
    }),
    () => [
      ...report.findings.map(f => `${f.severity.toUpperCase().padEnd(8)} ${f.title}: ${f.detail}`),
      bad.length === 0 ? 'Nothing wrong found.' : `${bad.length} finding${bad.length === 1 ? '' : 's'} to look at.`,
    ],
  );
  return bad.length === 0 ? 0 : 1;
}

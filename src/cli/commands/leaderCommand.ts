import { deniedOn } from '../../core/client/errors';
import { Candidate, readElection } from '../../core/election/leaderReader';
import type { CliContext } from '../context';

/** `ztap-etcd leader`: the ZTAP leader and the line behind it, as Go's Election orders it. */
export async function leaderCommand(ctx: CliContext): Promise<number> {
  const state = await readElection(await ctx.connect(), ctx.config.electionKey).catch(err => {
    throw deniedOn(err, { op: 'read', key: `${ctx.config.electionKey}/`, prefix: true }, ctx.config.username);
  });
  ctx.out.result(
    () => ({ leader: state.leader ? jsonCandidate(state.leader) : null, candidates: state.candidates.map(jsonCandidate) }),
    () => {
      if (!state.leader) {
        return [`No leader: no candidate under ${state.electionKey}/`];
      }
      const lines = [`Leader: ${describe(state.leader)}`, ...details(state.leader)];
      if (state.candidates.length > 1) {
        lines.push('Waiting candidates (in line order):');
        state.candidates.slice(1).forEach((c, i) => lines.push(`  ${i + 2}. ${describe(c)}`, ...details(c).map(l => `  ${l}`)));
      }
      return lines;
    },
  );
  return 0;
}

function describe(c: Candidate): string {
  return c.node ? `${c.node.id} (${c.node.address || 'no address'})` : `raw value ${JSON.stringify(c.raw)}`;
}

function details(c: Candidate): string[] {
  const ttl = c.ttlSeconds === null ? 'no lease' : `${c.ttlSeconds}s left`;
  return [`  key ${c.key}, lease ${c.leaseId} (${ttl}), create revision ${c.createRevision}`];
}

function jsonCandidate(c: Candidate): Record<string, unknown> {
  return { key: c.key, leaseId: c.leaseId, createRevision: c.createRevision, ttlSeconds: c.ttlSeconds, node: c.node, raw: c.raw };
}

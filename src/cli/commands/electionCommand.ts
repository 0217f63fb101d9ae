import { deniedOn } from '../../core/client/errors';
import { readElectionHistory, Term } from '../../core/history/electionHistory';
import type { CliContext } from '../context';
import { formatTable } from '../output';

/** `ztap-etcd election history`: the election's terms since etcd's compaction, oldest first. */
export async function electionCommand(ctx: CliContext): Promise<number> {
  const history = await readElectionHistory(await ctx.connect(), ctx.config.electionKey).catch(err => {
    throw deniedOn(err, { op: 'read', key: `${ctx.config.electionKey}/`, prefix: true }, ctx.config.username);
  });
  ctx.out.records(history.terms, termJson, () => {
    const compacted = history.compactRevision === undefined ? '' : `; history before revision ${history.compactRevision} has been compacted`;
    const lines = [
      `Election ${history.electionKey}/: ${history.terms.length} term${history.terms.length === 1 ? '' : 's'} (read at revision ${history.revision}${compacted})`,
    ];
    if (history.terms.length) {
      lines.push(
        ...formatTable(
          ['BEGAN', 'ENDED', 'LEADER', 'LEASE', 'LINE', 'END'],
          history.terms.map(t => [
            `${t.beganBeforeCompaction ? '<=' : ''}${t.began}`,
            t.ended?.toString() ?? '-',
            leaderName(t),
            t.lease,
            `${t.lineAtStart} (max ${t.longestLine})`,
            t.end === 'lease gone' ? 'lease gone (expired or revoked)' : t.end,
          ]),
        ),
      );
    }
    return lines;
  });
  return 0;
}

function leaderName(t: Term): string {
  return t.node ? `${t.node.id}${t.node.address ? ` (${t.node.address})` : ''}` : JSON.stringify(t.value);
}

function termJson(t: Term): Record<string, unknown> {
  return {
    key: t.key,
    leader: t.node ? { id: t.node.id, address: t.node.address } : null,
    value: t.value,
    lease: t.lease,
    createRevision: t.createRevision.toString(),
    began: t.began.toString(),
    beganBeforeCompaction: t.beganBeforeCompaction,
    ended: t.ended === undefined ? null : t.ended.toString(),
    end: t.end,
    lineAtStart: t.lineAtStart,
    longestLine: t.longestLine,
  };
}

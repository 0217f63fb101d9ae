import {
  addMember,
  findMember,
  moveLeader,
  parsePeerUrls,
  promoteLearner,
  removeMember,
  removalRefusal,
  RefusedMemberChange,
  updatePeerUrls,
} from '../../core/cluster/memberChanges';
import { loadMembers, MemberInfo } from '../../core/cluster/members';
import { deniedOn } from '../../core/client/errors';
import type { CliContext } from '../context';
import { UsageError } from '../usageError';
import { positional as arg } from '../positional';
import { confirmByTyping as typed } from '../confirm';

function peerUrls(ctx: CliContext, usage: string): string[] {
  const given = ctx.args.values['peer-urls'];
  if (typeof given !== 'string') {
    throw new UsageError(`${usage}: --peer-urls is needed`);
  }
  try {
    return parsePeerUrls(given);
  } catch (err) {
    throw new UsageError(`--peer-urls: ${(err as Error).message}`);
  }
}

/** The members now, and the one named (name or hex ID). */
async function members(ctx: CliContext, which: string) {
  const etcd = await ctx.connect();
  const { members: all } = await loadMembers(etcd, ctx.config);
  try {
    return { etcd, all, member: findMember(all, which) };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const label = (m: MemberInfo) => m.name || m.id;

/** `ztap-etcd member add <name> --peer-urls U [--voter]`: a learner unless --voter; prints the flags it must start with. */
export async function memberAddCommand(ctx: CliContext): Promise<number> {
  const usage = 'member add <name> --peer-urls U';
  const name = arg(ctx, 1, usage);
  const urls = peerUrls(ctx, usage);
  const voter = ctx.args.values.voter === true;
  if (voter) {
    process.stderr.write(
      'ztap-etcd: warning: a voting member counts in the quorum at once; until it has started and caught up the cluster has one more member to lose\n',
    );
  }
  const added = await addMember(await ctx.connect(), name, urls, voter).catch(err => {
    throw deniedOn(err, { rootOnly: 'adding a member' }, ctx.config.username);
  });
  ctx.out.result(
    () => ({ id: added.id, learner: !voter, startFlags: added.startFlags }),
    () => [
      `Added ${name} (${added.id}) as ${voter ? 'a voting member' : 'a learner (promote it once it has caught up: ztap-etcd member promote ' + name + ')'}.`,
      'Start it with these flags, plus its --data-dir and client URLs:',
      `  etcd ${added.startFlags.join(' ')}`,
    ],
  );
  return 0;
}

export async function memberPromoteCommand(ctx: CliContext): Promise<number> {
  const { etcd, all, member } = await members(ctx, arg(ctx, 1, 'member promote <member>'));
  await promoteLearner(etcd, member, all);
  ctx.out.result(
    () => ({ promoted: member.id }),
    () => [`Promoted ${label(member)}: it is a voting member now.`],
  );
  return 0;
}

/** `ztap-etcd member remove <member>`: refused when the voting members left that answer would be no quorum; the name typed (--yes off a terminal). */
export async function memberRemoveCommand(ctx: CliContext): Promise<number> {
  const { etcd, all, member } = await members(ctx, arg(ctx, 1, 'member remove <member>'));
  const reason = removalRefusal(member, all);
  if (reason) {
    throw new RefusedMemberChange(reason);
  }
  const own = member.clientURLs.some(url => ctx.config.endpoints.some(e => e.original === url || `http://${e.host}:${e.port}` === url));
  if (own) {
    process.stderr.write(`ztap-etcd: warning: ${label(member)} is one of the endpoints given; requests move to the others\n`);
  }
  if (ctx.args.values.yes !== true && !(await typed(`Remove ${label(member)} (${member.id}) from the cluster?`, label(member)))) {
    process.stderr.write(`ztap-etcd: nothing changed (type ${label(member)} on a terminal, or pass --yes)\n`);
    return 1;
  }
  await removeMember(etcd, member, all);
  ctx.out.result(
    () => ({ removed: member.id }),
    () => [`Removed ${label(member)} (${member.id}). Stop its etcd process and remove its data dir before it is added again.`],
  );
  return 0;
}

export async function memberUpdateCommand(ctx: CliContext): Promise<number> {
  const usage = 'member update <member> --peer-urls U';
  const urls = peerUrls(ctx, usage);
  const { etcd, member } = await members(ctx, arg(ctx, 1, usage));
  await updatePeerUrls(etcd, member, urls);
  ctx.out.result(
    () => ({ updated: member.id, peerURLs: urls }),
    () => [`Updated ${label(member)}: peer URLs ${urls.join(', ')}.`],
  );
  return 0;
}

export async function moveLeaderCommand(ctx: CliContext): Promise<number> {
  const { all, member } = await members(ctx, arg(ctx, 0, 'move-leader <member>'));
  await moveLeader(ctx.config, member, all);
  ctx.out.result(
    () => ({ leader: member.id }),
    () => [`Moved the raft leadership to ${label(member)}.`],
  );
  return 0;
}

import type { Etcd3 } from 'etcd3';
import { createEtcd3 } from '../client/etcdClient';
import type { ConnectionConfig } from '../config/connectionConfig';
import { parseEndpoint } from '../config/endpoints';
import { hexToId, idToHex } from './ids';
import type { MemberInfo } from './members';

/** A member change etcd must not be asked for, with why (nothing was changed). */
export class RefusedMemberChange extends Error {
  constructor(reason: string) {
    super(`refused: ${reason}; nothing was changed`);
    this.name = 'RefusedMemberChange';
  }
}

/** Peer URLs as etcd takes them: http(s)://host:port each, comma-separated; a message naming the bad one otherwise. */
export function parsePeerUrls(text: string): string[] {
  const urls = text
    .split(',')
    .map(u => u.trim())
    .filter(Boolean);
  if (urls.length === 0) {
    throw new RangeError('give at least one peer URL, as http://host:2380');
  }
  for (const url of urls) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.port || parsed.pathname.replace(/\/$/, '') !== '') {
      throw new RangeError(`"${url}" is not a peer URL: use http://host:port or https://host:port (etcd's peer port, often 2380)`);
    }
  }
  return urls;
}

export interface AddedMember {
  id: string;
  /** The flags the new member must start with (besides its data dir and client URLs). */
  startFlags: string[];
}

/**
 * Adds a member, a raft learner unless `voter`: it takes no part in quorum until it is
 * promoted. Returns the flags it must start with: its name, its peer URLs, the
 * cluster as etcd now lists it, and `--initial-cluster-state existing`.
 */
export async function addMember(etcd: Etcd3, name: string, peerUrls: string[], voter = false): Promise<AddedMember> {
  const res = await etcd.cluster.memberAdd({ peerURLs: peerUrls, isLearner: !voter });
  const added = idToHex(res.member.ID);
  const cluster = res.members.flatMap(m => (m.peerURLs ?? []).map(url => `${idToHex(m.ID) === added ? name : m.name}=${url}`)).join(',');
  return {
    id: added,
    startFlags: [
      `--name=${name}`,
      `--initial-advertise-peer-urls=${peerUrls.join(',')}`,
      `--listen-peer-urls=${peerUrls.join(',')}`,
      `--initial-cluster=${cluster}`,
      '--initial-cluster-state=existing',
    ],
  };
}

/**
 * Promotes a learner to a voting member. etcd refuses while it is behind the leader;
 * then the message says how far (raft index against the leader's) when that is known.
 */
export async function promoteLearner(etcd: Etcd3, member: MemberInfo, members: readonly MemberInfo[]): Promise<void> {
  if (!member.isLearner) {
    throw new RefusedMemberChange(`${member.name || member.id} is a voting member already`);
  }
  try {
    await etcd.cluster.memberPromote({ ID: hexToId(member.id) });
  } catch (err) {
    const message = (err as Error).message;
    if (/not in sync|learner.*(ready|sync)/i.test(message)) {
      const leader = members.find(m => m.isLeader)?.status?.raftIndex;
      const own = member.status?.raftIndex;
      const behind = leader !== undefined && own !== undefined ? `: raft index ${own} of the leader's ${leader}` : '';
      throw new Error(`etcd says: ${message.replace(/^\d+ [A-Z_]+: /, '')} (the learner is still catching up${behind}; try again when it has)`, { cause: err });
    }
    throw err;
  }
}

/** Why removing `member` would break the cluster (undefined: it would not). */
export function removalRefusal(member: MemberInfo, members: readonly MemberInfo[]): string | undefined {
  if (members.length <= 1) {
    return 'it is the last member: etcd would have no member left';
  }
  if (member.isLearner) {
    return undefined;
  }
  const voters = members.filter(m => !m.isLearner && m.id !== member.id);
  const healthy = voters.filter(m => m.health.ok);
  const quorum = Math.floor(voters.length / 2) + 1;
  if (healthy.length < quorum) {
    const down = voters.filter(m => !m.health.ok).map(m => m.name || m.id);
    return `without ${member.name || member.id}, ${voters.length} voting members are left and only ${healthy.length} answer now (${down.join(', ')} ${down.length === 1 ? 'does' : 'do'} not): ${quorum} are needed for a quorum`;
  }
  return undefined;
}

export async function removeMember(etcd: Etcd3, member: MemberInfo, members: readonly MemberInfo[]): Promise<void> {
  const reason = removalRefusal(member, members);
  if (reason) {
    throw new RefusedMemberChange(reason);
  }
  await etcd.cluster.memberRemove({ ID: hexToId(member.id) });
}

/** MoveLeader, sent to the current leader as etcd requires; the target must be a voting member. */
export async function moveLeader(config: ConnectionConfig, target: MemberInfo, members: readonly MemberInfo[]): Promise<void> {
  if (target.isLearner) {
    throw new RefusedMemberChange(`${target.name || target.id} is a learner: promote it first`);
  }
  if (target.isLeader) {
    throw new RefusedMemberChange(`${target.name || target.id} leads already`);
  }
  const leader = members.find(m => m.isLeader);
  const url = leader?.clientURLs[0];
  if (!leader || !url) {
    throw new Error('no member is raft leader now (or it has no client URL): nothing to move');
  }
  const etcd = createEtcd3(config, [parseEndpoint(url)], { retries: false });
  try {
    await etcd.maintenance.moveLeader({ targetID: hexToId(target.id) });
  } finally {
    etcd.close();
  }
}

export async function updatePeerUrls(etcd: Etcd3, member: MemberInfo, peerUrls: string[]): Promise<void> {
  await etcd.cluster.memberUpdate({ ID: hexToId(member.id), peerURLs: peerUrls });
}

/** The member named by its name or hex ID. */
export function findMember(members: readonly MemberInfo[], which: string): MemberInfo {
  const found = members.find(m => m.name === which || m.id === which.toLowerCase().replace(/^0x/, ''));
  if (!found) {
    throw new RangeError(`no member "${which}": the members are ${members.map(m => `${m.name || '(not started)'} ${m.id}`).join(', ')}`);
  }
  return found;
}

import * as vscode from 'vscode';
import {
  addMember as addToCluster,
  AddedMember,
  moveLeader as moveTo,
  parsePeerUrls,
  promoteLearner as promote,
  RefusedMemberChange,
  removalRefusal,
  removeMember as removeFrom,
  updatePeerUrls as updateUrls,
} from '../../core/cluster/memberChanges';
import { loadMembers, MemberInfo } from '../../core/cluster/members';
import { deniedOn } from '../../core/client/errors';
import { Invocation, nodeOf } from '../commands/invocation';
import type { Services } from '../services';
import { MemberNode } from './membersNode';

const label = (m: MemberInfo) => m.name || m.id;

/** The members now (asked of etcd, not the last poll: a change needs the present). */
async function currentMembers({ connection }: Services): Promise<MemberInfo[]> {
  const state = await connection.ensureConnected();
  if (state.kind !== 'connected' || !connection.config) {
    throw new Error('Connect to etcd first: members are changed on the current connection.');
  }
  return (await loadMembers(connection.requireSession().client, connection.config)).members;
}

/** The member a command acts on: its row (as etcd lists it now), the one given (name or ID), else picked from `choices`. */
async function memberOf(
  services: Services,
  all: MemberInfo[],
  invocation: Invocation,
  given: unknown,
  choices: MemberInfo[],
  title: string,
): Promise<MemberInfo | undefined> {
  const id = nodeOf(invocation, MemberNode)?.member.id;
  const named = id ?? (typeof given === 'string' ? given : undefined);
  if (named !== undefined) {
    const found = all.find(m => m.id === named || m.name === named);
    if (!found) {
      throw new Error(`No member ${named} now: it was removed meanwhile.`);
    }
    return found;
  }
  if (choices.length === 0) {
    void services.dialogs.inform(`ZTAP: ${title}: no member can be chosen for it now.`);
    return undefined;
  }
  const picked = await services.dialogs.pick(
    choices.map(m => ({ label: label(m), description: `${m.id}${m.isLearner ? ' · learner' : ''}${m.isLeader ? ' · raft leader' : ''}`, id: m.id })),
    { title: `ZTAP: ${title}`, placeHolder: 'Which member?' },
  );
  return picked && all.find(m => m.id === picked.id);
}

/** A member change under a progress notification, through the write policy; etcd's own words when it refuses. */
async function run<T>(services: Services, what: string, work: () => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ZTAP: ${what}…` }, async () => {
    const done = await services.writes.run(
      what,
      () =>
        work().catch(err => {
          throw deniedOn(err, { rootOnly: what }, services.connection.config?.username);
        }),
      () => `member: ${what}`,
    );
    services.tree.refresh();
    void services.connection.members?.refresh();
    return done;
  });
}

function askPeerUrls(services: Services, title: string, value: string): Thenable<string | undefined> {
  return services.dialogs.ask({
    title,
    prompt: "The member's peer URLs (comma-separated), as http://host:2380",
    value,
    validateInput: v => {
      try {
        parsePeerUrls(v);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
}

/**
 * Add Member...: its name and peer URLs, as a learner unless a voting member is asked
 * for (with a warning); then the etcd flags it must start with, to copy.
 */
export async function addMember(
  services: Services,
  _invocation: Invocation,
  given?: { name: string; peerUrls: string; voter?: boolean },
): Promise<AddedMember | undefined> {
  const title = 'ZTAP: Add Member';
  services.writes.refuseIfReadOnly('add a member');
  const all = await currentMembers(services);
  const name =
    given?.name ??
    (await services.dialogs.ask({
      title: `${title} (1/3)`,
      prompt: "The new member's name (its --name)",
      validateInput: v => (!v.trim() ? 'Give a name.' : all.some(m => m.name === v.trim()) ? `A member "${v.trim()}" exists.` : undefined),
    }));
  const urls = name && (given?.peerUrls ?? (await askPeerUrls(services, `${title} (2/3)`, 'http://127.0.0.1:2380')));
  if (!name || !urls) {
    return undefined;
  }
  let voter = given?.voter;
  if (voter === undefined) {
    const how = await services.dialogs.pick(
      [
        { label: 'As a learner', description: 'recommended: no part in the quorum until promoted', voter: false },
        { label: 'As a voting member', description: 'counts in the quorum at once, before it has started', voter: true },
      ],
      { title: `${title} (3/3)`, placeHolder: 'How does it join?' },
    );
    if (!how) {
      return undefined;
    }
    voter = how.voter;
  }
  if (
    voter &&
    !(await services.dialogs.confirm(
      `ZTAP: add ${name.trim()} as a voting member?`,
      'It counts in the quorum at once: until it has started and caught up, the cluster has one more member it cannot lose. A learner, promoted later, does not.',
      'Add as Voter',
    ))
  ) {
    return undefined;
  }
  const added = await run(services, `add member ${name.trim()}`, () =>
    addToCluster(services.connection.requireSession().client, name.trim(), parsePeerUrls(urls), voter),
  );
  if (added) {
    const command = `etcd ${added.startFlags.join(' ')}`;
    const copy = 'Copy Flags';
    const choice = await services.dialogs.explain(
      `ZTAP: added ${name.trim()} (${added.id}) as ${voter ? 'a voting member' : 'a learner'}. Start it with these flags, plus its --data-dir and client URLs:`,
      command,
      copy,
    );
    if (choice === copy) {
      await vscode.env.clipboard.writeText(command);
    }
  }
  return added;
}

/** The write policy's read-only check, the members now, and the member a command acts on (undefined: none chosen). */
async function chosen(services: Services, invocation: Invocation, given: unknown, title: string, what: string, choosable: (m: MemberInfo) => boolean) {
  services.writes.refuseIfReadOnly(what);
  const all = await currentMembers(services);
  const member = await memberOf(services, all, invocation, given, all.filter(choosable), title);
  return { all, member };
}

export async function promoteLearner(services: Services, invocation: Invocation, given?: string): Promise<boolean> {
  const { all, member } = await chosen(services, invocation, given, 'Promote Learner', 'promote a learner', m => m.isLearner);
  if (!member) {
    return false;
  }
  return (await run(services, `promote ${label(member)}`, () => promote(services.connection.requireSession().client, member, all).then(() => true))) === true;
}

/**
 * Remove Member: refused when it is the last member or the voting members left that
 * answer now would be no quorum (named); otherwise its name typed. Removing a member
 * the connection talks to says that requests move to the others.
 */
export async function removeMember(services: Services, invocation: Invocation, given?: string): Promise<boolean> {
  const { all, member } = await chosen(services, invocation, given, 'Remove Member', 'remove a member', () => true);
  if (!member) {
    return false;
  }
  const reason = removalRefusal(member, all);
  if (reason) {
    throw new RefusedMemberChange(reason);
  }
  const endpoints = services.connection.config?.endpoints.map(e => e.url) ?? [];
  const own = member.clientURLs.some(url => endpoints.includes(url.replace(/\/$/, '')));
  const name = label(member);
  const typed = await services.dialogs.ask({
    title: `ZTAP: Remove Member ${name}`,
    prompt: `Type ${name} to remove it from the cluster.${own ? ' This connection talks to it: requests move to the other members.' : ''} Then stop its etcd and remove its data dir before adding it again.`,
    validateInput: v => (v === name || v === '' ? undefined : `Type ${name} exactly, or press Escape.`),
  });
  if (typed !== name) {
    return false;
  }
  return (await run(services, `remove member ${name}`, () => removeFrom(services.connection.requireSession().client, member, all).then(() => true))) === true;
}

export async function moveLeader(services: Services, invocation: Invocation, given?: string): Promise<boolean> {
  const { all, member } = await chosen(services, invocation, given, 'Move Leader to This Member', 'move the raft leader', m => !m.isLearner && !m.isLeader);
  if (!member) {
    return false;
  }
  return (await run(services, `move the raft leader to ${label(member)}`, () => moveTo(services.connection.config!, member, all).then(() => true))) === true;
}

export async function updatePeerUrls(services: Services, invocation: Invocation, given?: { member: string; peerUrls: string }): Promise<boolean> {
  const { member } = await chosen(services, invocation, given?.member, 'Update Peer URLs', "update a member's peer URLs", () => true);
  const urls = member && (given?.peerUrls ?? (await askPeerUrls(services, `ZTAP: Update Peer URLs of ${label(member)}`, member.peerURLs.join(','))));
  if (!member || !urls) {
    return false;
  }
  return (
    (await run(services, `update the peer URLs of ${label(member)}`, () =>
      updateUrls(services.connection.requireSession().client, member, parsePeerUrls(urls)).then(() => true),
    )) === true
  );
}

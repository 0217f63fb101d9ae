import * as vscode from 'vscode';
import { readAtRevision } from '../../core/history/pastRevision';
import { HistoryCompacted } from '../../core/history/revisionSpan';
import { Invocation, nodeOf } from '../commands/invocation';
import { TermNode } from '../election/electionHistoryNode';
import { FolderNode } from '../keys/folderNode';
import type { Services } from '../services';
import { ChangeNode, VersionNode } from './historyNodes';
import { showChanges } from './showChanges';

/**
 * The revision a row stands for: a term's start, a key's version, or a change of Show
 * Changes (a comparison's rows, with a snapshot or another connection, have revisions
 * of another store: they are asked instead).
 */
function revisionOf(invocation: Invocation): string | undefined {
  const change = nodeOf(invocation, ChangeNode);
  return (
    nodeOf(invocation, TermNode)?.term.began.toString() ??
    (change && /^\d+-\d+$/.test(change.sides.id) ? change.change.toRevision.toString() : undefined) ??
    nodeOf(invocation, VersionNode)?.version.modRevision.toString()
  );
}

/**
 * Browse at Revision...: a read-only root "Keys at revision N" beside the live Keys, with
 * folders, counts and values as they were then (each folder read when opened). From a
 * term of the election history, a change or a key's version, their revision; otherwise
 * asked. A compacted revision is refused, offering the oldest one etcd keeps.
 */
export async function browseAtRevision(services: Services, invocation: Invocation, given?: { revision: string }): Promise<FolderNode | undefined> {
  await services.connection.ensureConnected();
  const etcd = services.connection.requireSession().client;
  const { keyPrefix } = services.connection.requireSession().config;
  const now = BigInt((await etcd.kv.range({ key: Buffer.from(keyPrefix), count_only: true })).header.revision);
  const revision =
    given?.revision ??
    revisionOf(invocation) ??
    (await services.dialogs.ask({
      title: 'ZTAP: Browse at Revision',
      prompt: `The revision to show the keys at (now ${now}; etcd keeps history back to its last compaction)`,
      value: String(now > 100n ? now - 100n : 1n),
      validateInput: v => (/^\d+$/.test(v.trim()) && BigInt(v.trim()) >= 1n && BigInt(v.trim()) <= now ? undefined : `A revision from 1 to ${now}`),
    }));
  if (revision === undefined) {
    return undefined;
  }
  const asked = BigInt(revision.trim());
  try {
    await readAtRevision(etcd, asked, () => etcd.kv.range({ key: Buffer.from(keyPrefix), count_only: true, revision: asked.toString() }));
  } catch (err) {
    if (!(err instanceof HistoryCompacted)) {
      throw err;
    }
    const oldest = `Browse at ${err.compactRevision}`;
    const choice = await services.dialogs.choose(`ZTAP: ${err.message}.`, oldest);
    return choice === oldest ? browseAtRevision(services, {}, { revision: err.compactRevision.toString() }) : undefined;
  }
  const root = services.tree.showPast(asked.toString());
  await services.view.reveal(root, { select: true, focus: true, expand: true });
  return root;
}

/** Compare with Live: what changed under a folder of a past revision's tree since then (Show Changes from it). */
export async function compareWithLive(services: Services, invocation: Invocation): Promise<string | undefined> {
  const folder = nodeOf(invocation, FolderNode);
  if (!folder?.revision) {
    throw new Error('Compare with Live works on a folder under "Keys at revision N": use Browse at Revision... first.');
  }
  return showChanges(services, {}, { prefix: folder.prefix, from: folder.revision });
}

/** Closes a "Keys at revision N" root. */
export function closePast(services: Services, invocation: Invocation): void {
  const revision = nodeOf(invocation, FolderNode)?.revision;
  if (revision) {
    services.tree.closePast(revision);
  } else {
    void vscode.window.showInformationMessage('ZTAP: Close this from the "Keys at revision N" row.');
  }
}

import * as vscode from 'vscode';
import { readPrefixChanges } from '../../core/history/prefixChanges';
import { HistoryCompacted } from '../../core/history/revisionSpan';
import type { Services } from '../services';
import { FolderNode } from '../keys/folderNode';
import { pickKeyPath } from '../keys/findKey';
import { Invocation, nodeOf } from '../commands/invocation';
import { withCancellableProgress } from '../progress';

interface Start extends vscode.QuickPickItem {
  revision?: bigint;
  ask?: 'last' | 'since';
}

/**
 * Show Changes: what was added, changed and deleted under a folder between a starting
 * revision (since the window opened, the last N revisions, a given revision, or a
 * snapshot's) and now or a given end, in the History view. `given` (tests, other
 * commands): the folder and the span.
 */
export async function showChanges(
  services: Services,
  invocation: Invocation,
  given?: { prefix: string; from: string; to?: string },
): Promise<string | undefined> {
  const etcd = services.connection.requireSession().client;
  const prefix =
    given?.prefix ?? nodeOf(invocation, FolderNode)?.prefix ?? (await pickKeyPath(services, undefined, 'ZTAP: Show Changes under Folder', { folders: true }));
  if (prefix === undefined) {
    return undefined;
  }
  const now = BigInt((await etcd.kv.range({ key: Buffer.from(prefix), keys_only: true })).header.revision);
  const from = given ? BigInt(given.from) : await askStart(services, prefix, now);
  if (from === undefined) {
    return undefined;
  }
  const to = given ? (given.to === undefined ? undefined : BigInt(given.to)) : await askEnd(services, from, now);
  if (to === null) {
    return undefined;
  }
  try {
    const changes = await withCancellableProgress(`Reading what changed under ${prefix} after revision ${from}`, signal =>
      readPrefixChanges(etcd, prefix, from, to, signal),
    );
    if (changes) {
      await services.history.showChanges(changes);
    }
    return changes ? prefix : undefined;
  } catch (err) {
    if (err instanceof HistoryCompacted && !given) {
      const retry = `Since Revision ${err.compactRevision}`;
      if ((await vscode.window.showErrorMessage(`ZTAP: ${err.message}`, retry)) === retry) {
        return showChanges(services, {}, { prefix, from: err.compactRevision.toString(), to: to?.toString() });
      }
      return undefined;
    }
    throw err;
  }
}

async function askStart(services: Services, prefix: string, now: bigint): Promise<bigint | undefined> {
  const items: Start[] = [];
  const opened = services.live.windowRevision();
  if (opened !== undefined) {
    items.push({ label: 'Since I opened the window', description: `after revision ${opened}`, revision: opened });
  }
  items.push({ label: 'The last N revisions…', description: `etcd is at revision ${now}`, ask: 'last' });
  items.push({ label: 'Since revision…', ask: 'since' });
  for (const snap of services.snapshotStatus.recent()) {
    items.push({ label: `Since snapshot ${snap.file.split(/[\\/]/).pop()}`, description: `revision ${snap.revision}`, revision: BigInt(snap.revision) });
  }
  const start = await services.dialogs.pick(items, { title: `ZTAP: Show Changes under ${prefix}: from when?` });
  if (!start) {
    return undefined;
  }
  if (start.revision !== undefined) {
    return start.revision;
  }
  const typed = await services.dialogs.ask({
    title: start.ask === 'last' ? `ZTAP: Show Changes under ${prefix}: how many revisions back?` : `ZTAP: Show Changes under ${prefix}: after which revision?`,
    prompt: `etcd is at revision ${now}`,
    // A revision the user types; nothing pre-filled that looks like a choice made for them.
    value: start.ask === 'last' ? '100' : '',
    placeHolder: start.ask === 'last' ? undefined : `a revision below ${now}, e.g. ${now > 100n ? now - 100n : 0n}`,
    validateInput: text => (/^\d+$/.test(text.trim()) ? undefined : 'a whole number, such as 100'),
  });
  if (typed === undefined) {
    return undefined;
  }
  const n = BigInt(typed.trim());
  return start.ask === 'last' ? (n >= now ? 0n : now - n) : n;
}

/** The end: now (undefined) or a revision; null when cancelled. */
async function askEnd({ dialogs }: Services, from: bigint, now: bigint): Promise<bigint | undefined | null> {
  const end = await dialogs.pick(
    [
      { label: 'Up to now', description: `revision ${now}`, revision: undefined as bigint | undefined },
      { label: 'Up to revision…', revision: -1n },
    ],
    { title: `ZTAP: changes after revision ${from} up to…` },
  );
  if (!end) {
    return null;
  }
  if (end.revision === undefined) {
    return undefined;
  }
  const typed = await dialogs.ask({
    title: `ZTAP: Show Changes: up to which revision (${from}…${now})?`,
    value: String(now),
    validateInput: text =>
      /^\d+$/.test(text.trim()) && BigInt(text.trim()) >= from && BigInt(text.trim()) <= now ? undefined : `a revision from ${from} to ${now}`,
  });
  return typed === undefined ? null : BigInt(typed.trim());
}

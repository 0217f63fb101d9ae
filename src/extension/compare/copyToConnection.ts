import * as vscode from 'vscode';
import { createEtcd3 } from '../../core/client/etcdClient';
import { applyCopy, CopyPlan, CopyResult, mergePlans, planCopy } from '../../core/compare/folderCopy';
import { keyFromText } from '../../core/keys/keyText';
import { KeyNode } from '../keys/keyNode';
import type { TreeNode } from '../tree/treeNode';
import { folderPrefix } from '../../core/keys/keyRange';
import { plural } from '../../core/text/plural';
import type { Invocation } from '../commands/invocation';
import { FolderNode } from '../keys/folderNode';
import { pickKeyPath } from '../keys/findKey';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { pickConnection } from './pickConnection';

/** What a test (or another command) gives instead of the questions (the preview is still asked). */
export interface CopyGiven {
  prefix?: string;
  connection: string;
  targetPrefix?: string;
}

const COPY = 'Copy';
const OVERWRITE = 'Copy and Overwrite';

/**
 * Copy to Connection...: a folder to a folder on another connection. A read-only target
 * refuses before any question. The preview says what it would create, overwrite (only
 * when asked), leave, and never touch (keys only on the target), and that keys with a
 * lease are written without one (or with a new lease of a TTL asked for). Every write
 * is guarded on what the preview saw: a key changed on the target since is skipped and
 * named. Cancellable between transactions; a cancelled copy says how far it got.
 */
export async function copyToConnection(services: Services, invocation: Invocation, given?: CopyGiven): Promise<CopyResult | undefined> {
  await services.connection.ensureConnected();
  const session = services.connection.requireSession();
  const rows = sourcesOf(invocation);
  const prefix =
    given?.prefix ??
    (rows.length === 1 && rows[0].kind === 'folder'
      ? rows[0].path
      : rows.length
        ? undefined
        : await pickKeyPath(services, undefined, 'ZTAP: Copy Folder to Connection', { folders: true }));
  if (prefix === undefined && rows.length === 0) {
    return undefined;
  }
  const what = prefix ?? (rows.length === 1 ? rows[0].path : plural(rows.length, 'selected row'));
  const active = services.connection.activeProfile.name;
  const name = given?.connection ?? (await pickConnection(services, `ZTAP: Copy ${what} to which connection?`));
  if (name === undefined) {
    return undefined;
  }
  // Before any question (a password included): a read-only target refuses.
  const policy =
    name !== active
      ? services.connection.writePolicyOf(name)
      : services.connection.readOnlyReason()
        ? 'read-only'
        : services.connection.writeConfirmationTarget()
          ? 'confirm'
          : 'writable';
  if (policy === 'read-only') {
    throw new Error(`"${name}" is read-only: nothing was copied (set "readOnly": false in its entry of ztap.connections to allow writes to it).`);
  }
  const targetConfig = name === active ? session.config : await services.connection.profileConfig(name);
  // A folder may go into another folder there; keys and selections keep their names.
  const targetPrefix =
    prefix === undefined
      ? undefined
      : (given?.targetPrefix ??
        (await services.dialogs.ask({
          title: `ZTAP: Copy into which folder on "${name}"?`,
          value: prefix,
          validateInput: v => (v.trim() ? undefined : 'A folder, such as /ztap/'),
        })));
  if (prefix !== undefined && targetPrefix === undefined) {
    return undefined;
  }
  const target = name === active ? session.client : createEtcd3(targetConfig);
  try {
    const here = (folder: string) => ({ etcd: session.client, prefix: folder, label: services.connection.displayName });
    const there = (folder: string) => ({ etcd: target, prefix: folder, label: name });
    const source = prefix === undefined ? what : folderPrefix(prefix);
    const into = targetPrefix === undefined ? 'the same names' : folderPrefix(targetPrefix.trim());
    const plan = await withCancellableProgress(`Reading ${source} here and on "${name}"`, async signal => {
      if (prefix !== undefined) {
        return planCopy(here(source), there(into), signal);
      }
      const plans = [];
      for (const [folder, names] of groupByFolder(rows)) {
        plans.push(await planCopy(here(folder), there(folder), signal, names && (n => names.has(n.toString('latin1')))));
      }
      return mergePlans(plans);
    });
    if (!plan) {
      return undefined;
    }
    if (plan.create.length + plan.overwrite.length === 0) {
      void services.dialogs.inform(`ZTAP: nothing to copy: "${name}" ${into} already holds every key of ${source} (${plan.same} the same).`);
      return { created: 0, overwritten: 0, skipped: [], cancelled: false, done: 0, total: 0 };
    }
    const choice = await services.dialogs.explain(
      `Copy ${source} to "${name}" ${into}?`,
      preview(plan, policy === 'confirm'),
      ...(plan.create.length ? [COPY] : []),
      ...(plan.overwrite.length ? [OVERWRITE] : []),
    );
    if (choice !== COPY && choice !== OVERWRITE) {
      return undefined;
    }
    const ttl = plan.withLease ? await askTtl(services, plan.withLease) : undefined;
    if (ttl === null) {
      return undefined;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ZTAP: copying to "${name}"…`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          return await applyCopy(target, plan, {
            overwrite: choice === OVERWRITE,
            ttlSeconds: ttl,
            signal: abort.signal,
            onProgress: (done, total) => {
              progress.report({ message: `${done} of ${total} keys`, increment: (100 * (done - reported)) / total });
              reported = done;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    services.log.info(
      `Copy ${source} to "${name}" ${into}: created ${result.created}, overwrote ${result.overwritten}, skipped ${result.skipped.length}${result.cancelled ? ', cancelled' : ''}.`,
    );
    const skipped = result.skipped.length
      ? ` Skipped ${result.skipped.length} changed on "${name}" since the preview: ${result.skipped
          .slice(0, 3)
          .map(s => s.key)
          .join(', ')}${result.skipped.length > 3 ? '…' : ''}.`
      : '';
    const done = `created ${result.created}, overwrote ${result.overwritten}.${skipped}`;
    void services.dialogs.inform(
      result.cancelled
        ? `ZTAP: copy cancelled after ${result.done} of ${result.total} keys (each written whole or not at all): ${done}`
        : `ZTAP: copied to "${name}" ${into}: ${done}`,
    );
    return result;
  } finally {
    if (name !== active) {
      target.close();
    }
  }
}

/** The live folders and keys the command was invoked on (a selection, or one row). */
function sourcesOf(invocation: Invocation): Array<{ kind: 'folder' | 'key'; path: string }> {
  const rows: TreeNode[] = invocation.selection ?? (invocation.node ? [invocation.node] : []);
  return rows.flatMap((row): Array<{ kind: 'folder' | 'key'; path: string }> => {
    if (row instanceof FolderNode && !row.snapshot && !row.revision) {
      return [{ kind: 'folder' as const, path: row.prefix }];
    }
    if (row instanceof KeyNode && !row.snapshot && !row.revision) {
      return [{ kind: 'key' as const, path: row.key }];
    }
    return [];
  });
}

/** Each folder to read, with the names of the keys wanted there (undefined: all of it). */
function groupByFolder(rows: ReadonlyArray<{ kind: 'folder' | 'key'; path: string }>): Map<string, Set<string> | undefined> {
  const folders = new Map<string, Set<string> | undefined>();
  for (const row of rows.filter(r => r.kind === 'folder')) {
    folders.set(row.path, undefined);
  }
  for (const row of rows.filter(r => r.kind === 'key')) {
    const folder = row.path.slice(0, row.path.lastIndexOf('/') + 1);
    if ([...folders.keys()].some(f => folders.get(f) === undefined && row.path.startsWith(f))) {
      continue; // inside a folder copied whole
    }
    const names = folders.get(folder) ?? new Set<string>();
    names.add(keyFromText(row.path).subarray(keyFromText(folder).length).toString('latin1'));
    folders.set(folder, names);
  }
  return folders;
}

function preview(plan: CopyPlan, confirmTarget: boolean): string {
  return [
    `From revision ${plan.source.revision} here to "${plan.target.label}" at revision ${plan.target.revision}:`,
    `• ${plural(plan.create.length, 'key')} to create (absent there)`,
    `• ${plural(plan.overwrite.length, 'key')} different there: overwritten only with Copy and Overwrite`,
    `• ${plan.same} the same; ${plural(plan.targetOnly, 'key')} only there, never touched`,
    ...(plan.withLease ? [`• ${plural(plan.withLease, 'key')} had a lease: written without one unless you give a TTL next`] : []),
    'A key changed there after this preview is skipped and named, never overwritten.',
    ...(confirmTarget ? ['This connection is not on this machine: the copy writes to it.'] : []),
  ].join('\n');
}

/** A TTL for the keys that had a lease (a new lease there), or none: undefined for none, null to stop. */
async function askTtl(services: Services, count: number): Promise<number | undefined | null> {
  const text = await services.dialogs.ask({
    title: `ZTAP: ${plural(count, 'key')} had a lease. A TTL in seconds for a new lease there (empty: written without one)`,
    value: '',
    validateInput: v => (v.trim() === '' || (/^\d+$/.test(v.trim()) && Number(v) >= 1) ? undefined : 'Whole seconds, 1 or more, or empty'),
  });
  if (text === undefined) {
    return null;
  }
  return text.trim() === '' ? undefined : Number(text.trim());
}

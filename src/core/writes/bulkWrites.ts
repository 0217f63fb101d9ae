import { promises as fs } from 'fs';
import { join } from 'path';
import type { Etcd3, ICompare, IKeyValue, IRequestOp } from 'etcd3';
import { CompareResult, CompareTarget } from 'etcd3';
import { keyFromText, keyToText } from '../keys/keyText';
import { guardedDelete, guardedPut, WriteConflict } from './guardedWrites';
import { decodeEntry, entryOf, KeysFileEntry, readSubtree, Subtree, writeKeysFile } from './keysFile';

/**
 * Writes of many keys: a delete that keeps a recovery file, and an import (which is
 * also how a recovery file is put back). Transactions carry at most BATCH keys, with
 * one compare each, inside etcd's default --max-txn-ops of 128.
 */
const BATCH = 64;

export interface DeletePlan {
  revision: string;
  kvs: IKeyValue[];
}

export interface DeleteResult {
  deleted: number;
  /** Keys changed or deleted by someone else since they were read: left as they are. */
  changed: string[];
  /** Where the deleted keys were saved first (none when nothing was deleted). */
  recoveryFile?: string;
}

/** What a delete of `subtree` would remove, read at one revision: the count is counted, not guessed. */
export function planDelete(etcd: Etcd3, subtree: Subtree): Promise<DeletePlan> {
  return readSubtree(etcd, subtree);
}

/**
 * Saves every key and value of the plan to a recovery file in `recoveryDir` (fsynced),
 * then deletes each key only if it is unchanged since the plan read it: every deleted
 * value is in the file, and a key someone changed meanwhile is left alone.
 */
export async function deleteWithRecovery(etcd: Etcd3, subtree: Subtree, plan: DeletePlan, recoveryDir: string): Promise<DeleteResult> {
  if (plan.kvs.length === 0) {
    return { deleted: 0, changed: [] };
  }
  await fs.mkdir(recoveryDir, { recursive: true, mode: 0o700 });
  const recoveryFile = join(recoveryDir, recoveryName(subtree.key, plan.revision));
  await writeKeysFile(
    recoveryFile,
    { revision: plan.revision, prefix: subtree.key },
    plan.kvs.map(kv => entryOf(kv, true)),
  );
  let deleted = 0;
  const changed: string[] = [];
  for (let i = 0; i < plan.kvs.length; i += BATCH) {
    const batch = plan.kvs.slice(i, i + BATCH);
    const res = await etcd.kv.txn({
      compare: batch.map(kv => sameMod(kv.key, kv.mod_revision)),
      success: batch.map((kv): IRequestOp => ({ request_delete_range: { key: kv.key } })),
      failure: [],
    });
    if (res.succeeded) {
      deleted += batch.length;
      continue;
    }
    // Someone changed one of them: delete the others one by one, each still guarded.
    for (const kv of batch) {
      const key = keyToText(kv.key);
      try {
        deleted += (await guardedDelete(etcd, key, { kind: 'mod', modRevision: kv.mod_revision })).deleted;
      } catch (err) {
        if (!(err instanceof WriteConflict)) {
          throw err;
        }
        changed.push(key);
      }
    }
  }
  return { deleted, changed, recoveryFile };
}

export interface ImportPlan {
  create: KeysFileEntry[];
  update: Array<{ entry: KeysFileEntry; modRevision: string }>;
  /** Already holding the same value. */
  same: KeysFileEntry[];
}

export interface ImportResult {
  created: number;
  updated: number;
  skipped: number;
  failed: Array<{ key: string; reason: string }>;
}

/** Which entries would be created, changed (differing value) and left alone (same value). */
export async function planImport(etcd: Etcd3, entries: KeysFileEntry[]): Promise<ImportPlan> {
  const plan: ImportPlan = { create: [], update: [], same: [] };
  for (let i = 0; i < entries.length; i += BATCH * 2) {
    const batch = entries.slice(i, i + BATCH * 2);
    const res = await etcd.kv.txn({ compare: [], success: batch.map(e => ({ request_range: { key: keyFromText(decodeEntry(e).key) } })), failure: [] });
    batch.forEach((entry, j) => {
      const kv = res.responses[j]?.response_range?.kvs[0];
      if (!kv) {
        plan.create.push(entry);
      } else if (kv.value.equals(decodeEntry(entry).value)) {
        plan.same.push(entry);
      } else {
        plan.update.push({ entry, modRevision: kv.mod_revision });
      }
    });
  }
  return plan;
}

/**
 * Creates the absent keys (never replacing one created since the plan), and with
 * `overwrite` changes the differing ones (only if unchanged since the plan). Leases
 * recorded in the entries are re-attached where the lease still exists.
 */
export async function applyImport(etcd: Etcd3, plan: ImportPlan, { overwrite }: { overwrite: boolean }): Promise<ImportResult> {
  const result: ImportResult = { created: 0, updated: 0, skipped: plan.same.length + (overwrite ? 0 : plan.update.length), failed: [] };
  const leases = new LeaseCheck(etcd);
  const leaseOf = async (entry: KeysFileEntry) => (entry.lease ? await leases.alive(entry.lease) : undefined);
  const put = async (entry: KeysFileEntry): Promise<IRequestOp> => {
    const { key, value } = decodeEntry(entry);
    return { request_put: { key: keyFromText(key), value, lease: (await leaseOf(entry)) ?? '0' } };
  };
  const runBatches = async (items: Array<{ entry: KeysFileEntry; guard: ICompare; fallback: () => Promise<void> }>, count: () => void) => {
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      const ops = await Promise.all(batch.map(b => put(b.entry)));
      const res = await etcd.kv.txn({ compare: batch.map(b => b.guard), success: ops, failure: [] });
      if (res.succeeded) {
        batch.forEach(count);
        continue;
      }
      for (const item of batch) {
        await item.fallback();
      }
    }
  };
  await runBatches(
    plan.create.map(entry => {
      const key = decodeEntry(entry).key;
      return {
        entry,
        guard: { key: keyFromText(key), target: CompareTarget.Create, result: CompareResult.Equal, create_revision: '0' },
        fallback: () =>
          one(
            async () => guardedPut(etcd, key, decodeEntry(entry).value, { kind: 'absent' }, { lease: await leaseOf(entry) }),
            () => result.created++,
            key,
            result,
          ),
      };
    }),
    () => result.created++,
  );
  if (overwrite) {
    await runBatches(
      plan.update.map(({ entry, modRevision }) => {
        const key = decodeEntry(entry).key;
        return {
          entry,
          guard: sameMod(keyFromText(key), modRevision),
          fallback: () =>
            one(
              async () => guardedPut(etcd, key, decodeEntry(entry).value, { kind: 'mod', modRevision }, { lease: await leaseOf(entry) }),
              () => result.updated++,
              key,
              result,
            ),
        };
      }),
      () => result.updated++,
    );
  }
  return result;
}

async function one(write: () => Promise<unknown>, counted: () => void, key: string, result: ImportResult): Promise<void> {
  try {
    await write();
    counted();
  } catch (err) {
    if (err instanceof WriteConflict) {
      result.skipped++;
      return;
    }
    result.failed.push({ key, reason: (err as Error).message });
  }
}

/** Remembers which recorded leases still exist (hex in, decimal out). */
class LeaseCheck {
  private readonly known = new Map<string, Promise<string | undefined>>();
  constructor(private readonly etcd: Etcd3) {}

  alive(hex: string): Promise<string | undefined> {
    let found = this.known.get(hex);
    if (!found) {
      const id = BigInt(`0x${hex}`).toString();
      found = this.etcd.leaseClient.leaseTimeToLive({ ID: id }).then(
        res => (Number(res.TTL) > 0 ? id : undefined),
        () => undefined,
      );
      this.known.set(hex, found);
    }
    return found;
  }
}

function sameMod(key: Buffer, modRevision: string): ICompare {
  return { key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: modRevision };
}

function recoveryName(key: string, revision: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const slug =
    key
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'root';
  return `${stamp}-rev${revision}-${slug}.json`;
}

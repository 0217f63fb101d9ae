import type { Etcd3, ICompare, IRequestOp } from 'etcd3';
import { CompareResult, CompareTarget } from 'etcd3';
import { folderPrefix } from '../keys/keyRange';
import { keyFromText, keyToText } from '../keys/keyText';
import type { Side } from '../snapshot/snapshotDiff';
import { MAX_REQUEST_BYTES } from '../writes/writeErrors';
import { FolderSide, readFolderSides } from './folderCompare';

/** One key to write on the target: its name there, its value, and what the preview saw there. */
export interface CopyItem {
  /** The key's name on the target. */
  key: Buffer;
  value: Buffer;
  /** The source key had a lease (not copied unless a TTL is chosen). */
  hadLease: boolean;
  /** The target key's mod revision the preview saw; undefined where it was absent. */
  targetModRevision?: string;
}

/** What a copy would do, from one read of each side. */
export interface CopyPlan {
  source: { label: string; prefix: string; revision: string };
  target: { label: string; prefix: string; revision: string };
  /** Absent on the target. */
  create: CopyItem[];
  /** Different on the target: overwritten only when asked. */
  overwrite: CopyItem[];
  /** The same bytes on both sides. */
  same: number;
  /** Only on the target: never touched. */
  targetOnly: number;
  /** Source keys with a lease, among those to create or overwrite. */
  withLease: number;
}

export interface CopyResult {
  created: number;
  overwritten: number;
  /** Keys a guard refused: changed (or created) on the target since the preview. */
  skipped: Array<{ key: string; reason: string }>;
  /** Where a cancel stopped it: the keys written before, every one whole. */
  cancelled: boolean;
  /** Keys handled (written or skipped) of those the copy meant to write. */
  done: number;
  total: number;
}

/** etcd's default --max-txn-ops; and a transaction's bytes stay under its request limit. */
const TXN_OPS = 128;
const TXN_BYTES = MAX_REQUEST_BYTES - 64 * 1024;

/**
 * Reads both folders (one revision each) and sorts every source key into create,
 * overwrite or same; with `only`, just the source keys whose names (relative to the
 * folder) it keeps (a key, or a selection of keys, copied).
 */
export async function planCopy(source: FolderSide, target: FolderSide, signal?: AbortSignal, only?: (name: Buffer) => boolean): Promise<CopyPlan> {
  const sourceFolder = source.prefix === '' ? '' : folderPrefix(source.prefix);
  const targetFolder = target.prefix === '' ? '' : folderPrefix(target.prefix);
  const [from, to] = await Promise.all([
    readFolderSides({ ...source, prefix: sourceFolder }, signal),
    readFolderSides({ ...target, prefix: targetFolder }, signal),
  ]);
  const there = new Map<string, Side>(to.sides.map(s => [s.keyBytes.toString('latin1'), s]));
  const plan: CopyPlan = {
    source: { label: source.label, prefix: sourceFolder, revision: from.revision },
    target: { label: target.label, prefix: targetFolder, revision: to.revision },
    create: [],
    overwrite: [],
    same: 0,
    targetOnly: 0,
    withLease: 0,
  };
  const base = keyFromText(targetFolder);
  for (const s of from.sides) {
    if (only && !only(s.keyBytes)) {
      continue;
    }
    const id = s.keyBytes.toString('latin1');
    const t = there.get(id);
    there.delete(id);
    const item: CopyItem = { key: Buffer.concat([base, s.keyBytes]), value: s.value, hadLease: s.lease !== undefined && s.lease !== '0' };
    if (!t) {
      plan.create.push(item);
    } else if (t.value.equals(s.value)) {
      plan.same++;
      continue;
    } else {
      plan.overwrite.push({ ...item, targetModRevision: t.modRevision });
    }
    if (item.hadLease) {
      plan.withLease++;
    }
  }
  plan.targetOnly = only ? 0 : there.size;
  return plan;
}

/** Several plans (a selection of folders and keys) as one: their keys and counts together, the first one's sides. */
export function mergePlans(plans: readonly CopyPlan[]): CopyPlan {
  const [first, ...rest] = plans;
  return rest.reduce(
    (all, p) => ({
      ...all,
      create: [...all.create, ...p.create],
      overwrite: [...all.overwrite, ...p.overwrite],
      same: all.same + p.same,
      targetOnly: all.targetOnly + p.targetOnly,
      withLease: all.withLease + p.withLease,
    }),
    first,
  );
}

/**
 * Writes the plan to the target: the absent keys (each guarded: still absent), and with
 * `overwrite` the differing ones (each guarded: unchanged since the preview), in
 * transactions of etcd's maximum size. A transaction a guard refuses is written again
 * key by key, each guarded, so one changed key skips only itself. Keys that had a
 * lease get a new one of `ttlSeconds` on the target when given, else none. Stops
 * between transactions when `signal` aborts: every key is written whole or not at all.
 */
export async function applyCopy(
  target: Etcd3,
  plan: CopyPlan,
  {
    overwrite = false,
    ttlSeconds,
    signal,
    onProgress,
  }: { overwrite?: boolean; ttlSeconds?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<CopyResult> {
  const items = [...plan.create, ...(overwrite ? plan.overwrite : [])];
  const result: CopyResult = { created: 0, overwritten: 0, skipped: [], cancelled: false, done: 0, total: items.length };
  const keyOf = (item: CopyItem) => item.key;
  let lease = '0';
  if (ttlSeconds !== undefined && items.some(i => i.hadLease)) {
    lease = String((await target.leaseClient.leaseGrant({ TTL: ttlSeconds, ID: 0 })).ID);
  }
  const guard = (item: CopyItem): ICompare =>
    item.targetModRevision === undefined
      ? { key: keyOf(item), target: CompareTarget.Create, result: CompareResult.Equal, create_revision: '0' }
      : { key: keyOf(item), target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: item.targetModRevision };
  const put = (item: CopyItem): IRequestOp => ({ request_put: { key: keyOf(item), value: item.value, lease: item.hadLease ? lease : '0' } });
  const counted = (item: CopyItem) => (item.targetModRevision === undefined ? result.created++ : result.overwritten++);
  for (const batch of batches(items, item => keyOf(item).length + item.value.length)) {
    if (signal?.aborted) {
      result.cancelled = true;
      break;
    }
    const res = await target.kv.txn({ compare: batch.map(guard), success: batch.map(put), failure: [] });
    if (res.succeeded) {
      batch.forEach(counted);
    } else {
      for (const item of batch) {
        const one = await target.kv.txn({ compare: [guard(item)], success: [put(item)], failure: [{ request_range: { key: keyOf(item) } }] });
        if (one.succeeded) {
          counted(item);
        } else {
          const now = one.responses[0]?.response_range?.kvs[0];
          result.skipped.push({
            key: keyToText(keyOf(item)),
            reason: now
              ? item.targetModRevision === undefined
                ? `created on the target since the preview (at revision ${now.mod_revision})`
                : `changed on the target since the preview (revision ${item.targetModRevision} then, ${now.mod_revision} now)`
              : 'deleted on the target since the preview',
          });
        }
      }
    }
    result.done += batch.length;
    onProgress?.(result.done, result.total);
  }
  return result;
}

/** Items in groups of at most TXN_OPS and TXN_BYTES (one over the bytes goes alone). */
function* batches<T>(items: readonly T[], bytesOf: (item: T) => number): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (batch.length && (batch.length >= TXN_OPS || bytes + size > TXN_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length) {
    yield batch;
  }
}

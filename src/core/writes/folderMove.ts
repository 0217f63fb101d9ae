import type { Etcd3, ICompare, IKeyValue, IRequestOp } from 'etcd3';
import { CompareResult, CompareTarget } from 'etcd3';
import { folderPrefix } from '../keys/keyRange';
import { keyFromText, keyToText } from '../keys/keyText';
import { readSubtree } from './keysFile';

/**
 * Rename / Move Folder: every key under one folder moved under another, each key in a
 * guarded transaction with its batch: the new key is created only if absent (with the
 * value and lease), the old one deleted only if unchanged since it was read. A batch
 * holds MOVE_BATCH keys (two compares and two operations each, inside etcd's default
 * --max-txn-ops of 128); where a batch is refused, its keys go one by one.
 */
const MOVE_BATCH = 32;

export interface FolderMovePlan {
  from: string;
  to: string;
  /** The revision the keys were read at. */
  revision: string;
  kvs: IKeyValue[];
  /** Keys under the new folder that a move would have to replace: a move with any is refused. */
  taken: string[];
}

export interface FolderMoveResult {
  /** Each key moved, by its old and new name. */
  moved: Array<{ from: string; to: string }>;
  /** Keys changed (or deleted) by someone else since they were read, or whose new name was taken meanwhile: left where they were. */
  left: string[];
}

/** What moving `from` to `to` would do, read at one revision; throws on a move into itself. */
export async function planFolderMove(etcd: Etcd3, from: string, to: string, only?: ReadonlySet<string>): Promise<FolderMovePlan> {
  const source = folderPrefix(from);
  const target = folderPrefix(to);
  if (source === target) {
    throw new RangeError(`${target} is the folder itself: give another folder.`);
  }
  if (target.startsWith(source)) {
    throw new RangeError(`${target} is inside ${source}: a folder cannot move into itself.`);
  }
  const read = await readSubtree(etcd, { key: source, recursive: true });
  const kvs = only ? read.kvs.filter(kv => only.has(keyToText(kv.key))) : read.kvs;
  const existing = new Set((await readSubtree(etcd, { key: target, recursive: true })).kvs.map(kv => keyToText(kv.key)));
  const taken = kvs.map(kv => renamed(keyToText(kv.key), source, target)).filter(k => existing.has(k));
  return { from: source, to: target, revision: read.revision, kvs, taken };
}

/** Moves the plan's keys (refused when any new name is taken); `onProgress` hears the count moved so far. */
export async function moveFolder(etcd: Etcd3, plan: FolderMovePlan, onProgress?: (done: number) => void, cancelled?: () => boolean): Promise<FolderMoveResult> {
  if (plan.taken.length > 0) {
    throw new RangeError(
      `${plan.taken.length} of the new keys exist already (${plan.taken.slice(0, 3).join(', ')}${plan.taken.length > 3 ? ', …' : ''}): nothing was moved.`,
    );
  }
  const result: FolderMoveResult = { moved: [], left: [] };
  for (let i = 0; i < plan.kvs.length && !cancelled?.(); i += MOVE_BATCH) {
    const batch = plan.kvs.slice(i, i + MOVE_BATCH);
    if (await moveTogether(etcd, batch, plan)) {
      result.moved.push(...batch.map(kv => names(kv, plan)));
    } else {
      // One of them changed (or its new name was taken) meanwhile: the others still go, each guarded.
      for (const kv of batch) {
        if (await moveTogether(etcd, [kv], plan)) {
          result.moved.push(names(kv, plan));
        } else {
          result.left.push(keyToText(kv.key));
        }
      }
    }
    onProgress?.(result.moved.length);
  }
  return result;
}

async function moveTogether(etcd: Etcd3, kvs: IKeyValue[], plan: FolderMovePlan): Promise<boolean> {
  const compare: ICompare[] = [];
  const success: IRequestOp[] = [];
  for (const kv of kvs) {
    const target = keyFromText(names(kv, plan).to);
    compare.push(
      { key: kv.key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: kv.mod_revision },
      { key: target, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: '0' },
    );
    success.push({ request_put: { key: target, value: kv.value, lease: kv.lease } }, { request_delete_range: { key: kv.key } });
  }
  return (await etcd.kv.txn({ compare, success, failure: [] })).succeeded;
}

function names(kv: IKeyValue, plan: FolderMovePlan): { from: string; to: string } {
  const from = keyToText(kv.key);
  return { from, to: renamed(from, plan.from, plan.to) };
}

function renamed(key: string, from: string, to: string): string {
  return `${to}${key.slice(from.length)}`;
}

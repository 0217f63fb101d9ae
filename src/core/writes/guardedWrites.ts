import type { Etcd3, ICompare, IRequestOp } from 'etcd3';
import { CompareResult, CompareTarget } from 'etcd3';
import { keyFromText } from '../keys/keyText';
import { Expectation, KeyVersion, MAX_REQUEST_BYTES, ValueTooLarge, WriteConflict } from './writeErrors';

export type { Expectation, KeyVersion } from './writeErrors';
export { MAX_REQUEST_BYTES, ValueTooLarge, WriteConflict } from './writeErrors';

/** Room for the key and the transaction's framing within the request limit. */
const REQUEST_OVERHEAD = 1024;
/**
 * The one module of writes, shared by the CLI and the extension. Every write names
 * what it expects to find and is one transaction that checks it: no write ever
 * silently overwrites a change it did not see.
 */

export interface WriteResult {
  /** The revision the write produced. */
  revision: string;
}

/**
 * Puts `value` at `key` if the key is as `expect` says; otherwise throws WriteConflict.
 * A put replaces the key's lease (none unless `lease` is given), as etcdctl put does;
 * `keepLease` keeps the lease the key has (etcd's ignore_lease, in the same guarded
 * transaction), for edits of a value that must not detach it from its lease (a node's
 * registration would never expire). It applies where the key exists: a version or
 * mod revision expected.
 */
export async function guardedPut(
  etcd: Etcd3,
  key: string,
  value: Buffer,
  expect: Expectation,
  { lease, keepLease = false }: { lease?: string; keepLease?: boolean } = {},
): Promise<WriteResult> {
  const bytes = keyFromText(key);
  if (value.length + bytes.length + REQUEST_OVERHEAD > MAX_REQUEST_BYTES) {
    throw new ValueTooLarge(key, value.length);
  }
  const keep = keepLease && (expect.kind === 'version' || expect.kind === 'mod');
  const put: IRequestOp = { request_put: keep ? { key: bytes, value, ignore_lease: true } : { key: bytes, value, lease: lease ?? '0' } };
  return commit(etcd, key, expect, [put]);
}

/** Deletes `key` if it is as `expect` says. Deleting a key that is already gone is a conflict when a version was expected. */
export async function guardedDelete(etcd: Etcd3, key: string, expect: Expectation): Promise<WriteResult & { deleted: number }> {
  const op: IRequestOp = { request_delete_range: { key: keyFromText(key) } };
  const result = await commit(etcd, key, expect, [op]);
  return { ...result, deleted: result.responses[0]?.response_delete_range?.deleted ? Number(result.responses[0].response_delete_range.deleted) : 0 };
}

/**
 * Moves `from` to `to` in one transaction: `to` is created only if absent, with the
 * old value and lease, and `from` is deleted only if unchanged since `fromVersion`.
 */
export async function moveKey(etcd: Etcd3, from: string, to: string): Promise<WriteResult> {
  const fromBytes = keyFromText(from);
  const toBytes = keyFromText(to);
  const current = (await etcd.kv.range({ key: fromBytes })).kvs[0];
  if (!current) {
    throw new WriteConflict(from, { kind: 'any' }, null);
  }
  const version = { modRevision: current.mod_revision, createRevision: current.create_revision };
  const res = await etcd.kv.txn({
    compare: [...compareVersion(fromBytes, version), compareAbsent(toBytes)],
    success: [{ request_put: { key: toBytes, value: current.value, lease: current.lease } }, { request_delete_range: { key: fromBytes } }],
    failure: [{ request_range: { key: fromBytes } }, { request_range: { key: toBytes } }],
  });
  if (res.succeeded) {
    return { revision: res.header.revision };
  }
  const [fromNow, toNow] = res.responses.map(r => r.response_range?.kvs[0]);
  if (toNow) {
    throw new WriteConflict(to, { kind: 'absent' }, versionOf(toNow));
  }
  throw new WriteConflict(from, { kind: 'version', version }, fromNow ? versionOf(fromNow) : null);
}

/** The key's current version, null when absent. */
export async function currentVersion(etcd: Etcd3, key: string): Promise<KeyVersion | null> {
  const kv = (await etcd.kv.range({ key: keyFromText(key), keys_only: true })).kvs[0];
  return kv ? versionOf(kv) : null;
}

async function commit(etcd: Etcd3, key: string, expect: Expectation, ops: IRequestOp[]) {
  const bytes = keyFromText(key);
  const res = await etcd.kv.txn({
    compare: compareFor(bytes, expect),
    success: ops,
    failure: [{ request_range: { key: bytes, keys_only: true } }],
  });
  if (!res.succeeded) {
    const kv = res.responses[0]?.response_range?.kvs[0];
    throw new WriteConflict(key, expect, kv ? versionOf(kv) : null);
  }
  return { revision: res.header.revision, responses: res.responses };
}

function compareFor(key: Buffer, expect: Expectation): ICompare[] {
  switch (expect.kind) {
    case 'version':
      return compareVersion(key, expect.version);
    case 'mod':
      return [{ key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expect.modRevision }];
    case 'absent':
      return [compareAbsent(key)];
    case 'any':
      return [];
  }
}

/** Mod and create revision: a delete and re-create in between is caught as well as a change. */
function compareVersion(key: Buffer, version: KeyVersion): ICompare[] {
  return [
    { key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: version.modRevision },
    { key, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: version.createRevision },
  ];
}

function compareAbsent(key: Buffer): ICompare {
  return { key, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: '0' };
}

function versionOf(kv: { mod_revision: string; create_revision: string }): KeyVersion {
  return { modRevision: kv.mod_revision, createRevision: kv.create_revision };
}

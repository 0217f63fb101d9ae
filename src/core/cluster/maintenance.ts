import { AlarmAction, AlarmType, Etcd3 } from 'etcd3';
import { createEtcd3 } from '../client/etcdClient';
import type { ConnectionConfig } from '../config/connectionConfig';
import type { Endpoint } from '../config/endpoints';
import { idToHex } from './ids';

export type AlarmKind = 'NOSPACE' | 'CORRUPT';

export interface ActiveAlarm {
  /** Hex member ID. */
  memberId: string;
  alarm: AlarmKind;
}

/** What each alarm means and what to do, for the tree and the CLI. */
export const ALARM_HELP: Record<AlarmKind, string> = {
  NOSPACE:
    'the database reached its quota (--quota-backend-bytes): etcd refuses every write ("mvcc: database space exceeded") until space is freed. Compact old revisions, defragment each member, then disarm the alarm.',
  CORRUPT:
    "a member's data does not match the others' (a corruption check failed): stop writing, find the member from its ID, and restore it from a snapshot or replace it before disarming.",
};

export async function readAlarms(etcd: Etcd3): Promise<ActiveAlarm[]> {
  const res = await etcd.maintenance.alarm({ action: AlarmAction.Get, memberID: '0', alarm: AlarmType.None });
  // The enum arrives as its .proto name ("NOSPACE") or as etcd3's ("Nospace"), or as a number.
  const kinds: Record<string, AlarmKind> = { NOSPACE: 'NOSPACE', '1': 'NOSPACE', CORRUPT: 'CORRUPT', '2': 'CORRUPT' };
  return (res.alarms ?? [])
    .map(a => ({ memberId: idToHex(String(a.memberID)), alarm: kinds[String(a.alarm).toUpperCase()] }))
    .filter((a): a is ActiveAlarm => a.alarm !== undefined);
}

/** Disarms every active alarm; returns those it disarmed. */
export async function disarmAlarms(etcd: Etcd3): Promise<ActiveAlarm[]> {
  const active = await readAlarms(etcd);
  for (const a of active) {
    await etcd.maintenance.alarm({
      action: AlarmAction.Deactivate,
      memberID: BigInt(`0x${a.memberId}`).toString(),
      alarm: a.alarm === 'NOSPACE' ? AlarmType.Nospace : AlarmType.Corrupt,
    });
  }
  return active;
}

/**
 * The revision that keeps the last `keep` revisions (at least 1). The current revision
 * comes from a read of `readableKey`, one the user may read (a prefix-scoped user is
 * refused any other, and etcd 3.4 lets any user compact).
 */
export async function revisionKeeping(etcd: Etcd3, keep: number, readableKey: string): Promise<{ current: bigint; revision: bigint }> {
  const current = BigInt((await etcd.kv.range({ key: Buffer.from(readableKey), keys_only: true })).header.revision);
  const revision = current - BigInt(keep);
  return { current, revision: revision < 1n ? 1n : revision };
}

/** Compacts etcd's history up to `revision` (physical: returns once the space can be reused). */
export async function compactTo(etcd: Etcd3, revision: bigint): Promise<void> {
  await etcd.kv.compact({ revision: revision.toString(), physical: true });
}

export interface DefragResult {
  endpoint: string;
  before: { dbSize: number; dbSizeInUse: number };
  after: { dbSize: number; dbSizeInUse: number };
}

/**
 * Defragments one member, on a client of its own (the request must reach that member
 * and no other); the member stops serving while it runs. Sizes before and after.
 */
export async function defragmentMember(config: ConnectionConfig, endpoint: Endpoint): Promise<DefragResult> {
  const etcd = createEtcd3({ ...config, requestTimeoutMs: Math.max(config.requestTimeoutMs, 120_000) }, [endpoint], { retries: false });
  try {
    const size = async () => {
      const s = await etcd.maintenance.status({});
      return { dbSize: Number(s.dbSize), dbSizeInUse: Number(s.dbSizeInUse ?? s.dbSize) };
    };
    const before = await size();
    await etcd.maintenance.defragment({});
    return { endpoint: endpoint.url, before, after: await size() };
  } finally {
    etcd.close();
  }
}

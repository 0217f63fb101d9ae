import type { Etcd3, IKeyValue } from 'etcd3';
import { decodeKeyValue, rawRange, walkRangeResponse } from '../keys/rawRange';
import { idToHex } from '../cluster/ids';
import { isUtf8 } from './valueFormat';
import { keyFromText, keyToJson, keyToText } from '../keys/keyText';

export interface KeyValueRecord {
  key: string;
  value: Buffer;
  createRevision: string;
  modRevision: string;
  version: string;
  /** Lease ID in hex, "0" when none. */
  lease: string;
}

/** Reads one key; null when it does not exist. */
export async function getKey(etcd: Etcd3, key: string): Promise<KeyValueRecord | null> {
  return (await readKey(etcd, key)).record;
}

/**
 * Reads one key (now, or as it was at `atRevision`), with the revision of the store it
 * was read at. Encoded and decoded by hand (keys/rawRange.ts): protobufjs builds its
 * Range codec on first use, a few ms of every one-shot `ztap-etcd get`.
 */
export async function readKey(etcd: Etcd3, key: string, atRevision?: string): Promise<{ revision: string; record: KeyValueRecord | null }> {
  const buf = await rawRange(etcd, { key: keyFromText(key), revision: atRevision });
  let kv: IKeyValue | undefined;
  const { revision } = walkRangeResponse(buf, (_keyStart, _keyEnd, recordStart, recordEnd) => {
    kv ??= decodeKeyValue(buf, recordStart, recordEnd);
  });
  if (!kv) {
    return { revision, record: null };
  }
  return {
    revision,
    record: {
      key: keyToText(kv.key),
      value: kv.value,
      createRevision: kv.create_revision,
      modRevision: kv.mod_revision,
      version: kv.version,
      lease: kv.lease === '0' ? '0' : idToHex(kv.lease),
    },
  };
}

/** The JSON shape scripts rely on: UTF-8 values as text, anything else base64. */
export function keyValueToJson(record: KeyValueRecord): Record<string, string> {
  const text = isUtf8(record.value);
  return {
    ...keyToJson(keyFromText(record.key)),
    value: text ? record.value.toString('utf8') : record.value.toString('base64'),
    encoding: text ? 'utf8' : 'base64',
    createRevision: record.createRevision,
    modRevision: record.modRevision,
    version: record.version,
    lease: record.lease,
  };
}

import { isUtf8 } from '../values/valueFormat';
import type { WatchEvent } from './prefixWatcher';
import { keyToJson, keyToText } from '../keys/keyText';

const PREVIEW_CHARS = 120;

/** One readable line per event: time, PUT or DELETE, key, revision, short value preview. */
export function formatEventLine(ev: WatchEvent, at: Date = new Date()): string {
  const head = `${at.toISOString()} ${ev.type === 'put' ? 'PUT   ' : 'DELETE'} ${keyToText(ev.key)} rev ${ev.modRevision}`;
  return ev.type === 'put' ? `${head} ${previewValue(ev.value)}` : head;
}

/** JSON on one line, text as is, binary as hex; cut to a line's worth. */
export function previewValue(value: Buffer): string {
  if (value.length === 0) {
    return '(empty)';
  }
  if (!isUtf8(value)) {
    const hex = value.subarray(0, 48).toString('hex');
    return `hex:${hex}${value.length > 48 ? `… (${value.length} bytes)` : ''}`;
  }
  let text = value.toString('utf8');
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      text = JSON.stringify(JSON.parse(text));
    } catch {
      // not JSON after all: show as text
    }
  }
  text = text.replace(/\s*\n\s*/g, ' ');
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}… (${value.length} bytes)` : text;
}

/** The JSON line shape of `ztap-etcd watch --json`. */
export function eventToJson(ev: WatchEvent): Record<string, string> {
  const text = isUtf8(ev.value);
  return {
    type: ev.type,
    ...keyToJson(ev.key),
    value: text ? ev.value.toString('utf8') : ev.value.toString('base64'),
    encoding: text ? 'utf8' : 'base64',
    modRevision: ev.modRevision,
    createRevision: ev.createRevision,
    version: ev.version,
    lease: ev.lease === '0' ? '0' : BigInt(ev.lease).toString(16),
  };
}

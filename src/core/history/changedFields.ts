import { parseJsonObject } from '../ztap/jsonObject';
import { decodePolicy } from '../ztap/policyValue';

/**
 * The fields that differ between two versions of a JSON object value (ZTAP's Node
 * JSON and policy records; for a policy the decoded YAML counts as one field,
 * "YAML"), sorted; null when either side is not a JSON object, so callers show a
 * size or preview instead.
 */
export function changedFields(before: Buffer | undefined, after: Buffer | undefined): string[] | null {
  const a = before === undefined ? {} : parseJsonObject(before.toString('utf8'));
  const b = after === undefined ? {} : parseJsonObject(after.toString('utf8'));
  if (!a || !b || (before === undefined && after === undefined)) {
    return null;
  }
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const name of names) {
    if (JSON.stringify(a[name]) !== JSON.stringify(b[name])) {
      out.push(name);
    }
  }
  // A policy's YAML is stored base64: name the decoded field the user knows.
  if (decodePolicy(JSON.stringify(b)) || decodePolicy(JSON.stringify(a))) {
    return out.map(n => (n.toLowerCase() === 'yaml' ? 'YAML' : n)).sort();
  }
  return out.sort();
}

/** A C0 control character other than tab, line feed, vertical tab, form feed and carriage return. */
function hasC0Control(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && (code < 0x09 || code > 0x0d)) {
      return true;
    }
  }
  return false;
}

/** A one-line preview of a value: text up to `max` characters, or "binary, N bytes". */
export function previewOf(value: Buffer, max = 60): string {
  const text = value.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(value) && !hasC0Control(text)) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
  }
  return `binary, ${value.length} bytes`;
}

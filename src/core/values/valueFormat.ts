import { decodePolicy, formatPolicy } from '../ztap/policyValue';
import { isUtf8 } from 'buffer';

/** How a value is shown in an editor: pretty JSON, text, or a hex dump. */
export interface FormattedValue {
  language: 'json' | 'plaintext' | 'yaml';
  text: string;
  kind: 'json' | 'text' | 'hex' | 'policy' | 'base64';
  /** Set when only part of the value is shown. */
  notice?: string;
}

export const PREVIEW_LIMIT = 1024 * 1024;
const PREVIEW_BYTES = 64 * 1024;
export { isUtf8 };

/**
 * Values over 1 MiB are shown as a 64 KiB preview: an editor holding a multi-MiB
 * single-line value is slow, and such values are rarely read whole.
 */
export function formatValue(value: Buffer, { raw = false, as = 'auto' }: { raw?: boolean; as?: ShowAs } = {}): FormattedValue {
  if (as !== 'auto' && value.length <= PREVIEW_LIMIT) {
    const chosen = formatAs(value, as);
    if (chosen) {
      return chosen;
    }
  }
  if (value.length > PREVIEW_LIMIT) {
    const head = value.subarray(0, PREVIEW_BYTES);
    // The cut can split a UTF-8 sequence; decode leniently for the preview.
    const textual = isUtf8(value.subarray(0, PREVIEW_BYTES - 4));
    return {
      language: 'plaintext',
      kind: textual ? 'text' : 'hex',
      text: textual ? head.toString('utf8') : hexDump(head),
      notice: `Preview: the value is ${formatBytes(value.length)}; the first ${formatBytes(PREVIEW_BYTES)} are shown.`,
    };
  }
  if (!isUtf8(value)) {
    return { language: 'plaintext', kind: 'hex', text: hexDump(value) };
  }
  const text = value.toString('utf8');
  // `raw`: the record as stored, also when it is a ZTAP policy (to edit it).
  const policy = raw ? null : decodePolicy(text);
  if (policy) {
    return { language: 'yaml', kind: 'policy', text: formatPolicy(policy) };
  }
  const json = tryJson(text);
  if (json !== undefined) {
    return { language: 'json', kind: 'json', text: `${JSON.stringify(json, null, 2)}\n` };
  }
  return { language: 'plaintext', kind: 'text', text };
}

/** How the user chose to see a key's value (Show Value As...): "auto" picks from the bytes. */
export type ShowAs = 'auto' | 'text' | 'json' | 'yaml' | 'hex' | 'base64';

export const SHOW_AS: ReadonlyArray<{ as: ShowAs; label: string; description: string }> = [
  { as: 'auto', label: 'Automatic', description: "JSON pretty-printed, a ZTAP policy's YAML decoded, other bytes as hex" },
  { as: 'text', label: 'Text', description: 'the bytes as UTF-8, as stored' },
  { as: 'json', label: 'JSON', description: 'pretty-printed (as text where it is not JSON)' },
  { as: 'yaml', label: 'YAML', description: "a ZTAP policy's YAML decoded; other values as text, highlighted as YAML" },
  { as: 'hex', label: 'Hex', description: 'a hex dump of the bytes (read-only)' },
  { as: 'base64', label: 'Base64', description: 'the bytes in base64 (read-only)' },
];

/** The value shown as chosen; undefined where the choice does not apply (not UTF-8 for text, JSON or YAML: hex then). */
function formatAs(value: Buffer, as: Exclude<ShowAs, 'auto'>): FormattedValue | undefined {
  if (as === 'hex') {
    return { language: 'plaintext', kind: 'hex', text: hexDump(value) };
  }
  if (as === 'base64') {
    const b64 = value.toString('base64');
    return { language: 'plaintext', kind: 'base64', text: `${b64.replace(/(.{76})/g, '$1\n').replace(/\n$/, '')}\n` };
  }
  if (!isUtf8(value)) {
    return undefined;
  }
  const text = value.toString('utf8');
  if (as === 'json') {
    const json = tryJson(text);
    return json === undefined ? { language: 'plaintext', kind: 'text', text } : { language: 'json', kind: 'json', text: `${JSON.stringify(json, null, 2)}\n` };
  }
  if (as === 'yaml') {
    const policy = decodePolicy(text);
    return policy ? { language: 'yaml', kind: 'policy', text: formatPolicy(policy) } : { language: 'yaml', kind: 'text', text };
  }
  return { language: 'plaintext', kind: 'text', text };
}

function tryJson(text: string): unknown {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `xxd`-style: offset, 16 bytes in hex, printable ASCII. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const hex = Array.from(row, b => b.toString(16).padStart(2, '0'));
    const pairs: string[] = [];
    for (let i = 0; i < hex.length; i += 2) {
      pairs.push(hex.slice(i, i + 2).join(''));
    }
    const ascii = Array.from(row, b => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}: ${pairs.join(' ').padEnd(39)}  ${ascii}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

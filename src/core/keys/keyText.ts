import { isUtf8 } from 'node:buffer';

/**
 * etcd keys are bytes. Most are UTF-8 text, but a key that is not (or holds control
 * characters) must still be shown so that two keys never look alike, and given back
 * so the right key is addressed: JSON carries such keys in base64, text shows them
 * with `\xHH` escapes (and a backslash as `\\`).
 */

/** True when the bytes are valid UTF-8: JSON can carry the key as a string. */
export function isUtf8Key(key: Buffer): boolean {
  return isUtf8(key);
}

/**
 * True when the key is valid UTF-8 without control characters (Unicode's Cc: U+0000-U+001F,
 * U+007F-U+009F) or backslashes: safe
 * to show as is (a backslash is escaped too, so `\xff` typed in a key never looks
 * like the byte 0xff).
 */
export function isPlainKey(key: Buffer): boolean {
  return isUtf8Key(key) && !/[\p{Cc}\\]/u.test(key.toString('utf8'));
}

/** The key as text: itself when plain, otherwise escaped so every byte is visible and distinct. */
export function keyToText(key: Buffer): string {
  if (isPrintableAscii(key) || isPlainKey(key)) {
    return key.toString('utf8');
  }
  let out = '';
  let i = 0;
  while (i < key.length) {
    const width = utf8Width(key, i);
    if (width > 1) {
      out += key.subarray(i, i + width).toString('utf8');
      i += width;
      continue;
    }
    const b = key[i];
    out += b === 0x5c ? '\\\\' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
    i++;
  }
  return out;
}

/** Printable ASCII without a backslash: most keys, told apart without decoding them twice. */
function isPrintableAscii(key: Buffer): boolean {
  for (let i = 0; i < key.length; i++) {
    const b = key[i];
    if (b < 0x20 || b > 0x7e || b === 0x5c) {
      return false;
    }
  }
  return true;
}

/** JSON fields for a key: `{key}` when plain, `{key, keyEncoding: "base64"}` otherwise. */
export function keyToJson(key: Buffer): { key: string; keyEncoding?: 'base64' } {
  return isUtf8Key(key) ? { key: key.toString('utf8') } : { key: key.toString('base64'), keyEncoding: 'base64' };
}

/** The length of a valid multi-byte UTF-8 sequence (not a C1 control) at `i`, else 1. */
function utf8Width(buf: Buffer, i: number): number {
  const b = buf[i];
  const width = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1;
  if (width === 1 || i + width > buf.length) {
    return 1;
  }
  const slice = buf.subarray(i, i + width);
  const text = slice.toString('utf8');
  if (!Buffer.from(text).equals(slice) || /[\u0080-\u009f]/.test(text)) {
    return 1;
  }
  return width;
}

/** Reads `--key-base64` input: strict base64, so a typo is an error, not another key. */
export function keyFromBase64(text: string): Buffer | undefined {
  const clean = text.trim();
  if (clean === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    return undefined;
  }
  return Buffer.from(clean, 'base64');
}

/**
 * The inverse of keyToText: a key as `ls` prints it, back to its bytes. Text without a
 * backslash is the key's UTF-8 as is; with one, `\xHH` is the byte HH and `\\` a
 * backslash (every escaped key has a backslash, so the two never collide).
 * Throws on a backslash that starts neither.
 */
export function keyFromText(text: string): Buffer {
  if (!text.includes('\\')) {
    return Buffer.from(text, 'utf8');
  }
  const bytes: Buffer[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') {
      literal += c;
      continue;
    }
    bytes.push(Buffer.from(literal, 'utf8'));
    literal = '';
    if (text[i + 1] === '\\') {
      bytes.push(Buffer.from([0x5c]));
      i++;
    } else if (text[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(Buffer.from([parseInt(text.slice(i + 2, i + 4), 16)]));
      i += 3;
    } else {
      throw new KeyTextError(
        `Invalid escape at position ${i + 1} of ${JSON.stringify(text)}: in a key, a backslash starts \\xHH (one byte) or \\\\ (a backslash); or give the key with --key-base64.`,
      );
    }
  }
  bytes.push(Buffer.from(literal, 'utf8'));
  return Buffer.concat(bytes);
}

export class KeyTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyTextError';
  }
}

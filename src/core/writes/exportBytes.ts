import { isUtf8 } from 'node:buffer';
import { valueBounds } from '../keys/rawRange';

/**
 * An export's lines written as bytes, straight from the range response's bytes: the
 * same text as keysFileLine(index, entryOf(kv, false)) (a unit test holds them equal),
 * without a string or an object per key. Decoding every key and value into strings
 * and encoding them again cost an export of 200,000 keys a third of its time in
 * the garbage collector.
 *
 * JSON.stringify of a string escapes `"`, `\` and the characters below U+0020 (as
 * \b \t \n \f \r or \u00xx) and lone surrogates, which valid UTF-8 cannot hold; so
 * valid UTF-8 bytes with those few bytes escaped are exactly its UTF-8 output.
 */
export class ExportBytes {
  private buf = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  /** The bytes written since the last take, handed over (the next writes go to a new buffer). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(Math.max(1 << 16, this.buf.length - this.length));
    this.length = 0;
    return out;
  }

  text(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.length += this.buf.write(text, this.length);
  }

  /** Entry `index` of the "keys" list from a KeyValue record at buf[recordStart, recordEnd) whose key is at [keyStart, keyEnd). */
  line(src: Buffer, keyStart: number, keyEnd: number, recordStart: number, recordEnd: number, index: number): void {
    const [valueStart, valueEnd] = valueBounds(src, recordStart, recordEnd);
    this.text(index === 0 ? '\n{"key":' : ',\n{"key":');
    const key = src.subarray(keyStart, keyEnd);
    if (isUtf8(key)) {
      this.jsonString(src, keyStart, keyEnd);
    } else {
      this.text(`"${key.toString('base64')}","keyEncoding":"base64"`);
    }
    this.text(',"value":');
    const value = src.subarray(valueStart, valueEnd);
    if (isUtf8(value)) {
      this.jsonString(src, valueStart, valueEnd);
      this.text(',"encoding":"utf8"}');
    } else {
      this.text(`"${value.toString('base64')}","encoding":"base64"}`);
    }
  }

  /** src[start, end), valid UTF-8, as a JSON string. */
  private jsonString(src: Buffer, start: number, end: number): void {
    // At most 6 bytes out per byte in (\u00xx), and the quotes.
    this.reserve((end - start) * 6 + 2);
    const out = this.buf;
    let at = this.length;
    out[at++] = QUOTE;
    let copyFrom = start;
    for (let i = start; i < end; i++) {
      const b = src[i];
      if (b >= 0x20 && b !== QUOTE && b !== BACKSLASH) {
        continue;
      }
      at += src.copy(out, at, copyFrom, i);
      copyFrom = i + 1;
      out[at++] = BACKSLASH;
      const short = SHORT_ESCAPES[b];
      if (short !== undefined) {
        out[at++] = short;
      } else {
        at += out.write(`u00${b.toString(16).padStart(2, '0')}`, at, 'latin1');
      }
    }
    at += src.copy(out, at, copyFrom, end);
    out[at++] = QUOTE;
    this.length = at;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buf.length) {
      return;
    }
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The escapes JSON.stringify writes as a letter after the backslash. */
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72, [QUOTE]: QUOTE, [BACKSLASH]: BACKSLASH };

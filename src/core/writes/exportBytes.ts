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
  /** The response whose records are being written. */
  private page: Buffer | undefined;

  /** The bytes written since the last take, handed over (the next writes go to a new buffer). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(Math.max(1 << 16, this.buf.length - this.length));
    this.length = 0;
    this.page = undefined;
    return out;
  }

  text(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.length += this.buf.write(text, this.length);
  }

  /** Entry `index` of the "keys" list from a KeyValue record at buf[recordStart, recordEnd) whose key is at [keyStart, keyEnd). */
  line(src: Buffer, keyStart: number, keyEnd: number, recordStart: number, recordEnd: number, index: number): void {
    if (src !== this.page) {
      // A new page: room for all of it at once (its lines are its records and a few
      // escapes), rather than growing by copies of what is written so far.
      this.page = src;
      this.reserve(Math.ceil(src.length * 1.25));
    }
    const [valueStart, valueEnd] = valueBounds(src, recordStart, recordEnd);
    this.bytes(index === 0 ? FIRST_KEY : NEXT_KEY);
    if (!this.jsonString(src, keyStart, keyEnd)) {
      this.text(`"${src.toString('base64', keyStart, keyEnd)}","keyEncoding":"base64"`);
    }
    this.bytes(VALUE);
    if (this.jsonString(src, valueStart, valueEnd)) {
      this.bytes(UTF8_END);
    } else {
      this.text(`"${src.toString('base64', valueStart, valueEnd)}","encoding":"base64"}`);
    }
  }

  /** A few constant bytes: a loop, not a native copy per call (one per key and field). */
  private bytes(constant: Buffer): void {
    this.reserve(constant.length);
    const out = this.buf;
    let at = this.length;
    for (let i = 0; i < constant.length; i++) {
      out[at++] = constant[i];
    }
    this.length = at;
  }

  /**
   * src[start, end) as a JSON string, when it is valid UTF-8 (true); otherwise nothing
   * is written (false). Bytes below 0x80 are UTF-8 as they are: only a run with a byte
   * above is checked.
   */
  private jsonString(src: Buffer, start: number, end: number): boolean {
    // At most 6 bytes out per byte in (\u00xx), and the quotes.
    this.reserve((end - start) * 6 + 2);
    const out = this.buf;
    let at = this.length;
    out[at++] = QUOTE;
    let high = 0;
    // Bytes are copied one by one between escapes; only a long run goes through a native
    // copy (a native copy per run of a small value took an eighth of an export: npm run bench).
    let copyFrom = start;
    for (let i = start; i < end; i++) {
      const b = src[i];
      high |= b;
      if (ESCAPED[b] === 0) {
        continue;
      }
      at = copyRun(src, copyFrom, i, out, at);
      copyFrom = i + 1;
      out[at++] = BACKSLASH;
      const short = SHORT_ESCAPES[b];
      if (short !== undefined) {
        out[at++] = short;
      } else {
        at += out.write(`u00${b.toString(16).padStart(2, '0')}`, at, 'latin1');
      }
    }
    if (high >= 0x80 && !isUtf8(src.subarray(start, end))) {
      return false;
    }
    at = copyRun(src, copyFrom, end, out, at);
    out[at++] = QUOTE;
    this.length = at;
    return true;
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

const FIRST_KEY = Buffer.from('\n{"key":');
const NEXT_KEY = Buffer.from(',\n{"key":');
const VALUE = Buffer.from(',"value":');
const UTF8_END = Buffer.from(',"encoding":"utf8"}');
/** Runs at least this long are copied natively: below it a loop is faster than the call. */
const LONG_RUN = 256;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** 1 for the bytes JSON.stringify escapes: below U+0020, the quote and the backslash. */
const ESCAPED = new Uint8Array(256).map((_, b) => (b < 0x20 || b === QUOTE || b === BACKSLASH ? 1 : 0));
/** The escapes JSON.stringify writes as a letter after the backslash. */
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72, [QUOTE]: QUOTE, [BACKSLASH]: BACKSLASH };

/** src[from, to) into out at `at`; returns the new end. Short runs by a loop, long ones natively. */
function copyRun(src: Buffer, from: number, to: number, out: Buffer, at: number): number {
  if (to - from >= LONG_RUN) {
    return at + src.copy(out, at, from, to);
  }
  for (let i = from; i < to; i++) {
    out[at++] = src[i];
  }
  return at;
}

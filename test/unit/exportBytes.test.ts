import * as assert from 'assert';
import { bytesField, varintField } from '../../src/core/client/protoWire';
import { decodeKeyValue, walkRangeResponse } from '../../src/core/keys/rawRange';
import { ExportBytes } from '../../src/core/writes/exportBytes';
import { entryOf, keysFileLine } from '../../src/core/writes/keysFile';
import { seededRandom } from '../support/seededRandom';

/** Awkward pieces: every escape JSON.stringify writes, multi-byte text, bytes that are not UTF-8, runs long enough to be copied natively. */
const PIECES = [
  'plain',
  '"',
  '\\',
  '\b\t\n\f\r',
  '\u0000\u0001\u001f',
  '\u007f',
  'é',
  '€',
  '😀',
  '\u2028\u2029',
  '{"id":"node-1","ok":true}',
  '/',
  '',
  'x'.repeat(300),
  'é'.repeat(200),
].map(text => Buffer.from(text, 'utf8'));
const NOT_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0x80, 0x00])];

describe('an export written as bytes', () => {
  it('is byte for byte the text the keys file lines give, for 2,000 random keys and values', () => {
    const random = seededRandom(33);
    const bytes = (min: number) => {
      const parts: Buffer[] = [];
      for (let n = min + random(5); n > 0; n--) {
        parts.push(random(8) === 0 ? NOT_UTF8[random(NOT_UTF8.length)] : PIECES[random(PIECES.length)]);
      }
      return Buffer.concat(parts);
    };
    // A RangeResponse (kvs = 2) of KeyValues (key 1, create 2, mod 3, version 4, value 5, lease 6).
    const records: Buffer[] = [];
    for (let i = 0; i < 2000; i++) {
      let key = bytes(1);
      if (key.length === 0) {
        key = Buffer.from('k');
      }
      const value = bytes(0);
      const kv = Buffer.concat([
        bytesField(1, key),
        varintField(2, BigInt(1 + i)),
        varintField(3, BigInt(2 + i)),
        varintField(4, 1n),
        ...(value.length ? [bytesField(5, value)] : []),
        ...(random(3) === 0 ? [varintField(6, 0x7e57n)] : []),
      ]);
      records.push(bytesField(2, kv));
    }
    const response = Buffer.concat(records);
    const fast = new ExportBytes();
    let expected = '';
    let index = 0;
    walkRangeResponse(response, (ks, ke, rs, re) => {
      fast.line(response, ks, ke, rs, re, index);
      expected += keysFileLine(index, entryOf(decodeKeyValue(response, rs, re), false));
      index++;
    });
    assert.strictEqual(index, 2000);
    const got = fast.take();
    assert.strictEqual(got.toString('utf8'), expected);
    assert.ok(got.equals(Buffer.from(expected, 'utf8')));
  });
});

import * as assert from 'assert';
import { keyFromBase64, keyFromText, keyToJson, keyToText } from '../../src/core/keys/keyText';
import { seededRandom } from '../support/seededRandom';

describe('keys as bytes: text and JSON forms', () => {
  it('shows plain keys as they are and escapes the rest visibly', () => {
    assert.strictEqual(keyToText(Buffer.from('/ztap/nodes/node-1')), '/ztap/nodes/node-1');
    assert.strictEqual(keyToText(Buffer.from('/ztap/ünï/€')), '/ztap/ünï/€');
    assert.strictEqual(keyToText(Buffer.from([0x2f, 0x6b, 0xff, 0x01])), '/k\\xff\\x01');
    assert.strictEqual(keyToText(Buffer.from('/a\nb')), '/a\\x0ab');
    assert.strictEqual(keyToText(Buffer.from('/a\\xff')), '/a\\\\xff', 'a typed backslash never looks like a byte');
    assert.strictEqual(keyToText(Buffer.from([0x2f, 0xc3])), '/\\xc3', 'a truncated UTF-8 sequence');
    assert.strictEqual(keyToText(Buffer.concat([Buffer.from('/é'), Buffer.from([0xfe])])), '/é\\xfe', 'valid characters kept beside escapes');
  });

  it('reads back every key exactly from its text form (random bytes)', () => {
    const rand = seededRandom(7);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(Array.from({ length: 1 + rand(12) }, () => rand(256)));
      assert.ok(keyFromText(keyToText(bytes)).equals(bytes), bytes.toString('hex'));
    }
  });

  it('keeps two keys that differ only in non-UTF-8 bytes apart, in text and JSON', () => {
    const a = Buffer.from([0x2f, 0xff, 0x01]);
    const b = Buffer.from([0x2f, 0xfe, 0x01]);
    assert.notStrictEqual(keyToText(a), keyToText(b));
    assert.deepStrictEqual(keyToJson(a), { key: a.toString('base64'), keyEncoding: 'base64' });
    assert.deepStrictEqual(keyToJson(Buffer.from('/a\nb')), { key: '/a\nb' }, 'valid UTF-8 stays a JSON string');
  });

  it('refuses a backslash that is not an escape, and base64 that is not base64', () => {
    assert.throws(() => keyFromText('/a\\q'), /Invalid escape at position 3/);
    assert.throws(() => keyFromText('/a\\x4'), /Invalid escape/);
    assert.ok(keyFromBase64('L3p0YXA=')!.equals(Buffer.from('/ztap')));
    assert.strictEqual(keyFromBase64('/x'), undefined);
    assert.strictEqual(keyFromBase64(''), undefined);
  });
});

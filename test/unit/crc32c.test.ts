import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { Crc32c } from '../../src/core/snapshot/crc32c';

describe('CRC-32C', () => {
  const crc = (...parts: string[]) => {
    const c = new Crc32c();
    parts.forEach(p => c.update(Buffer.from(p)));
    return c.value;
  };

  it('matches the standard check value and known vectors', () => {
    assert.strictEqual(crc('123456789'), 0xe3069283);
    assert.strictEqual(crc(''), 0);
    assert.strictEqual(crc('a'), 0xc1d04330);
  });

  it('gives the same value however the input is split', () => {
    const text = 'The quick brown fox jumps over the lazy dog, 0123456789 times.';
    const whole = crc(text);
    for (let cut = 0; cut <= text.length; cut += 7) {
      assert.strictEqual(crc(text.slice(0, cut), text.slice(cut)), whole);
    }
  });

  it('equals a bit-at-a-time CRC-32C for every length and alignment (word and byte paths)', () => {
    const bitwise = (data: Uint8Array) => {
      let c = 0xffffffff;
      for (const byte of data) {
        c ^= byte;
        for (let k = 0; k < 8; k++) {
          c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
        }
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    const data = randomBytes(4096 + 8);
    for (const length of [0, 1, 15, 16, 17, 127, 128, 129, 130, 131, 255, 1000, 4096]) {
      for (let offset = 0; offset < 8; offset++) {
        const piece = data.subarray(offset, offset + length);
        const c = new Crc32c();
        c.update(piece);
        assert.strictEqual(c.value, bitwise(piece), `length ${length} at offset ${offset}`);
      }
    }
  });
});

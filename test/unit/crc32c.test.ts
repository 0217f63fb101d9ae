import * as assert from 'assert';
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
});

/**
 * CRC-32C (Castagnoli), as Go's crc32.MakeTable(crc32.Castagnoli): the hash etcd's
 * snapshot status prints. A status hashes the whole database, and Go does it with
 * the CPU's crc32 instruction, which JavaScript cannot reach: this is slicing-by-16
 * (16 table lookups per 16 bytes), reading long pieces as 32-bit words, faster than
 * the byte-wise slicing-by-8 it replaces (test/unit/crc32c.test.ts checks the values).
 */
const SLICES = 16;

/** TABLE[s * 256 + b]: the CRC of byte b followed by s zero bytes. */
const TABLE = (() => {
  const t = new Int32Array(SLICES * 256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    }
    t[b] = c;
  }
  for (let s = 1; s < SLICES; s++) {
    for (let b = 0; b < 256; b++) {
      const prev = t[(s - 1) * 256 + b];
      t[s * 256 + b] = (prev >>> 8) ^ t[prev & 0xff];
    }
  }
  return t;
})();

/** Word reads assume little-endian, as every platform Node and VS Code run on is; checked anyway. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Below this, making an Int32Array view costs more than the word reads save. */
const WORDS_FROM = 128;

/** A running CRC-32C: update() with each piece, in order, then value. */
export class Crc32c {
  private crc = 0xffffffff;

  update(data: Uint8Array): void {
    const t = TABLE;
    const n = data.length;
    let c = this.crc;
    let i = 0;
    if (LITTLE_ENDIAN && n >= WORDS_FROM) {
      for (; (data.byteOffset + i) & 3; i++) {
        c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
      }
      const words = new Int32Array(data.buffer, data.byteOffset + i, (n - i) >>> 2);
      const end = words.length - 4;
      let w = 0;
      for (; w <= end; w += 4) {
        const a = c ^ words[w];
        const b = words[w + 1];
        const d = words[w + 2];
        const e = words[w + 3];
        c =
          t[3840 + (a & 0xff)] ^
          t[3584 + ((a >>> 8) & 0xff)] ^
          t[3328 + ((a >>> 16) & 0xff)] ^
          t[3072 + (a >>> 24)] ^
          t[2816 + (b & 0xff)] ^
          t[2560 + ((b >>> 8) & 0xff)] ^
          t[2304 + ((b >>> 16) & 0xff)] ^
          t[2048 + (b >>> 24)] ^
          t[1792 + (d & 0xff)] ^
          t[1536 + ((d >>> 8) & 0xff)] ^
          t[1280 + ((d >>> 16) & 0xff)] ^
          t[1024 + (d >>> 24)] ^
          t[768 + (e & 0xff)] ^
          t[512 + ((e >>> 8) & 0xff)] ^
          t[256 + ((e >>> 16) & 0xff)] ^
          t[e >>> 24];
      }
      i += w * 4;
    }
    for (const end = n - 16; i <= end; i += 16) {
      const a = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
      c =
        t[3840 + (a & 0xff)] ^
        t[3584 + ((a >>> 8) & 0xff)] ^
        t[3328 + ((a >>> 16) & 0xff)] ^
        t[3072 + (a >>> 24)] ^
        t[2816 + data[i + 4]] ^
        t[2560 + data[i + 5]] ^
        t[2304 + data[i + 6]] ^
        t[2048 + data[i + 7]] ^
        t[1792 + data[i + 8]] ^
        t[1536 + data[i + 9]] ^
        t[1280 + data[i + 10]] ^
        t[1024 + data[i + 11]] ^
        t[768 + data[i + 12]] ^
        t[512 + data[i + 13]] ^
        t[256 + data[i + 14]] ^
        t[data[i + 15]];
    }
    for (; i < n; i++) {
      c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    }
    this.crc = c;
  }

  get value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

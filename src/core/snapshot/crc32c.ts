/**
 * CRC-32C (Castagnoli), as Go's crc32.MakeTable(crc32.Castagnoli): the hash etcd's
 * snapshot status prints. Slicing-by-8, since a status hashes the whole database.
 */
const TABLES = (() => {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    }
    t[0][i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 8; s++) {
      t[s][i] = (t[s - 1][i] >>> 8) ^ t[0][t[s - 1][i] & 0xff];
    }
  }
  return t;
})();
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES;

/** A running CRC-32C: update() with each piece, in order, then value. */
export class Crc32c {
  private crc = 0xffffffff;

  update(data: Uint8Array): void {
    let c = this.crc;
    let i = 0;
    const end8 = data.length - 8;
    for (; i <= end8; i += 8) {
      const lo = (c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
      c =
        T7[lo & 0xff] ^
        T6[(lo >>> 8) & 0xff] ^
        T5[(lo >>> 16) & 0xff] ^
        T4[lo >>> 24] ^
        T3[data[i + 4]] ^
        T2[data[i + 5]] ^
        T1[data[i + 6]] ^
        T0[data[i + 7]];
    }
    for (; i < data.length; i++) {
      c = T0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    }
    this.crc = c >>> 0;
  }

  get value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

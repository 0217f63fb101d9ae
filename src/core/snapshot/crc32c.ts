/** CRC-32C (Castagnoli), as Go's crc32.MakeTable(crc32.Castagnoli): the hash etcd's snapshot status prints. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    }
    table[i] = c >>> 0;
  }
  return table;
})();

/** A running CRC-32C: update() with each piece, in order, then value. */
export class Crc32c {
  private crc = 0xffffffff;

  update(data: Uint8Array): void {
    let c = this.crc;
    for (let i = 0; i < data.length; i++) {
      c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    }
    this.crc = c;
  }

  get value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

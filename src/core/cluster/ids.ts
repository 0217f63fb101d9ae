/** etcd3 returns 64-bit IDs as decimal strings; etcdctl and ZTAP show them in lowercase hex. */
export function idToHex(decimal: string | number): string {
  return BigInt(decimal).toString(16);
}

/** The inverse, for IDs typed by users or read from election keys. */
export function hexToId(hex: string): string {
  return BigInt(`0x${hex}`).toString(10);
}

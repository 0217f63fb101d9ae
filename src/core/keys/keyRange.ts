/** The range_end that selects every key starting with `prefix` (etcd's prefix rule). */
export function prefixRangeEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i] += 1;
      return end.subarray(0, i + 1);
    }
  }
  // All 0xff (or empty): to the end of the keyspace.
  return Buffer.from([0]);
}

/** The smallest key greater than `key`: where the next page starts. */
export function keyAfter(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.from([0])]);
}

/** A folder prefix always ends in one "/": `/ztap` and `/ztap/` both mean `/ztap/`. */
export function folderPrefix(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BboltError } from '../../src/core/snapshot/bboltReader';
import { snapshotStatus } from '../../src/core/snapshot/snapshotStatus';

const PAGE = 4096;

/** bbolt's meta page: magic, version, page size, root bucket page, high-water page id, txid, FNV-1a checksum. */
function metaPage(id: number, root: number, pageCount: number): Buffer {
  const page = Buffer.alloc(PAGE);
  page.writeBigUInt64LE(BigInt(id), 0);
  page.writeUInt16LE(0x04, 8); // meta
  const m = 16;
  page.writeUInt32LE(0xed0cdaed, m);
  page.writeUInt32LE(2, m + 4);
  page.writeUInt32LE(PAGE, m + 8);
  page.writeBigUInt64LE(BigInt(root), m + 16);
  page.writeBigUInt64LE(BigInt(pageCount), m + 40);
  page.writeBigUInt64LE(BigInt(id + 1), m + 48);
  let h = 0xcbf29ce484222325n;
  for (const byte of page.subarray(m, m + 56)) {
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  page.writeBigUInt64LE(h, m + 56);
  return page;
}

describe('bbolt reader on damaged files', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ztap-bbolt-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a branch page that points to itself is reported as damage, not a stack overflow', async () => {
    const branch = Buffer.alloc(PAGE);
    branch.writeBigUInt64LE(2n, 0);
    branch.writeUInt16LE(0x01, 8); // branch
    branch.writeUInt16LE(1, 10); // one element...
    branch.writeBigUInt64LE(2n, 16 + 8); // ...whose child is this page again
    const file = join(dir, 'loop.db');
    writeFileSync(file, Buffer.concat([metaPage(0, 2, 3), metaPage(1, 2, 3), branch]));
    await assert.rejects(snapshotStatus(file), (err: unknown) => err instanceof BboltError && /deeper than any bbolt database/.test(err.message));
  });
});

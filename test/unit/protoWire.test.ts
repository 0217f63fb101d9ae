import * as assert from 'assert';
import { bytesField, encodeStrings, encodeVarint, NumberCursor, ProtoError, readFields, varintField } from '../../src/core/client/protoWire';
import { encodeRangeRequest, keyValueMeta, walkRangeResponse } from '../../src/core/keys/rawRange';
import { decodeSnapshotChunk } from '../../src/core/snapshot/snapshotRpc';

describe('protobuf wire format (the hand-coded etcd messages)', () => {
  it('encodes string fields as protobuf does, skipping unset ones', () => {
    // AuthenticateRequest{name: "root", password: "pw"}: tag 0x0a, length 4, "root"; tag 0x12, length 2, "pw".
    assert.strictEqual(
      encodeStrings([
        [1, 'root'],
        [2, 'pw'],
      ]).toString('hex'),
      '0a04726f6f74' + '12027077',
    );
    assert.strictEqual(
      encodeStrings([
        [1, undefined],
        [2, 'é'],
      ]).toString('hex'),
      '1202c3a9',
    );
    const long = 'x'.repeat(300); // a length that needs a two-byte varint
    assert.strictEqual(
      encodeStrings([[1, long]])
        .subarray(0, 3)
        .toString('hex'),
      '0aac02',
    );
  });

  it('reads varints beyond 2^53 exactly, nested messages, and skips fixed-size fields', () => {
    // field 1 fixed64, field 2 varint 2^60+1, field 3 a nested message {field 3: 5}.
    // 2^60 + 1 in 7-bit groups, low first: 1, seven zero groups, then 1 << 4.
    const message = Buffer.from('09' + '0102030405060708' + '10' + '81' + '80'.repeat(7) + '10' + '1a021805', 'hex');
    const seen: Array<[number, string]> = [];
    readFields(message, (field, value) => seen.push([field, typeof value === 'bigint' ? value.toString() : value.toString('hex')]));
    assert.deepStrictEqual(seen, [
      [2, (2n ** 60n + 1n).toString()],
      [3, '1805'],
    ]);
  });

  it('rejects truncated and malformed messages instead of reading past them', () => {
    assert.throws(() => readFields(Buffer.from('0a05abcd', 'hex'), () => undefined), ProtoError); // length 5, 2 bytes
    assert.throws(() => readFields(Buffer.from('1080', 'hex'), () => undefined), ProtoError); // varint cut short
    assert.throws(() => readFields(Buffer.from('0b', 'hex'), () => undefined), ProtoError); // wire type 3 (groups)
    assert.throws(() => readFields(Buffer.from('090102', 'hex'), () => undefined), ProtoError); // fixed64 cut short
  });

  it('decodes a SnapshotResponse as etcd 3.4 sends it, the blob a view of the message', () => {
    // The start of a real first message: remaining_bytes = 108838912, then a 32 KiB blob.
    const blob = Buffer.alloc(32768, 7);
    const message = Buffer.concat([Buffer.from('108080f3331a808002', 'hex'), blob]);
    const chunk = decodeSnapshotChunk(message);
    assert.strictEqual(chunk.remainingBytes, 108838912);
    assert.strictEqual(chunk.blob.length, 32768);
    assert.ok(chunk.blob.equals(blob));
    assert.strictEqual(chunk.blob.buffer, message.buffer, 'no copy of the blob');
    // The last message: remaining 0 (omitted on the wire), the 32-byte sha256.
    const last = decodeSnapshotChunk(Buffer.concat([Buffer.from('1a20', 'hex'), Buffer.alloc(32, 1)]));
    assert.deepStrictEqual([last.remainingBytes, last.blob.length], [0, 32]);
  });

  it('writes varints and fields byte for byte as protobuf does, a negative int64 as ten bytes', () => {
    assert.strictEqual(encodeVarint(0n).toString('hex'), '00');
    assert.strictEqual(encodeVarint(300n).toString('hex'), 'ac02');
    assert.strictEqual(encodeVarint(2n ** 64n - 1n).toString('hex'), 'ffffffffffffffffff01');
    assert.strictEqual(encodeVarint(-1n).toString('hex'), 'ffffffffffffffffff01');
    assert.strictEqual(varintField(4, 1234n).toString('hex'), '20d209');
    assert.strictEqual(bytesField(1, Buffer.from('/ztap/')).toString('hex'), '0a062f7a7461702f');
    // RangeRequest{key, range_end, limit 10, revision 7, keys_only}
    assert.strictEqual(
      encodeRangeRequest({ key: Buffer.from('a'), rangeEnd: Buffer.from('b'), limit: 10, revision: '7', keysOnly: true }).toString('hex'),
      '0a0161' + '120162' + '180a' + '2007' + '4001',
    );
    // One key: no range_end at all (an empty one is "to the end" in etcd's index).
    assert.strictEqual(encodeRangeRequest({ key: Buffer.from('a') }).toString('hex'), '0a0161');
    assert.strictEqual(encodeRangeRequest({ key: Buffer.from('a'), rangeEnd: Buffer.alloc(0) }).toString('hex'), '0a0161');
  });

  it('reads varints exactly as decimals (unsigned or int64), and refuses truncated or overlong ones', () => {
    assert.strictEqual(new NumberCursor(encodeVarint(2n ** 63n + 5n)).varintDecimal(), (2n ** 63n + 5n).toString());
    assert.strictEqual(new NumberCursor(encodeVarint(-2n)).varintDecimal(true), '-2');
    for (const bytes of ['80', 'ffff', '', '80'.repeat(10) + '01', 'ff'.repeat(11)]) {
      assert.throws(() => new NumberCursor(Buffer.from(bytes, 'hex')).varintDecimal(), ProtoError, `varintDecimal of ${bytes || 'nothing'}`);
      assert.throws(() => new NumberCursor(Buffer.from(bytes, 'hex')).varint(), ProtoError, `varint of ${bytes || 'nothing'}`);
    }
    assert.throws(() => new NumberCursor(Buffer.from('05616263', 'hex')).delimitedEnd(), ProtoError, 'a length past the end');
    const cursor = new NumberCursor(Buffer.from('03616263', 'hex'));
    assert.deepStrictEqual([cursor.delimitedEnd(), cursor.pos], [4, 1]);
  });

  it("walks a listing's RangeResponse, and refuses one cut anywhere instead of looping or reading past it", () => {
    // header{revision 9}, kvs{key "k1", create 2, mod 3, version 1, lease 2^62}, kvs{key "k2"}, count 2
    const kv1 = Buffer.concat([bytesField(1, Buffer.from('k1')), varintField(2, 2n), varintField(3, 3n), varintField(4, 1n), varintField(6, 2n ** 62n)]);
    const kv2 = bytesField(1, Buffer.from('k2'));
    const response = Buffer.concat([bytesField(1, varintField(3, 9n)), bytesField(2, kv1), bytesField(2, kv2), varintField(4, 2n)]);
    const keys: string[] = [];
    let meta: ReturnType<typeof keyValueMeta> | undefined;
    const summary = walkRangeResponse(response, (ks, ke, rs, re) => {
      keys.push(response.subarray(ks, ke).toString());
      meta ??= keyValueMeta(response, rs, re);
    });
    assert.deepStrictEqual(keys, ['k1', 'k2']);
    assert.deepStrictEqual({ ...summary, lastKey: summary.lastKey?.toString() }, { revision: '9', count: 2, more: false, lastKey: 'k2' });
    assert.deepStrictEqual(meta, { createRevision: '2', modRevision: '3', version: '1', lease: (2n ** 62n).toString() });
    for (let cut = 1; cut < response.length; cut++) {
      const part = response.subarray(0, cut);
      try {
        walkRangeResponse(part, (_ks, _ke, rs, re) => keyValueMeta(part, rs, re));
      } catch (err) {
        assert.ok(err instanceof ProtoError, `cut at ${cut}: ${(err as Error).message}`);
      }
    }
    // A lease varint cut short inside a record: an error, not an endless loop.
    assert.throws(() => keyValueMeta(Buffer.from('3080', 'hex'), 0, 2), ProtoError);
  });
});

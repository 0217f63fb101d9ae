import * as assert from 'assert';
import { encodeStrings, ProtoError, readFields } from '../../src/core/client/protoWire';
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
});

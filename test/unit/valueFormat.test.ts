import * as assert from 'assert';
import { formatBytes, formatValue, hexDump, PREVIEW_LIMIT } from '../../src/core/values/valueFormat';
import { decodeNode } from '../../src/core/ztap/nodeJson';
import { idToHex, hexToId } from '../../src/core/cluster/ids';
import { keyAfter, prefixRangeEnd, folderPrefix } from '../../src/core/keys/keyRange';

describe('value formatting', () => {
  it('pretty-prints JSON with the JSON language', () => {
    const f = formatValue(Buffer.from('{"id":"node-1","metadata":{"v":1}}'));
    assert.strictEqual(f.language, 'json');
    assert.strictEqual(f.text, '{\n  "id": "node-1",\n  "metadata": {\n    "v": 1\n  }\n}\n');
  });

  it('shows plain text as is, and a JSON-looking but invalid value as text', () => {
    assert.deepStrictEqual(formatValue(Buffer.from('hello')), { language: 'plaintext', kind: 'text', text: 'hello' });
    assert.strictEqual(formatValue(Buffer.from('{not json')).kind, 'text');
  });

  it('shows non-UTF-8 values as a hex dump', () => {
    const f = formatValue(Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    assert.strictEqual(f.kind, 'hex');
    assert.strictEqual(f.text, '00000000: fffe 0041                                ..\u0000A'.replace('\u0000', '.') + '\n');
  });

  it('previews values over 1 MiB with a notice', () => {
    const f = formatValue(Buffer.alloc(PREVIEW_LIMIT + 1, 'a'));
    assert.strictEqual(f.text.length, 64 * 1024);
    assert.match(f.notice ?? '', /1\.0 MiB.*first 64 KiB/);
    assert.strictEqual(formatValue(Buffer.alloc(PREVIEW_LIMIT, 'a')).notice, undefined);
  });

  it('dumps 16 bytes a row with offsets', () => {
    const lines = hexDump(Buffer.from('0123456789abcdefXYZ')).trimEnd().split('\n');
    assert.strictEqual(lines.length, 2);
    assert.match(lines[1], /^00000010: 5859 5a/);
  });

  it('formats sizes', () => {
    assert.strictEqual(formatBytes(512), '512 B');
    assert.strictEqual(formatBytes(20480), '20 KiB');
    assert.strictEqual(formatBytes(1536 * 1024), '1.5 MiB');
  });
});

describe('ZTAP Node JSON', () => {
  it('decodes the fields ZTAP writes and tolerates unknown ones', () => {
    const node = decodeNode(
      '{"id":"node-1","address":"10.0.1.1:9090","state":"healthy","role":"leader","joined_at":"t","extra":1,"metadata":{"version":"1.4.0"}}',
    );
    assert.deepStrictEqual(node, {
      id: 'node-1',
      address: '10.0.1.1:9090',
      state: 'healthy',
      role: 'leader',
      joined_at: 't',
      metadata: { version: '1.4.0' },
    });
  });

  it('returns null for values that are not Node JSON', () => {
    assert.strictEqual(decodeNode('node-1'), null);
    assert.strictEqual(decodeNode('[1,2]'), null);
    assert.strictEqual(decodeNode('{"name":"x"}'), null);
    assert.strictEqual(decodeNode(Buffer.from([0xff])), null);
  });
});

describe('IDs and key ranges', () => {
  it('prints 64-bit IDs in hex as etcdctl does', () => {
    assert.strictEqual(idToHex('9372538179322589801'), '8211f1d0f64f3269');
    assert.strictEqual(hexToId('8211f1d0f64f3269'), '9372538179322589801');
  });

  it('computes prefix ends and next-page starts', () => {
    assert.strictEqual(prefixRangeEnd(Buffer.from('/ztap/')).toString(), '/ztap0');
    assert.deepStrictEqual(prefixRangeEnd(Buffer.from([0x61, 0xff])), Buffer.from([0x62]));
    assert.deepStrictEqual(keyAfter(Buffer.from('a')), Buffer.from([0x61, 0]));
    assert.strictEqual(folderPrefix('/ztap'), '/ztap/');
    assert.strictEqual(folderPrefix('/ztap/'), '/ztap/');
  });
});

describe('ZTAP policy values', () => {
  const yaml = 'apiVersion: ztap/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n';
  const record = (extra: Record<string, unknown> = {}) =>
    Buffer.from(JSON.stringify({ Name: 'web', Tenant: 'acme', YAML: Buffer.from(yaml).toString('base64'), Version: 3, ...extra }));

  it('shows the base64 YAML decoded, as a YAML document with the other fields as comments', () => {
    const f = formatValue(record({ Deleted: false }));
    assert.strictEqual(f.language, 'yaml');
    assert.strictEqual(f.kind, 'policy');
    assert.strictEqual(f.text, '# Name: web\n# Tenant: acme\n# Version: 3\n# Deleted: false\n# YAML (decoded from the base64 that ZTAP stores):\n' + yaml);
  });

  it('tolerates other field names and versions, and leaves non-policy JSON alone', () => {
    const older = formatValue(Buffer.from(JSON.stringify({ yaml: Buffer.from(yaml).toString('base64') })));
    assert.strictEqual(older.kind, 'policy');
    assert.strictEqual(formatValue(Buffer.from('{"YAML":"not base64!"}')).kind, 'json');
    assert.strictEqual(formatValue(Buffer.from('{"id":"node-1"}')).kind, 'json');
  });
});

import * as assert from 'assert';
import { eventToJson, formatEventLine, previewValue } from '../../src/core/watch/formatEvent';
import type { WatchEvent } from '../../src/core/watch/prefixWatcher';

const ev = (over: Partial<WatchEvent>): WatchEvent => ({
  type: 'put',
  key: Buffer.from('/ztap/nodes/node-1'),
  value: Buffer.from('{ "id": "node-1",\n  "state": "healthy" }'),
  modRevision: '42',
  createRevision: '40',
  version: '3',
  lease: '7587883316483470344',
  ...over,
});

describe('watch event lines', () => {
  const at = new Date('2026-11-26T03:13:20.257Z');

  it('prints time, PUT, key, revision and JSON on one line', () => {
    assert.strictEqual(formatEventLine(ev({}), at), '2026-11-26T03:13:20.257Z PUT    /ztap/nodes/node-1 rev 42 {"id":"node-1","state":"healthy"}');
  });

  it('prints DELETE without a value', () => {
    assert.strictEqual(formatEventLine(ev({ type: 'delete', value: Buffer.alloc(0) }), at), '2026-11-26T03:13:20.257Z DELETE /ztap/nodes/node-1 rev 42');
  });

  it('previews binary as hex and cuts long text', () => {
    assert.strictEqual(previewValue(Buffer.from([0xff, 0x00, 0x10])), 'hex:ff0010');
    const long = previewValue(Buffer.from('x'.repeat(500)));
    assert.ok(long.startsWith('x'.repeat(120)) && long.endsWith('… (500 bytes)'));
    assert.strictEqual(previewValue(Buffer.alloc(0)), '(empty)');
  });

  it('has the JSON shape of ztap-etcd watch --json, binary values in base64, lease in hex', () => {
    assert.deepStrictEqual(eventToJson(ev({ value: Buffer.from([0xff]) })), {
      type: 'put',
      key: '/ztap/nodes/node-1',
      value: '/w==',
      encoding: 'base64',
      modRevision: '42',
      createRevision: '40',
      version: '3',
      lease: '694d93ac8c1c3408',
    });
  });
});

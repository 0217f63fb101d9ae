import * as assert from 'assert';
import { prefixRangeEnd } from '../../src/core/keys/keyRange';
import { decide, describePermission, grantCommand, KeyPermission, Role, scopeOf } from '../../src/core/access/permissions';

const b = (s: string) => Buffer.from(s, 'latin1');
const perm = (type: KeyPermission['type'], key: string, rangeEnd = ''): KeyPermission => ({ type, key: b(key), rangeEnd: b(rangeEnd) });

describe('key permissions as etcd reads them', () => {
  it('a prefix ends where etcdctl --prefix ends it, 0xff bytes carried over, all 0xff meaning every key on', () => {
    assert.deepStrictEqual(prefixRangeEnd(b('/ztap/')), b('/ztap0'));
    assert.deepStrictEqual(prefixRangeEnd(b('a\xff\xff')), b('b'));
    assert.deepStrictEqual(prefixRangeEnd(b('\xff')), b('\0'));
  });

  it('tells a key, a prefix, "from a key on" and a range apart, and says each in words', () => {
    assert.deepStrictEqual(scopeOf(b('/a'), b('')).kind, 'key');
    assert.deepStrictEqual(scopeOf(b('/ztap/'), b('/ztap0')).kind, 'prefix');
    assert.deepStrictEqual(scopeOf(b('/a'), b('\0')).kind, 'from');
    assert.deepStrictEqual(scopeOf(b(''), b('\0')).kind, 'prefix'); // the empty prefix: every key
    assert.deepStrictEqual(scopeOf(b('/a'), b('/c')).kind, 'range');
    assert.deepStrictEqual(
      [perm('read', '/a'), perm('readwrite', '/ztap/', '/ztap0'), perm('write', '/a', '\0'), perm('read', '/a', '/c'), perm('read', '', '\0')].map(
        describePermission,
      ),
      ['read key /a', 'readwrite prefix /ztap/', 'write from /a on', 'read range [/a, /c)', 'read every key'],
    );
  });

  it('prints the etcdctl grant for each kind, quoted for a shell', () => {
    assert.strictEqual(grantCommand('r', perm('read', "/it's")), "etcdctl role grant-permission r read '/it'\\''s'");
    assert.strictEqual(grantCommand('r', perm('write', '/ztap/', '/ztap0')), "etcdctl role grant-permission r write '/ztap/' --prefix");
    assert.strictEqual(grantCommand('r', perm('read', '/a', '\0')), "etcdctl role grant-permission r read '/a' --from-key");
    assert.strictEqual(grantCommand('r', perm('read', '/a', '/c')), "etcdctl role grant-permission r read '/a' '/c'");
  });

  it('allows a range only when the permissions of all the roles cover it together, and names them', () => {
    const roles = new Map<string, Role>([
      ['left', { name: 'left', permissions: [perm('read', '/a', '/m')] }],
      ['right', { name: 'right', permissions: [perm('readwrite', '/m', '/z')] }],
    ]);
    const user = { name: 'u', roles: ['left', 'right'] };
    const both = decide(user, roles, { key: b('/b'), rangeEnd: b('/y') }, 'read');
    assert.strictEqual(both.allowed, true);
    assert.deepStrictEqual(both.allowed && both.grants.map(g => g.role), ['left', 'right']);
    const write = decide(user, roles, { key: b('/b'), rangeEnd: b('/y') }, 'write');
    assert.strictEqual(write.allowed, false);
    assert.deepStrictEqual(!write.allowed && write.partly.map(g => g.role), ['right']);
    assert.deepStrictEqual(!write.allowed && describePermission(write.wanted), 'write range [/b, /y)');
    // One key: any permission holding it; the end of a range is not in it.
    assert.strictEqual(decide(user, roles, { key: b('/m') }, 'write').allowed, true);
    assert.strictEqual(decide(user, roles, { key: b('/z') }, 'read').allowed, false);
    assert.strictEqual(decide({ name: 'root', roles: ['root'] }, roles, { key: b('/z') }, 'write').allowed, true);
  });
});

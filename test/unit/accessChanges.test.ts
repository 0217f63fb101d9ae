import * as assert from 'assert';
import { AccessState, applyChange, describeChange, refusal, takesOwnAccess } from '../../src/core/access/accessChanges';
import { prefixRange } from '../../src/core/access/permissions';

const ztapPrefix = prefixRange(Buffer.from('/ztap/'));
const state = (authEnabled: boolean): AccessState => ({
  authEnabled,
  users: [
    { name: 'root', roles: ['root'] },
    { name: 'ztap', roles: ['ztap-role'] },
  ],
  roles: [{ name: 'ztap-role', permissions: [{ type: 'readwrite', key: ztapPrefix.key, rangeEnd: ztapPrefix.rangeEnd! }] }],
});

describe('changes to access and their guards', () => {
  it('refuses what would leave nobody able to manage etcd, only while auth is on', () => {
    assert.match(refusal({ kind: 'delete user', user: 'root' }, state(true))!, /deleting the user root while auth is on/);
    assert.match(refusal({ kind: 'revoke role', user: 'root', role: 'root' }, state(true))!, /revoking the root role from root/);
    assert.match(refusal({ kind: 'delete role', role: 'root' }, state(true))!, /deleting the root role/);
    assert.strictEqual(refusal({ kind: 'delete user', user: 'root' }, state(false)), undefined);
    assert.strictEqual(refusal({ kind: 'delete user', user: 'ztap' }, state(true)), undefined);
  });

  it('refuses to enable auth without a root user holding the root role', () => {
    const noRoot = { ...state(false), users: [{ name: 'ztap', roles: [] }] };
    assert.match(refusal({ kind: 'enable auth' }, noRoot)!, /needs a user "root" with the root role/);
    const rootWithoutRole = { ...state(false), users: [{ name: 'root', roles: [] }] };
    assert.match(refusal({ kind: 'enable auth' }, rootWithoutRole)!, /needs the user "root" to hold the root role/);
    assert.strictEqual(refusal({ kind: 'enable auth' }, state(false)), undefined);
  });

  it("names the connection's user when a change takes what it may do under the prefix, and only then", () => {
    const on = state(true);
    assert.strictEqual(takesOwnAccess({ kind: 'revoke role', user: 'ztap', role: 'ztap-role' }, on, 'ztap', ztapPrefix), 'ztap');
    assert.strictEqual(takesOwnAccess({ kind: 'delete role', role: 'ztap-role' }, on, 'ztap', ztapPrefix), 'ztap');
    assert.strictEqual(
      takesOwnAccess({ kind: 'revoke permission', role: 'ztap-role', key: ztapPrefix.key, rangeEnd: ztapPrefix.rangeEnd! }, on, 'ztap', ztapPrefix),
      'ztap',
    );
    assert.strictEqual(takesOwnAccess({ kind: 'delete user', user: 'ztap' }, on, 'ztap', ztapPrefix), 'ztap');
    // Someone else's, a grant, auth off, or root (its role allows all): nothing taken.
    assert.strictEqual(takesOwnAccess({ kind: 'revoke role', user: 'ztap', role: 'ztap-role' }, on, 'root', ztapPrefix), undefined);
    assert.strictEqual(takesOwnAccess({ kind: 'add role', role: 'x' }, on, 'ztap', ztapPrefix), undefined);
    assert.strictEqual(takesOwnAccess({ kind: 'delete role', role: 'ztap-role' }, state(false), 'ztap', ztapPrefix), undefined);
  });

  it('applies a change as etcd would (a deleted role leaves its users) without touching the state it was given', () => {
    const before = state(true);
    const after = applyChange(before, { kind: 'delete role', role: 'ztap-role' });
    assert.deepStrictEqual(after.users.find(u => u.name === 'ztap')?.roles, []);
    assert.deepStrictEqual(before.users.find(u => u.name === 'ztap')?.roles, ['ztap-role']);
  });

  it('says a change in words and never its password', () => {
    const text = describeChange({ kind: 'change password', user: 'ztap', password: 'Secret-1' });
    assert.strictEqual(text, 'change the password of ztap');
    assert.strictEqual(describeChange({ kind: 'add user', user: 'ztap', password: 'Secret-1' }), 'add user ztap');
  });
});

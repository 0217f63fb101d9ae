import * as assert from 'assert';
import { parseEndpoints } from '../../src/core/config/endpoints';
import { isLoopback, listProfiles, validateProfile, writePolicy } from '../../src/core/config/profiles';

describe('connection profiles and the read-only guard', () => {
  it('builds a Default profile from the single settings, and adds Environment when its env var is set', () => {
    assert.deepStrictEqual(
      listProfiles([], { endpoints: ['127.0.0.1:2379'] }, {}).map(p => [p.name, p.source]),
      [['Default', 'single']],
    );
    const withEnv = listProfiles([{ name: 'staging', endpoints: ['etcd-1:2379'] }], {}, { ZTAP_ETCD_ENDPOINTS: 'a:1' });
    assert.deepStrictEqual(
      withEnv.map(p => [p.name, p.source]),
      [
        ['staging', 'settings'],
        ['Default', 'single'],
        ['Environment', 'environment'],
      ],
    );
  });

  it('keeps Default listed once connections are added (adding one never hides the one in use), unless one is named Default', () => {
    const single = { endpoints: ['127.0.0.1:2379'] };
    const added = listProfiles([{ name: 'staging', endpoints: ['etcd-1:2379'] }], single, {});
    assert.deepStrictEqual(
      added.map(p => p.name),
      ['staging', 'Default'],
    );
    assert.deepStrictEqual(added[1].input.endpoints, ['127.0.0.1:2379']);
    const own = listProfiles([{ name: 'Default', endpoints: ['etcd-9:2379'] }], single, {});
    assert.deepStrictEqual(
      own.map(p => [p.name, p.source]),
      [['Default', 'settings']],
    );
  });

  it('refuses a profile without a name or with a bad endpoint, naming the profile', () => {
    assert.throws(() => validateProfile({ name: '', endpoints: ['a:1'] }), /has no "name"/);
    assert.throws(() => validateProfile({ name: 'prod', endpoints: ['nope'] }), /Connection "prod": Invalid etcd endpoint "nope"/);
  });

  it('knows loopback endpoints', () => {
    const [a, b, c, d, e] = parseEndpoints(['127.0.0.1:2379', 'http://localhost:2379', '[::1]:2379', '127.1.2.3:1', '10.0.0.1:2379']);
    assert.deepStrictEqual([a, b, c, d, e].map(isLoopback), [true, true, true, true, false]);
  });

  it('makes off-machine profiles read-only unless allowed, and then asks before each write', () => {
    const local = parseEndpoints(['127.0.0.1:2379']);
    const remote = parseEndpoints(['etcd-1.prod.example:2379', '127.0.0.1:2379']);
    assert.strictEqual(writePolicy(undefined, local), 'writable');
    assert.strictEqual(writePolicy(true, local), 'read-only');
    assert.strictEqual(writePolicy(undefined, remote), 'read-only');
    assert.strictEqual(writePolicy(false, remote), 'confirm');
  });
});

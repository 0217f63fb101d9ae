import * as assert from 'assert';
import type { Etcd3 } from 'etcd3';
import { authEnabled, readAccess } from '../../src/core/access/accessReader';
import { decide, describePermission, KeyPermission, KeyRange, Operation, PermissionType, prefixRange, Role } from '../../src/core/access/permissions';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { classifyError } from '../../src/core/client/errors';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { LocalEtcdCluster } from '../../src/core/local/etcdProcess';
import { seededRandom } from '../support/seededRandom';

const ROOT_PW = 'r00t-Access!';
const USER_PW = 'user-Access!';
const TYPES: PermissionType[] = ['read', 'write', 'readwrite'];

/** Keys over a small alphabet, so permissions and requests meet often; 0xff included for prefix ends. */
function randomKey(random: (n: number) => number, min = 1): Buffer {
  const alphabet = [0x61, 0x62, 0x63, 0x2f, 0xff];
  const length = min + random(4 - min);
  return Buffer.from(Array.from({ length }, () => alphabet[random(alphabet.length)]));
}

function randomPermission(random: (n: number) => number): KeyPermission {
  const type = TYPES[random(3)];
  const key = randomKey(random);
  switch (random(4)) {
    case 0:
      return { type, key, rangeEnd: Buffer.alloc(0) };
    case 1:
      return { type, key, rangeEnd: prefixRange(key).rangeEnd! };
    case 2:
      return { type, key, rangeEnd: Buffer.from([0]) };
    default: {
      const end = randomKey(random);
      return Buffer.compare(key, end) < 0 ? { type, key, rangeEnd: end } : { type, key: end, rangeEnd: Buffer.concat([key, Buffer.from([0x61])]) };
    }
  }
}

function randomRequest(random: (n: number) => number): KeyRange {
  const key = randomKey(random);
  switch (random(4)) {
    case 0:
    case 1:
      return { key };
    case 2:
      return prefixRange(key);
    default: {
      const end = Buffer.concat([key, randomKey(random)]);
      return random(2) === 0 ? { key, rangeEnd: end } : { key, rangeEnd: Buffer.from([0]) };
    }
  }
}

/** What etcd itself says: read by a range get, write by a put (one key) or a range delete. */
async function etcdAllows(etcd: Etcd3, request: KeyRange, op: Operation): Promise<boolean> {
  const range = request.rangeEnd === undefined ? { key: request.key } : { key: request.key, range_end: request.rangeEnd };
  try {
    if (op === 'read') {
      await etcd.kv.range({ ...range, keys_only: true, limit: 1 });
    } else if (request.rangeEnd === undefined) {
      await etcd.kv.put({ key: request.key, value: Buffer.from('v') });
    } else {
      await etcd.kv.deleteRange(range);
    }
    return true;
  } catch (err) {
    if (classifyError(err).kind === 'permission denied') {
      return false;
    }
    throw err;
  }
}

const show = (r: KeyRange) => `${r.key.toString('hex')}..${r.rangeEnd?.toString('hex') ?? '(key)'}`;

describe('Check Access decides as etcd does (real etcd, random permissions and keys)', function () {
  this.timeout(300_000);
  let cluster: LocalEtcdCluster;
  let root: Etcd3;
  let offAtFirst: boolean | undefined;
  before(async () => {
    cluster = await LocalEtcdCluster.start({ members: 1 });
    root = createEtcd3(resolveConnection({ endpoints: cluster.endpoints }, {}));
    offAtFirst = !(await authEnabled(root));
    await root.auth.userAdd({ name: 'root', password: ROOT_PW });
    await root.auth.userGrantRole({ user: 'root', role: 'root' });
    await root.auth.authEnable();
    root.close();
    root = createEtcd3(resolveConnection({ endpoints: cluster.endpoints, username: 'root', password: ROOT_PW }, {}));
  });
  after(async () => {
    root?.close();
    await cluster?.stop();
  });

  it('tells auth off from on, on every release (3.4 has no AuthStatus)', async () => {
    assert.strictEqual(offAtFirst, true);
    assert.strictEqual(await authEnabled(root), true);
  });

  it('300 random requests over 6 users of two random roles each: read and write decided as etcd decides them', async () => {
    const random = seededRandom(27);
    let checked = 0;
    let allowedSeen = 0;
    const mismatches: string[] = [];
    for (let round = 0; round < 6; round++) {
      const user = `u${round}`;
      const roleNames = [`r${round}a`, `r${round}b`];
      await root.auth.userAdd({ name: user, password: USER_PW });
      for (const role of roleNames) {
        await root.auth.roleAdd({ name: role });
        for (let i = 1 + random(3); i > 0; i--) {
          const p = randomPermission(random);
          await root.auth.roleGrantPermission({
            name: role,
            perm: { permType: p.type === 'readwrite' ? 'Readwrite' : p.type === 'read' ? 'Read' : 'Write', key: p.key, range_end: p.rangeEnd },
          });
        }
        await root.auth.userGrantRole({ user, role });
      }
      const view = await readAccess(root);
      assert.strictEqual(view.kind, 'full');
      const roles = new Map<string, Role>(view.kind === 'full' ? view.roles.map(r => [r.name, r]) : []);
      const me = view.kind === 'full' ? view.users.find(u => u.name === user)! : undefined;
      assert.deepStrictEqual(me?.roles, roleNames);
      const etcd = createEtcd3(resolveConnection({ endpoints: cluster.endpoints, username: user, password: USER_PW }, {}));
      try {
        if (round === 0) {
          // A user without the root role lists no users or roles: the view says why and what it may read of itself.
          const limited = await readAccess(etcd, user);
          assert.strictEqual(limited.kind, 'limited');
          assert.strictEqual(limited.kind === 'limited' && limited.reason, 'needs the root role');
          // Its own roles where the release lets a user read itself (every release tested here does).
          assert.deepStrictEqual(limited.kind === 'limited' && limited.self?.roles, roleNames);
          assert.deepStrictEqual(limited.kind === 'limited' && limited.selfRoles?.map(r => r.name), roleNames);
        }
        for (let i = 0; i < 50; i++) {
          const request = randomRequest(random);
          for (const op of ['read', 'write'] as const) {
            const predicted = decide(me, roles, request, op).allowed;
            const actual = await etcdAllows(etcd, request, op);
            allowedSeen += actual ? 1 : 0;
            if (predicted !== actual) {
              const perms = roleNames.flatMap(r => roles.get(r)!.permissions.map(describePermission));
              mismatches.push(`${op} ${show(request)}: etcd ${actual}, decide ${predicted}; perms ${perms.join('; ')}`);
            }
          }
          checked++;
        }
      } finally {
        etcd.close();
      }
    }
    assert.strictEqual(checked, 300);
    assert.deepStrictEqual(mismatches, []);
    // Both answers occur often enough for the comparison to mean something.
    assert.ok(allowedSeen > 60 && allowedSeen < 540, `allowed ${allowedSeen} of 600`);
  });
});

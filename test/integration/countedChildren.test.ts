import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { listChildrenCounted, successors } from '../../src/core/keys/countedChildren';
import { listChildren } from '../../src/core/keys/listChildren';
import { useEtcd } from '../support/etcdFixture';
import { seedKeys } from '../support/seed';
import { seededRandom } from '../support/seededRandom';

/** Awkward child names: prefixes of each other, bytes below and above "/", gaps in numbering, non-ASCII, empty segments. */
const NAMES = [
  'a',
  'a-b',
  'a0',
  'a.c',
  'a\x01',
  'é',
  'tenant-1',
  'tenant-2',
  'tenant-10',
  'tenant-100',
  'tenant-13-old',
  'tenant-13',
  'tenant-09',
  'tenant-08',
  'tenant-07',
  'x-99',
  'x-100',
  '',
  'z',
];

describe('listing by counting: exact against a full read (real etcd)', function () {
  this.timeout(120_000);
  const cluster = useEtcd();
  let etcd: ReturnType<typeof createEtcd3>;
  before(() => (etcd = createEtcd3(resolveConnection({ endpoints: cluster().endpoints }, {}))));
  after(() => etcd.close());
  afterEach(() => etcd.delete().prefix('/ztap/'));

  const same = async (prefix: string) => {
    const counted = await listChildrenCounted(etcd, prefix);
    const read = await listChildren(etcd, prefix);
    assert.deepStrictEqual(
      counted.children.map(c => [c.name, c.keys, c.isKey, c.isFolder, c.meta?.modRevision]),
      read.children.map(c => [c.name, c.keys, c.isKey, c.isFolder, c.meta?.modRevision]),
    );
    return counted;
  };

  it('numbered successors keep their width and roll over', () => {
    assert.deepStrictEqual(successors(Buffer.from('tenant-08'), 3).map(String), ['tenant-09', 'tenant-10', 'tenant-11']);
    assert.deepStrictEqual(successors(Buffer.from('n9'), 2).map(String), ['n10', 'n11']);
    assert.deepStrictEqual(successors(Buffer.from('plain'), 3), []);
  });

  it('50 numbered folders of 4,000 keys are listed by counting, reading no key', async () => {
    await seedKeys(
      etcd,
      Array.from({ length: 200_000 }, (_, i): [string, string] => [`/ztap/s/tenant-${String(i % 50).padStart(2, '0')}/p${i}`, 'v']),
    );
    const counted = await same('/ztap/s/');
    assert.strictEqual(counted.scannedKeys, 0);
    assert.strictEqual(counted.children.length, 50);
  });

  it('randomised awkward names (keys, folders, both, gaps in numbering) list exactly as a full read, 30 rounds', async () => {
    const rand = seededRandom(12345);
    for (let round = 0; round < 30; round++) {
      const entries: Array<[string, string]> = [];
      const picked = NAMES.filter(() => rand(3) > 0);
      for (const name of picked) {
        if (rand(2)) {
          entries.push([`/ztap/r/${name}`, 'own key']);
        }
        for (let k = rand(4); k > 0; k--) {
          entries.push([`/ztap/r/${name}/${rand(3) ? `k${rand(50)}` : `d/${rand(9)}`}`, 'sub']);
        }
      }
      // Numbered runs with holes, and a name that is not UTF-8.
      for (let i = 0; i < 60; i++) {
        if (rand(4)) {
          entries.push([`/ztap/r/n-${String(i).padStart(3, '0')}/${rand(5)}`, 'n']);
        }
      }
      // One write per key: a transaction may not put a key twice.
      await seedKeys(etcd, new Map(entries));
      await etcd.kv.put({ key: Buffer.concat([Buffer.from('/ztap/r/'), Buffer.from([0xff, 0x01]), Buffer.from('/x')]), value: Buffer.from('bin') });
      await same('/ztap/r/');
      await etcd.delete().prefix('/ztap/r/');
    }
  });

  it('an empty folder and a folder of one key', async () => {
    assert.deepStrictEqual((await listChildrenCounted(etcd, '/ztap/none/')).children, []);
    await etcd.put('/ztap/one/k').value('v');
    await same('/ztap/one/');
  });
});

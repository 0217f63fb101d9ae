import * as assert from 'assert';
import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { filterKeys } from '../../src/core/keys/keyFilter';
import { useEtcd } from '../support/etcdFixture';

describe('Filter Keys: the keys under a folder whose name or value contains a text (real etcd)', function () {
  this.timeout(60_000);
  const etcd = useEtcd();
  let client: ReturnType<typeof createEtcd3>;
  before(async () => {
    client = createEtcd3(resolveConnection({ endpoints: etcd().endpoints }, {}));
    await client.put('/ztap/f/tenant-a/web').value('{"port":80}');
    await client.put('/ztap/f/tenant-b/db').value('{"image":"postgres"}');
    await client.put('/ztap/f/Web-front').value('x');
    await client.put('/ztap/fx/web').value('outside the folder');
  });
  // The etcd and its data go with the suite.
  after(() => client.close());

  it('matches names below the folder in any case, with the folders on the way; values on request', async () => {
    const names = await filterKeys(client, '/ztap/f/', 'WEB');
    assert.deepStrictEqual([...names.matches].sort(), ['/ztap/f/Web-front', '/ztap/f/tenant-a/web']);
    assert.deepStrictEqual([...names.folders], ['/ztap/f/tenant-a/']);
    assert.strictEqual(names.scanned, 3);
    assert.strictEqual(names.partial, false);
    assert.ok(BigInt(names.revision) > 0n);
    // "tenant" is in every key's name below the folder but one; "postgres" only in a value.
    assert.deepStrictEqual([...(await filterKeys(client, '/ztap/f/', 'postgres')).matches], []);
    assert.deepStrictEqual([...(await filterKeys(client, '/ztap/f/', 'postgres', { values: true })).matches], ['/ztap/f/tenant-b/db']);
  });

  it('reports progress page by page and stops at Cancel with what it found so far', async () => {
    const seen: number[] = [];
    const stopped = await filterKeys(client, '/ztap/f/', 'e', { values: true, onProgress: scanned => seen.push(scanned), cancelled: () => true });
    assert.strictEqual(stopped.partial, true);
    assert.deepStrictEqual(seen, [3]);
  });
});

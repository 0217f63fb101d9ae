import * as assert from 'assert';
import type { Etcd3 } from 'etcd3';
import type { ConnectionService } from '../../src/extension/connections/connectionService';
import type { Dialogs } from '../../src/extension/dialogs';
import type { Log } from '../../src/extension/log';
import { WritePolicy } from '../../src/extension/writePolicy';

/** A policy over a connection that is read-only (a reason), asks (a target) or neither, and a user who answers `yes`. */
function policy(connection: { readOnly?: string; target?: string }, yes: boolean) {
  const asked: string[] = [];
  const logged: string[] = [];
  const client = {} as Etcd3;
  const writes = new WritePolicy(
    {
      readOnlyReason: () => connection.readOnly,
      writeConfirmationTarget: () => connection.target,
      requireSession: () => ({ client }),
    } as unknown as ConnectionService,
    { info: (line: string) => logged.push(line) } as unknown as Log,
    { confirm: async (message: string, detail: string, action: string) => (asked.push(`${message} ${detail} [${action}]`), yes) } as unknown as Dialogs,
  );
  return { writes, asked, logged, client };
}

describe('the write policy', () => {
  it('refuses on a read-only connection, saying why, before asking anything or writing', async () => {
    const { writes, asked, logged } = policy({ readOnly: 'the connection "prod" is read-only' }, true);
    let wrote = false;
    await assert.rejects(
      writes.run(
        'delete /ztap/x',
        async () => (wrote = true),
        () => 'deleted',
      ),
      /^Error: Cannot delete \/ztap\/x: the connection "prod" is read-only\.$/,
    );
    assert.deepStrictEqual([asked, logged, wrote], [[], [], false]);
  });

  it('asks on an off-machine connection, naming the cluster, and writes nothing when declined', async () => {
    const { writes, asked, logged } = policy({ target: '"staging" (https://10.0.0.5:2379)' }, false);
    let wrote = false;
    assert.strictEqual(
      await writes.run(
        'save /ztap/x',
        async () => (wrote = true),
        () => 'saved',
      ),
      undefined,
    );
    assert.deepStrictEqual(asked, ['ZTAP: save /ztap/x on the cluster "staging" (https://10.0.0.5:2379)? It is not on this machine. [Yes, write]']);
    assert.deepStrictEqual([logged, wrote], [[], false]);
  });

  it('writes on the session client and logs what the work says it wrote, asking nothing on this machine', async () => {
    const { writes, asked, logged, client } = policy({}, false);
    assert.strictEqual(
      await writes.run(
        'put /ztap/x',
        async etcd => (assert.strictEqual(etcd, client), 42),
        rev => `put /ztap/x at revision ${rev}`,
      ),
      42,
    );
    assert.deepStrictEqual([asked, logged], [[], ['Write: put /ztap/x at revision 42']]);
  });
});

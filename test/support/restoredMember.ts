import { spawn } from 'child_process';
import { join } from 'path';
import { waitHealthy } from '../../src/core/local/etcdProcess';
import { freePort } from '../../src/core/local/freePort';
import { killAndWait } from '../../src/core/local/killAndWait';
import { snapshotTool } from './etcdctl';

/**
 * `snapshot restore` of `file` (etcdutl from 3.5, etcdctl in 3.4) into `<dir>/restored`, and one etcd member
 * serving it on free loopback ports: what etcd itself makes of the file.
 */
export async function startRestoredMember(file: string, dir: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const peer = `http://127.0.0.1:${await freePort()}`;
  const client = `http://127.0.0.1:${await freePort()}`;
  const data = join(dir, 'restored');
  await snapshotTool(['restore', file, '--data-dir', data, '--name', 'r1', '--initial-cluster', `r1=${peer}`, '--initial-advertise-peer-urls', peer]);
  const member = spawn(
    'etcd',
    [
      '--name',
      'r1',
      '--data-dir',
      data,
      '--listen-client-urls',
      client,
      '--advertise-client-urls',
      client,
      '--listen-peer-urls',
      peer,
      '--initial-advertise-peer-urls',
      peer,
      '--initial-cluster',
      `r1=${peer}`,
    ],
    { stdio: 'ignore' },
  );
  try {
    await waitHealthy(client, 30_000);
  } catch (err) {
    await killAndWait(member);
    throw err;
  }
  return { endpoint: client, stop: () => killAndWait(member) };
}

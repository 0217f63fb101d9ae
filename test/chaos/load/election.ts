import { ChildProcess, spawn } from 'child_process';
import type { Etcd3 } from 'etcd3';
import { ElectionParticipant } from '../../../src/core/election/participant';
import { killAndWait } from '../../../src/core/local/killAndWait';
import { seededRandom } from '../../support/seededRandom';
import type { Belief, Participant } from '../records';
import { clientOf, sleep } from './client';

export const ELECTION_KEY = '/ztap/election';
const TTL_SECONDS = 5;

/**
 * Three of the project's participants (each through one member's client endpoint, so a
 * fault on that member cuts it off) and one `etcdctl elect` (every endpoint), in ZTAP's
 * election: campaigning, leading, resigning, leaving and rejoining at random, each
 * recording what it believed, when, and the revision it judged by.
 */
export class ElectionLoad {
  readonly beliefs: Belief[] = [];
  readonly participants: Participant[] = [];
  private readonly random: (n: number) => number;
  private generation = 0;

  constructor(
    private readonly clientUrls: readonly string[],
    seed: number,
  ) {
    this.random = seededRandom(seed ^ 0x5eed);
  }

  async run(running: () => boolean): Promise<void> {
    await Promise.all([...this.clientUrls.map((url, member) => this.ours(member, url, running)), this.etcdctl(running)]);
  }

  private async ours(member: number, url: string, running: () => boolean): Promise<void> {
    while (running()) {
      const name = `chaos-${member + 1}-${++this.generation}`;
      this.participants.push({ name, kind: 'ours', member, ttlMs: TTL_SECONDS * 1000 });
      const etcd: Etcd3 = clientOf([url]);
      const p = new ElectionParticipant(
        etcd,
        { nodeId: name, address: `127.0.0.1:${7000 + member}`, ttlSeconds: TTL_SECONDS, heartbeatMs: 1000, electionTimeoutMs: 3000 },
        { electionKey: ELECTION_KEY, keyPrefix: '/ztap' },
      );
      p.onEvent(e =>
        this.beliefs.push({
          participant: name,
          kind: e.event,
          at: Date.now(),
          key: e.key,
          revision: e.revision === undefined ? undefined : BigInt(e.revision),
          leader: e.leader,
        }),
      );
      p.start();
      // Lives 10-40 s, resigning now and then, then leaves and a new one joins.
      const lifeEnds = Date.now() + 10_000 + this.random(30_000);
      while (running() && Date.now() < lifeEnds) {
        await sleep(2000 + this.random(8000));
        if (this.random(3) === 0) {
          p.resign();
        }
      }
      await p.stop().catch(() => undefined);
      this.beliefs.push({ participant: name, kind: 'exited', at: Date.now(), key: '' });
      etcd.close();
      await sleep(1000);
    }
  }

  private async etcdctl(running: () => boolean): Promise<void> {
    while (running()) {
      const name = `etcdctl-${++this.generation}`;
      this.participants.push({ name, kind: 'etcdctl', ttlMs: 60_000 });
      const child: ChildProcess = spawn('etcdctl', [`--endpoints=${this.clientUrls.join(',')}`, 'elect', ELECTION_KEY, name], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.once('data', () => this.beliefs.push({ participant: name, kind: 'leader', at: Date.now(), key: name }));
      const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
      const lifeEnds = Date.now() + 15_000 + this.random(25_000);
      while (running() && Date.now() < lifeEnds && child.exitCode === null) {
        await sleep(500);
      }
      // SIGINT: etcdctl resigns before it exits.
      await killAndWait(child, 'SIGINT');
      await exited;
      this.beliefs.push({ participant: name, kind: 'exited', at: Date.now(), key: name });
      await sleep(1000);
    }
  }
}

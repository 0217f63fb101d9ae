import { execFileSync } from 'child_process';
import { chmodSync, copyFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import { LocalEtcdCluster, LocalMember } from '../../src/core/local/etcdProcess';
import { FaultProxy } from './faultProxy';

/** The members run as these user ids (1 + index added), so nftables can tell their connections apart. */
const FIRST_UID = 61001;
const TABLE = 'ztap_chaos';

const portOf = (url: string) => Number(new URL(url).port);

/**
 * A 3-member etcd cluster whose every link passes a FaultProxy: one per ordered pair of
 * members (i's peer traffic to j) and one per member for the clients. Members listen
 * and advertise their real loopback ports; an nftables rule in the run's own network
 * namespace redirects each member's outgoing peer connections (told apart by the
 * user id the member runs as) to the proxy of that pair. So a partition cuts exactly
 * the links it names, both ways, and a slow link slows exactly those, while etcd sees
 * its usual URLs. Clients of the load connect through `clientUrls`.
 */
export class ChaosCluster {
  private constructor(
    readonly etcd: LocalEtcdCluster,
    /** [from][to]: member `from`'s peer traffic to member `to` (undefined on the diagonal). */
    readonly peerLinks: Array<Array<FaultProxy | undefined>>,
    readonly clientLinks: FaultProxy[],
  ) {}

  static async start(workDir: string, etcdPath: string, members = 3): Promise<ChaosCluster> {
    // The members run as other users: they need a binary and folders they may reach.
    const bin = join(workDir, 'bin');
    mkdirSync(bin, { recursive: true, mode: 0o755 });
    chmodSync(workDir, 0o755);
    const etcdCopy = join(bin, 'etcd');
    copyFileSync(etcdPath, etcdCopy);
    chmodSync(etcdCopy, 0o755);
    const peerLinks: Array<Array<FaultProxy | undefined>> = [];
    const clientLinks: FaultProxy[] = [];
    const stopProxies = async () => {
      await Promise.all(allOf(peerLinks, clientLinks).map(p => p.stop()));
      peerLinks.length = 0;
      clientLinks.length = 0;
    };
    const route = async (chosen: readonly LocalMember[]) => {
      await stopProxies();
      for (let from = 0; from < chosen.length; from++) {
        const row: Array<FaultProxy | undefined> = [];
        for (const [to, m] of chosen.entries()) {
          row.push(to === from ? undefined : await FaultProxy.start(portOf(m.peerUrl)));
        }
        peerLinks.push(row);
      }
      for (const m of chosen) {
        clientLinks.push(await FaultProxy.start(portOf(m.clientUrl)));
      }
      const rules = peerLinks.flatMap((row, from) =>
        row.flatMap((proxy, to) => (proxy ? [`meta skuid ${FIRST_UID + from} tcp dport ${portOf(chosen[to].peerUrl)} redirect to :${proxy.port}`] : [])),
      );
      nft(`table ip ${TABLE} {\n chain out {\n  type nat hook output priority -100;\n${rules.map(r => `  ${r}\n`).join('')} }\n}\n`);
    };
    try {
      const etcd = await LocalEtcdCluster.start({
        members,
        etcdPath: etcdCopy,
        dataRoot: join(workDir, 'data'),
        uidOf: i => FIRST_UID + i,
        beforeStart: route,
        // Snappier elections than etcd's defaults keep a 5-minute run eventful.
        extraArgs: ['--heartbeat-interval', '100', '--election-timeout', '1000'],
      });
      return new ChaosCluster(etcd, peerLinks, clientLinks);
    } catch (err) {
      await stopProxies();
      throw err;
    }
  }

  /** Through the client proxies: what the load uses. */
  get clientUrls(): string[] {
    return this.clientLinks.map(p => `http://127.0.0.1:${p.port}`);
  }

  /** The members' own client URLs: for the checker's reads, which no fault cuts. */
  get directUrls(): string[] {
    return this.etcd.endpoints;
  }

  /** Every link `member` has: its peer links both ways and its clients' link. */
  linksOf(member: number): FaultProxy[] {
    const peers = this.peerLinks.flatMap((row, from) => row.filter((p, to) => p && (from === member || to === member)) as FaultProxy[]);
    return [...peers, this.clientLinks[member]];
  }

  /** Its peer links both ways only. */
  peerLinksOf(member: number): FaultProxy[] {
    return this.linksOf(member).filter(p => p !== this.clientLinks[member]);
  }

  async stop(): Promise<void> {
    for (const m of this.etcd.members) {
      // A frozen member cannot exit on SIGTERM.
      if (m.process?.pid) {
        try {
          process.kill(m.process.pid, 'SIGCONT');
        } catch {
          // gone already
        }
      }
    }
    await this.etcd.stop();
    await Promise.all(allOf(this.peerLinks, this.clientLinks).map(p => p.stop()));
    try {
      nft(`delete table ip ${TABLE}\n`);
    } catch {
      // never made
    }
  }
}

function allOf(peerLinks: Array<Array<FaultProxy | undefined>>, clientLinks: FaultProxy[]): FaultProxy[] {
  return [...peerLinks.flat(), ...clientLinks].filter((p): p is FaultProxy => p !== undefined);
}

function nft(script: string): void {
  // Replacing the table whole: a retried start (new ports) leaves no old rule behind.
  try {
    execFileSync('nft', ['-f', '-'], { input: `delete table ip ${TABLE}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    // not there yet
  }
  if (!script.startsWith('delete')) {
    execFileSync('nft', ['-f', '-'], { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
  }
}

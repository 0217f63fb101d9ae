import { createEtcd3 } from '../../src/core/client/etcdClient';
import { resolveConnection } from '../../src/core/config/connectionConfig';
import { clientOf } from './load/client';
import type { ChaosCluster } from './chaosCluster';
import type { FaultProxy } from './faultProxy';
import type { AppliedFault } from './records';
import type { PlannedFault } from './schedule';

/**
 * Applies the schedule's faults, overlapping as drawn: a link stays cut while any fault
 * cuts it and takes the largest delay of those slowing it; a member frozen or killed
 * is not frozen or killed again meanwhile (the fault goes to another member, or is
 * left out). `healAll` ends every fault at once, for the end of the run and Ctrl-C.
 */
export class FaultInjector {
  readonly applied: AppliedFault[] = [];
  private readonly cuts = new Map<FaultProxy, number>();
  private readonly delays = new Map<FaultProxy, number[]>();
  private readonly down = new Set<number>();
  private readonly heals = new Set<() => Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Set on Ctrl-C: a killed member is not started again (the members are going). */
  abandoned = false;

  constructor(
    private readonly cluster: ChaosCluster,
    /** The highest revision a compaction may take away (what the checker has read). */
    private readonly compactable: () => bigint,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts each fault at its time from now. */
  run(schedule: readonly PlannedFault[], startedAt: number): void {
    for (const f of schedule) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.apply(f).catch(err => this.log(`fault ${f.kind} not applied: ${(err as Error).message}`));
        },
        Math.max(0, startedAt + f.atMs - Date.now()),
      );
      this.timers.add(timer);
    }
  }

  private async apply(f: PlannedFault): Promise<void> {
    const at = Date.now();
    const until = at + f.durationMs;
    const record = (members: number[], detail: string) => {
      this.applied.push({ kind: f.kind, at, until, members, detail });
      this.log(`${new Date(at).toISOString()} ${detail}${f.durationMs ? ` for ${f.durationMs} ms` : ''}`);
    };
    const name = (m: number) => this.cluster.etcd.members[m].name;
    switch (f.kind) {
      case 'partition':
      case 'partition-leader': {
        const member = f.kind === 'partition' ? f.member : await this.raftLeader();
        if (member === undefined) {
          return;
        }
        record([member], `${f.kind === 'partition' ? 'member' : 'raft leader'} ${name(member)} cut off from the other members`);
        this.hold(f.durationMs, this.links(this.cluster.peerLinksOf(member), { cut: true }));
        return;
      }
      case 'clients-cut':
        record([f.member], `member ${name(f.member)} cut off from its clients`);
        this.hold(f.durationMs, this.links([this.cluster.clientLinks[f.member]], { cut: true }));
        return;
      case 'slow':
        record([f.member], `member ${name(f.member)}'s links slowed by ${f.delayMs} ms each way`);
        this.hold(f.durationMs, this.links(this.cluster.linksOf(f.member), { delayMs: f.delayMs }));
        return;
      case 'freeze':
      case 'kill': {
        const member = this.pickUp(f.member);
        if (member === undefined) {
          return;
        }
        const pid = this.cluster.etcd.members[member].process?.pid;
        if (pid === undefined) {
          return;
        }
        this.down.add(member);
        if (f.kind === 'freeze') {
          record([member], `member ${name(member)} frozen (SIGSTOP)`);
          process.kill(pid, 'SIGSTOP');
          this.hold(f.durationMs, async () => {
            try {
              process.kill(pid, 'SIGCONT');
            } finally {
              this.down.delete(member);
            }
          });
        } else {
          record([member], `member ${name(member)} killed (SIGKILL), restarted after`);
          await this.cluster.etcd.stopMember(member, 'SIGKILL');
          this.hold(f.durationMs, () => this.restart(member));
        }
        return;
      }
      case 'compact': {
        const revision = this.compactable();
        if (revision < 2n) {
          return;
        }
        record([], `compaction at revision ${revision}`);
        const etcd = clientOf(this.cluster.directUrls);
        try {
          await etcd.kv.compact({ revision: revision.toString() });
        } catch (err) {
          this.log(`compaction at ${revision}: ${(err as Error).message}`);
        } finally {
          etcd.close();
        }
        return;
      }
    }
  }

  /** The member asked for, or another one that is up; none when all are down. */
  private pickUp(member: number): number | undefined {
    const count = this.cluster.etcd.members.length;
    for (let k = 0; k < count; k++) {
      const m = (member + k) % count;
      if (!this.down.has(m)) {
        return m;
      }
    }
    return undefined;
  }

  private async restart(member: number): Promise<void> {
    // Another fault may keep it from becoming healthy (cut off): it is started again until it serves.
    for (let attempt = 1; !this.abandoned; attempt++) {
      try {
        await this.cluster.etcd.startMember(member);
        this.down.delete(member);
        return;
      } catch (err) {
        this.log(`restart of ${this.cluster.etcd.members[member].name} (attempt ${attempt}): ${(err as Error).message.split('\n')[0]}`);
        await this.cluster.etcd.stopMember(member, 'SIGKILL');
        if (attempt >= 20) {
          throw err;
        }
      }
    }
  }

  /**
   * The member that answers as raft leader, asked one by one on its own port: not the
   * Members view's loadMembers, whose member list waits on whichever member it asks,
   * frozen ones included, and so found no leader while another fault froze a member.
   */
  private async raftLeader(): Promise<number | undefined> {
    const members = this.cluster.etcd.members;
    for (let i = 0; i < members.length; i++) {
      const single = createEtcd3(resolveConnection({ endpoints: [members[i].clientUrl], requestTimeoutMs: 2000 }, {}));
      try {
        const s = await single.maintenance.status();
        if (s.leader === s.header.member_id) {
          return i;
        }
      } catch {
        // frozen, down or cut off: not the one answering as leader
      } finally {
        single.close();
      }
    }
    return undefined;
  }

  /** Applies a link change and returns what undoes it. */
  private links(proxies: FaultProxy[], change: { cut?: boolean; delayMs?: number }): () => Promise<void> {
    for (const p of proxies) {
      if (change.cut) {
        this.cuts.set(p, (this.cuts.get(p) ?? 0) + 1);
      }
      if (change.delayMs) {
        this.delays.set(p, [...(this.delays.get(p) ?? []), change.delayMs]);
      }
      this.update(p);
    }
    return async () => {
      for (const p of proxies) {
        if (change.cut) {
          this.cuts.set(p, (this.cuts.get(p) ?? 1) - 1);
        }
        if (change.delayMs) {
          const list = this.delays.get(p) ?? [];
          list.splice(list.indexOf(change.delayMs), 1);
        }
        this.update(p);
      }
    };
  }

  private update(p: FaultProxy): void {
    p.set({ cut: (this.cuts.get(p) ?? 0) > 0, delayMs: Math.max(0, ...(this.delays.get(p) ?? [])) });
  }

  /** Undoes `heal` after `ms`, or at healAll. */
  private hold(ms: number, heal: () => Promise<void>): void {
    const once = async () => {
      if (this.heals.delete(once)) {
        await heal();
      }
    };
    this.heals.add(once);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      once().catch(err => this.log(`heal failed: ${(err as Error).message}`));
    }, ms);
    this.timers.add(timer);
  }

  /** Ends every fault now: links whole, members resumed and restarted. */
  async healAll(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    await Promise.all([...this.heals].map(h => h()));
  }
}

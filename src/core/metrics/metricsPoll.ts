import type { TlsFiles } from '../config/connectionConfig';
import { PollListeners } from '../poll/listeners';
import { metricsPoint, MetricsPoint, keepCharted, serverIdOf } from './metricsPoint';
import { readMetrics } from './metricsReader';
import { MetricsWarning, metricsWarnings, Scrape, WINDOW_MS } from './metricsWarnings';

/** A Prometheus endpoint to read: a member's client URL, or a configured metrics URL (its member known once read). */
export interface MetricsTarget {
  url: string;
  memberId?: string;
}

/** Where the poll reads, and the members' names by hex ID to label what it read. */
export interface MetricsTargets {
  targets: MetricsTarget[];
  names: ReadonlyMap<string, string>;
}

/** One member's metrics: its last 15 minutes of points, its warnings, or why it was not read this time. */
export interface MemberMetrics {
  url: string;
  memberId: string | undefined;
  name: string;
  /** Why the last read failed (one line); undefined when it succeeded. */
  error?: string;
  warnings: MetricsWarning[];
  points: MetricsPoint[];
}

export interface MetricsPollOptions {
  everyMs: number;
  timeoutMs: number;
  tls?: TlsFiles;
  /** The cluster's leases alive, charted beside the members' metrics. */
  leases?: () => Promise<number>;
}

type Listener = (members: readonly MemberMetrics[]) => void;

interface Kept extends MemberMetrics {
  scrapes: Scrape[];
}

/**
 * Reads every member's /metrics every `everyMs` while anyone listens, and keeps each
 * member's last 15 minutes (the window etcd's monitoring mixin judges over): the
 * charted samples of each scrape, a point for the charts, and the warnings. A member
 * that cannot be read keeps its history and says why; it is tried again next time.
 */
export class MetricsPoll {
  private readonly listeners: PollListeners<readonly MemberMetrics[]>;
  private readonly kept = new Map<string, Kept>();
  private inFlight: Promise<readonly MemberMetrics[]> | undefined;

  constructor(
    private readonly load: () => Promise<MetricsTargets>,
    private readonly options: MetricsPollOptions,
  ) {
    this.listeners = new PollListeners(() => void this.refresh().catch(() => undefined), options.everyMs, true);
  }

  /** What is known now, every member's history included. */
  get members(): readonly MemberMetrics[] {
    return [...this.kept.values()].map(({ scrapes: _scrapes, ...m }) => m);
  }

  /** Calls `listener` after every round from now on; polling runs while anyone listens, the first round at once. */
  subscribe(listener: Listener): { dispose(): void } {
    return this.listeners.subscribe(listener);
  }

  /** One round now (joining one in flight); every listener hears it. */
  refresh(): Promise<readonly MemberMetrics[]> {
    this.inFlight ??= this.round().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  dispose(): void {
    this.listeners.stop();
  }

  private async round(): Promise<readonly MemberMetrics[]> {
    const { targets, names } = await this.load();
    const leases = this.options.leases ? this.options.leases().catch(() => null) : Promise.resolve(null);
    const reads = await Promise.all(
      targets.map(t =>
        readMetrics(t.url, this.options.timeoutMs, this.options.tls).then(
          samples => ({ target: t, samples: keepCharted(samples), error: undefined }),
          (err: Error) => ({ target: t, samples: undefined, error: err.message }),
        ),
      ),
    );
    const leaseCount = await leases;
    const at = Date.now();
    const urls = new Set(targets.map(t => t.url));
    for (const url of [...this.kept.keys()].filter(u => !urls.has(u))) {
      this.kept.delete(url); // a member removed, or the URLs changed
    }
    for (const { target, samples, error } of reads) {
      const memberId = (samples && serverIdOf(samples)) ?? target.memberId;
      const entry: Kept = this.kept.get(target.url) ?? { url: target.url, memberId, name: '', warnings: [], points: [], scrapes: [] };
      entry.memberId = memberId ?? entry.memberId;
      entry.name = (entry.memberId && names.get(entry.memberId)) || entry.memberId || target.url;
      entry.error = error;
      if (samples) {
        const scrape = { at, samples };
        const since = at - WINDOW_MS;
        entry.scrapes = entry.scrapes.filter(s => s.at >= since);
        entry.points = entry.points.filter(p => p.at >= since);
        entry.points.push({ ...metricsPoint(entry.scrapes, scrape, WINDOW_MS), leases: leaseCount });
        entry.scrapes.push(scrape);
        entry.warnings = metricsWarnings(entry.scrapes);
      }
      this.kept.set(target.url, entry);
    }
    const members = this.members;
    this.listeners.fire(members);
    return members;
  }
}

/**
 * Where to read each member's metrics: the configured metrics URLs (etcd's
 * `--listen-metrics-urls`) when there are any, otherwise each started member's first
 * client URL.
 */
export function metricsTargets(
  metricsUrls: readonly string[],
  members: ReadonlyArray<{ id: string; name: string; clientURLs: readonly string[] }>,
): MetricsTargets {
  const names = new Map(members.map(m => [m.id, m.name || m.id]));
  const targets = metricsUrls.length
    ? metricsUrls.map(url => ({ url }))
    : members.filter(m => m.clientURLs.length > 0).map(m => ({ url: m.clientURLs[0], memberId: m.id }));
  return { targets, names };
}

/** Every member's metrics warnings, worst first, each named by its member: for the connection row and the status bar. */
export function warningLines(members: readonly MemberMetrics[]): Array<{ severity: MetricsWarning['severity']; text: string }> {
  return members
    .flatMap(m => m.warnings.map(w => ({ severity: w.severity, text: `${m.name}: ${w.message}` })))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
}

import type { Scrape } from './metricsWarnings';
import { total } from './prometheusText';

/**
 * A counter's increase over scrapes (oldest first), as Prometheus' `increase()` counts
 * it: a value lower than the one before is a restart of the member, and counts from 0.
 * Undefined when no scrape has the counter.
 */
export function increase(scrapes: readonly Scrape[], name: string): number | undefined {
  let sum: number | undefined;
  let before: number | undefined;
  for (const scrape of scrapes) {
    const value = total(scrape.samples, name);
    if (value === undefined) {
      continue;
    }
    if (before !== undefined) {
      sum = (sum ?? 0) + (value >= before ? value - before : value);
    } else {
      sum = 0;
    }
    before = value;
  }
  return sum;
}

/**
 * The leader changes a member saw in the scrapes' window: their increase and, when the
 * member started within the window, every change since it started (the first leader it
 * found excepted), so that one scrape of a member restarted minutes ago already tells
 * of the churn (`diagnose` reads once). The larger of the two.
 */
export function leaderChangesIn(scrapes: readonly Scrape[], windowMs: number): number | undefined {
  const seen = increase(scrapes, 'etcd_server_leader_changes_seen_total');
  const latest = scrapes[scrapes.length - 1];
  if (!latest) {
    return undefined;
  }
  const started = total(latest.samples, 'process_start_time_seconds');
  const sinceStart = total(latest.samples, 'etcd_server_leader_changes_seen_total');
  if (started !== undefined && sinceStart !== undefined && latest.at - started * 1000 <= windowMs) {
    return Math.max(seen ?? 0, sinceStart - 1);
  }
  return scrapes.length > 1 ? seen : undefined;
}

import { samplesOf, Sample } from './prometheusText';

/**
 * The `q` quantile (0.99: p99) of a Prometheus histogram over the window between two
 * scrapes: from its buckets' deltas (`{name}_bucket`, cumulative by `le`), not its totals
 * since etcd started, interpolated within the bucket as Prometheus' histogram_quantile
 * does. Undefined when nothing was observed in the window (or the counters were reset).
 */
export function windowQuantile(q: number, name: string, before: readonly Sample[], after: readonly Sample[]): number | undefined {
  const buckets = (samples: readonly Sample[]) => {
    const byBound = new Map<number, number>();
    for (const s of samplesOf(samples, `${name}_bucket`)) {
      const bound = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
    }
    return byBound;
  };
  const old = buckets(before);
  const now = buckets(after);
  const bounds = [...now.keys()].sort((a, b) => a - b);
  const counts = bounds.map(b => now.get(b)! - (old.get(b) ?? 0));
  const count = counts[counts.length - 1];
  if (bounds.length === 0 || bounds[bounds.length - 1] !== Infinity || !(count > 0) || counts.some(c => c < 0)) {
    return undefined;
  }
  const rank = q * count;
  const i = counts.findIndex(c => c >= rank);
  if (bounds[i] === Infinity) {
    // Above the highest finite bound: that bound is the most that can be said.
    return bounds[bounds.length - 2];
  }
  const lower = i === 0 ? 0 : bounds[i - 1];
  const below = i === 0 ? 0 : counts[i - 1];
  const inBucket = counts[i] - below;
  return inBucket === 0 ? bounds[i] : lower + (bounds[i] - lower) * ((rank - below) / inBucket);
}

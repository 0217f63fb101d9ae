// The dashboard's Metrics section: a small chart per metric over the last 15 minutes,
// a line per member, etcd's alert threshold dashed where the values come near it.
import { CHARTS, ChartSpec, MemberMetricsView } from '../dashboardState';
import { bytes, el, svg } from './dom';

const WINDOW_MS = 15 * 60_000;
const W = 300;
const H = 90;
const PLOT = { left: 2, top: 4, width: 296, height: 80 };

/** A round's members on top of what the page has: new points appended, the window kept, members gone dropped. */
export function mergeMetrics(old: readonly MemberMetricsView[], round: readonly MemberMetricsView[]): MemberMetricsView[] {
  const since = Date.now() - WINDOW_MS;
  return round.map(m => {
    const before = old.find(o => o.url === m.url)?.points ?? [];
    const last = before.length ? before[before.length - 1].at : 0;
    return { ...m, points: [...before, ...m.points.filter(p => p.at > last)].filter(p => p.at >= since) };
  });
}

function format(value: number | null | undefined, unit: ChartSpec['unit']): string {
  if (value === null || value === undefined) {
    return '—';
  }
  switch (unit) {
    case 'seconds':
      return value < 1 ? `${(value * 1000).toFixed(value < 0.01 ? 2 : 1)} ms` : `${value.toFixed(2)} s`;
    case 'bytes':
      return bytes(value);
    case 'per second':
      return `${value.toFixed(value < 10 ? 1 : 0)}/s`;
    case 'flag':
      return value ? 'yes' : 'no';
    case 'count':
      return String(Math.round(value));
  }
}

export function metricsSection(list: readonly MemberMetricsView[], everySeconds: number): HTMLElement {
  const heading = el('h2', {}, 'Metrics');
  const about = `every member's /metrics every ${everySeconds} s, the last 15 minutes`;
  if (list.length === 0) {
    return el('section', { id: 'metrics' }, heading, el('div', { class: 'muted' }, `Reading ${about}…`));
  }
  const now = Date.now();
  const legend = list.map((m, i) => el('span', { class: `member-key m${i % 5}` }, m.name));
  const charts = CHARTS.filter(spec => list.some(m => m.points.some(p => p[spec.field] !== null))).map(spec => chart(spec, list, now));
  return el('section', { id: 'metrics' }, heading, el('div', { class: 'muted' }, `${about} · `, ...legend), el('div', { class: 'charts' }, ...charts));
}

function chart(spec: ChartSpec, list: readonly MemberMetricsView[], now: number): HTMLElement {
  const values = list.flatMap(m => m.points.map(p => p[spec.field]).filter((v): v is number => v !== null && Number.isFinite(v)));
  const highest = Math.max(0, ...values);
  // The threshold is drawn (and counted in the scale) once the values reach half of it.
  const showThreshold = spec.threshold !== undefined && highest >= spec.threshold / 2;
  const top = spec.unit === 'flag' ? 1 : Math.max(highest, showThreshold ? spec.threshold! : 0) * 1.1 || 1;
  const x = (at: number) => PLOT.left + ((at - (now - WINDOW_MS)) / WINDOW_MS) * PLOT.width;
  const y = (v: number) => PLOT.top + PLOT.height - (Math.min(v, top) / top) * PLOT.height;
  const shapes: SVGElement[] = [svg('line', { x1: PLOT.left, y1: PLOT.top + PLOT.height, x2: W, y2: PLOT.top + PLOT.height, class: 'axis' })];
  if (showThreshold) {
    shapes.push(
      svg(
        'line',
        { x1: PLOT.left, x2: W, y1: y(spec.threshold!), y2: y(spec.threshold!), class: 'threshold' },
        svg('title', {}, document.createTextNode(`etcd's alert threshold: ${format(spec.threshold, spec.unit)}`)),
      ),
    );
  }
  const latest: string[] = [];
  list.forEach((m, i) => {
    // A gap in the reads (a member down, the dashboard closed) is a gap in the line.
    let d = '';
    let before: number | undefined;
    for (const p of m.points) {
      const v = p[spec.field];
      if (v === null || !Number.isFinite(v)) {
        before = undefined;
        continue;
      }
      const gap = before === undefined || p.at - before > 3 * 60_000;
      d += `${gap ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(v).toFixed(1)} `;
      before = p.at;
    }
    const last = m.points.length ? m.points[m.points.length - 1][spec.field] : null;
    latest.push(`${m.name} ${format(last, spec.unit)}`);
    if (d) {
      const tip = () => svg('title', {}, document.createTextNode(`${m.name}: ${format(last, spec.unit)} now`));
      shapes.push(svg('path', { d, class: `line m${i % 5}`, 'data-member': m.name }, tip()));
      // The newest value as a dot: a line of one read has no length to see.
      const newest = [...m.points].reverse().find(p => p[spec.field] !== null && Number.isFinite(p[spec.field]));
      if (newest) {
        shapes.push(svg('circle', { cx: x(newest.at), cy: y(newest[spec.field]!), r: 2.5, class: `dot m${i % 5}` }, tip()));
      }
    }
  });
  return el(
    'div',
    { class: 'chart', 'data-chart': spec.field, title: `${spec.title}: ${latest.join(', ')}` },
    el('div', {}, el('span', { class: 'title' }, spec.title), el('span', { class: 'muted now' }, format(highest, spec.unit) + ' max')),
    svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', height: H }, ...shapes),
  );
}

// The Cluster Dashboard's page: plain DOM and SVG, no library (a few hundred lines
// draw all of it, and the bundle stays small). State arrives from the extension host
// as messages; redraws are batched to one animation frame.
import {
  ACTIVITY_SECONDS,
  ActivitySample,
  DashboardCommand,
  DashboardSnapshot,
  HostMessage,
  MAX_TERMS,
  MemberCard,
  NodeTile,
  SpaceView,
  TermBar,
  WebviewMessage,
} from '../dashboardState';
import { bytes, el, svg } from './dom';
import { mergeMetrics, metricsSection } from './metricsCharts';
import { mergeSpace, spaceSection } from './spaceBars';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

const vscode = acquireVsCodeApi();
let state: DashboardSnapshot | undefined;
let dirty = false;
let slowest = 0;
let scrollToSpace = false;
/** The Space section's measurement. */
let space: SpaceView | undefined;

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'snapshot') {
    state = message.state;
  } else if (message.type === 'space') {
    // Kept apart from the snapshot: it can arrive before the first one, and outlives a new session's.
    space = mergeSpace(space, message.space);
    // A measurement asked for (here or by Show Where the Space Goes) brings the section into view.
    scrollToSpace ||= !!message.space.measuring;
  } else if (message.type === 'metrics') {
    if (state) {
      state.metrics = mergeMetrics(state.metrics, message.members);
    }
  } else if (state) {
    const { activity, terms, type: _type, ...rest } = message;
    Object.assign(state, rest);
    if (terms) {
      state.terms = terms.slice(-MAX_TERMS);
    }
    if (activity) {
      state.activity = [...state.activity, ...activity].filter(s => s.at > Date.now() - ACTIVITY_SECONDS * 1000);
    }
  }
  schedule();
});

function schedule(): void {
  if (!dirty) {
    dirty = true;
    requestAnimationFrame(() => {
      dirty = false;
      const started = performance.now();
      render();
      if (scrollToSpace && state) {
        scrollToSpace = false;
        document.getElementById('space')?.scrollIntoView({ block: 'start' });
      }
      const ms = performance.now() - started;
      document.body.dataset.lastRedrawMs = ms.toFixed(2);
      slowest = Math.max(slowest, ms);
      document.body.dataset.slowestRedrawMs = slowest.toFixed(2);
      vscode.postMessage({ type: 'redraw', ms });
    });
  }
}

function clickable<T extends Element>(node: T, message: WebviewMessage): T {
  node.classList.add('clickable');
  node.addEventListener('click', () => vscode.postMessage(message));
  return node;
}

function ago(ms: number | undefined): string {
  if (ms === undefined) {
    return 'never seen';
  }
  return ms < 60_000 ? `${Math.round(ms / 1000)} s ago` : `${Math.round(ms / 60_000)} min ago`;
}

function render(): void {
  const root = document.getElementById('root')!;
  if (!state) {
    root.replaceChildren(el('p', {}, 'Connecting…'));
    return;
  }
  root.replaceChildren(
    header(state),
    members(state),
    ztap(state),
    metricsSection(state.metrics, state.metricsEverySeconds),
    spaceSection(space, state.prefix, m => vscode.postMessage(m), schedule),
    timeline(state.terms),
    activity(state),
  );
}

function header(s: DashboardSnapshot): HTMLElement {
  // The extension's own commands run these: the dashboard does not do them again.
  const button = (label: string, command: DashboardCommand, arg?: string) => {
    const b = el('button', { type: 'button', 'data-command': command }, label);
    b.addEventListener('click', () => vscode.postMessage({ type: 'command', command, arg }));
    return b;
  };
  return el(
    'header',
    {},
    el('h1', {}, s.connection),
    el('span', { class: 'muted', id: 'endpoints' }, s.endpoints),
    el('span', { class: 'muted', id: 'revision' }, `revision ${s.revision}`),
    el(
      'div',
      { class: 'buttons' },
      button('Test Connectivity', 'testConnectivity'),
      button('Diagnose Cluster', 'diagnoseCluster'),
      button('Save Snapshot…', 'saveSnapshot'),
      button(`Watch ${s.prefix}`, 'watchPrefix', s.prefix),
    ),
  );
}

function members(s: DashboardSnapshot): HTMLElement {
  const list: MemberCard[] = s.members;
  const cards = list.map(m => {
    const bad = !m.healthy || m.alarms.length > 0;
    // The metrics poll's word on this member: its warnings, or one grey line on why it was not read.
    const metrics = s.metrics.find(x => x.memberId === m.id);
    const metricsLines = metrics?.error
      ? [el('div', { class: 'metrics-error' }, `metrics not read: ${metrics.error}`)]
      : (metrics?.warnings ?? []).map(w =>
          el('div', { class: `metrics-warning ${w.severity}`, 'data-warning': w.code }, `${w.severity === 'critical' ? '✖' : '⚠'} ${w.message}`),
        );
    const warned = !!metrics?.warnings.length && !metrics.error;
    // The share of the quota where etcd reports it (3.6+); otherwise the share of the file in use.
    const quota = m.dbSizeQuota;
    const used = quota && m.dbSize !== undefined ? m.dbSize / quota : m.dbSize && m.dbSizeInUse !== undefined ? m.dbSizeInUse / m.dbSize : undefined;
    const quotaText = quota
      ? `${bytes(m.dbSize)} of the ${bytes(quota)} quota (${Math.round((used ?? 0) * 100)}%)`
      : 'quota unknown (etcd before 3.6 does not report it)';
    // Set through the CSSOM: the page's policy allows no inline style attributes.
    const fill = el('div', { class: `fill${quota && (used ?? 0) >= 0.8 ? ' high' : ''}` });
    fill.style.width = `${Math.min(100, Math.round((used ?? 0) * 100))}%`;
    const bar = el('div', { class: `bar${quota ? ' quota' : ''}`, title: `DB ${bytes(m.dbSize)}, ${bytes(m.dbSizeInUse)} in use; ${quotaText}` }, fill);
    const card = el(
      'div',
      { class: `card member${bad ? ' unhealthy' : ''}${warned ? ' warned' : ''}${m.isLeader ? ' leader' : ''}`, 'data-member': m.name },
      el('div', { class: 'title' }, `${m.isLeader ? '★ ' : ''}${m.name}`, el('span', { class: 'muted' }, ` ${m.id}`)),
      el('div', { class: 'health' }, m.healthy ? `healthy · ${m.latencyMs ?? '?'} ms` : `unhealthy: ${m.error ?? 'no answer'}`),
      el(
        'div',
        { class: 'muted' },
        m.raftTerm ? `raft term ${m.raftTerm} · index ${m.raftIndex} · v${m.version}${m.storageVersion ? ` · storage ${m.storageVersion}` : ''}` : 'no status',
      ),
      el(
        'div',
        { class: 'muted db' },
        `DB ${bytes(m.dbSize)} · ${bytes(m.dbSizeInUse)} in use · ${quota ? `${Math.round((used ?? 0) * 100)}% of ${bytes(quota)} quota` : 'quota unknown'}`,
      ),
      bar,
      ...m.alarms.map(a => el('div', { class: 'alarm' }, `ALARM ${a}`)),
      ...metricsLines,
    );
    return clickable(card, { type: 'reveal', kind: 'member', target: m.name });
  });
  return el('section', {}, el('h2', {}, `Members (${list.length})`), el('div', { class: 'grid' }, ...cards));
}

function ring(ttl: number | null, granted: number, readAt: number): SVGElement {
  const left = ttl === null ? 0 : Math.max(0, ttl - (Date.now() - readAt) / 1000);
  const fraction = granted > 0 ? Math.min(1, left / granted) : 0;
  const r = 22;
  const circumference = 2 * Math.PI * r;
  return svg(
    'svg',
    { width: 56, height: 56, viewBox: '0 0 56 56', class: 'ring', 'data-ttl': Math.round(left) },
    svg('circle', { cx: 28, cy: 28, r, class: 'ring-track' }),
    svg('circle', {
      cx: 28,
      cy: 28,
      r,
      class: 'ring-left',
      'stroke-dasharray': `${circumference * fraction} ${circumference}`,
      transform: 'rotate(-90 28 28)',
    }),
    svg('text', { x: 28, y: 32, 'text-anchor': 'middle', class: 'ring-text' }, document.createTextNode(ttl === null ? '—' : `${Math.round(left)}s`)),
  );
}

function ztap(s: DashboardSnapshot): HTMLElement {
  const leader = s.leader
    ? clickable(
        el(
          'div',
          { class: 'card leader-card', 'data-leader': s.leader.nodeId },
          ring(s.leader.ttl, s.leader.ttlGranted, s.leader.readAt),
          el(
            'div',
            {},
            el('div', { class: 'title' }, `Leader ${s.leader.nodeId}`),
            el('div', { class: 'muted' }, `${s.leader.address} · lease ${s.leader.lease}`),
          ),
        ),
        { type: 'reveal', kind: 'key', target: s.leader.key },
      )
    : el('div', { class: 'card unhealthy' }, 'No leader');
  const line = el(
    'ol',
    { class: 'candidates' },
    ...s.candidates.map(c =>
      clickable(el('li', {}, `${c.nodeId} `, el('span', { class: 'muted' }, c.address)), { type: 'reveal', kind: 'key', target: c.key }),
    ),
  );
  const tiles = s.nodes.map((n: NodeTile) => {
    const kind = n.warnings.length ? 'warn' : n.election === 'leader' ? 'lead' : n.election === 'candidate' ? 'wait' : 'idle';
    const tile = el(
      'div',
      { class: `tile ${kind}`, 'data-node': n.id, title: n.warnings.join('\n') || `${n.id}: ${n.state || 'registered'}` },
      el('div', { class: 'title' }, n.id),
      el('div', { class: 'muted' }, n.address || '—'),
      el('div', { class: 'muted' }, `last seen ${ago(n.lastSeenAgeMs)}`),
      ...(n.warnings.length ? [el('div', { class: 'warning' }, `⚠ ${n.warnings.length}`)] : []),
    );
    return clickable(tile, { type: 'reveal', kind: 'key', target: n.key });
  });
  return el(
    'section',
    {},
    el('h2', {}, 'ZTAP'),
    el('div', { class: 'row' }, leader, el('div', {}, el('div', { class: 'muted' }, `${s.candidates.length} in line`), line)),
    el('div', { class: 'grid tiles' }, ...tiles),
  );
}

/** The width the charts have: the page's, so the newest bars are never cut off (redrawn on resize). */
function chartWidth(): number {
  return Math.max(320, (document.getElementById('root')?.clientWidth ?? 900) - 4);
}

function timeline(terms: TermBar[]): HTMLElement {
  const width = chartWidth();
  const rowHeight = 18;
  const shown = terms.slice(-30);
  // Revision order for all; wall-clock labels where this window saw the change.
  const first = shown.length ? Number(shown[0].began) : 0;
  const last = shown.length ? Math.max(...shown.map(t => Number(t.ended ?? t.began))) + 1 : 1;
  const x = (rev: number) => 120 + ((rev - first) / Math.max(1, last - first)) * (width - 130);
  const bars = shown.map((t, i) => {
    const y = i * rowHeight + 4;
    const end = t.ended ? Number(t.ended) : last;
    const title = `${t.leader}: revisions ${t.began}–${t.ended ?? 'now'}, lease ${t.lease}, ${t.end}${t.beganAt ? `, from ${new Date(t.beganAt).toLocaleTimeString()}` : ''}`;
    const bar = svg(
      'rect',
      { x: x(Number(t.began)), y, width: Math.max(3, x(end) - x(Number(t.began))), height: rowHeight - 6, class: `term ${t.end.replace(' ', '-')}` },
      svg('title', {}, document.createTextNode(title)),
    );
    const label = svg('text', { x: 2, y: y + 11, class: 'term-label' }, document.createTextNode(t.leader));
    const g = svg('g', { class: 'term-bar', 'data-term': `${t.leader}@${t.began}` }, label, bar);
    return clickable(g, { type: 'reveal', kind: 'folder', target: t.key.slice(0, t.key.lastIndexOf('/') + 1) });
  });
  return el(
    'section',
    {},
    el('h2', {}, `Election timeline (${terms.length} term${terms.length === 1 ? '' : 's'})`),
    svg('svg', { width, height: Math.max(rowHeight, shown.length * rowHeight + 8), class: 'timeline' }, ...bars),
  );
}

function activity(s: DashboardSnapshot): HTMLElement {
  const width = chartWidth();
  const height = 120;
  // Room for the axes: the counts on the left, the minutes below.
  const left = 36;
  const bottom = 16;
  const plot = { width: width - left - 4, height: height - bottom - 6 };
  const seconds = 5 * 60;
  const now = Date.now() - (Date.now() % 1000);
  const bySecond = new Map<number, ActivitySample>(s.activity.map(a => [a.at, a]));
  const series = ['nodes', 'election', 'policies', 'other'] as const;
  let max = 1;
  for (const a of s.activity) {
    max = Math.max(max, a.nodes + a.election + a.policies + a.other);
  }
  const step = plot.width / seconds;
  const shapes: SVGElement[] = [
    svg('line', { x1: left, y1: 6, x2: left, y2: 6 + plot.height, class: 'axis' }),
    svg('line', { x1: left, y1: 6 + plot.height, x2: width - 4, y2: 6 + plot.height, class: 'axis' }),
    svg('text', { x: left - 4, y: 14, 'text-anchor': 'end', class: 'axis-label' }, document.createTextNode(`${max}/s`)),
    svg('text', { x: left - 4, y: 6 + plot.height, 'text-anchor': 'end', class: 'axis-label' }, document.createTextNode('0')),
  ];
  for (let minute = 5; minute >= 0; minute--) {
    const x = left + (seconds - minute * 60) * step;
    const anchor = minute === 5 ? 'start' : minute === 0 ? 'end' : 'middle';
    shapes.push(
      svg('text', { x, y: height - 2, 'text-anchor': anchor, class: 'axis-label' }, document.createTextNode(minute === 0 ? 'now' : `-${minute} min`)),
    );
  }
  for (let i = 0; i < seconds; i++) {
    const at = now - (seconds - 1 - i) * 1000;
    const sample = bySecond.get(at);
    if (!sample) {
      continue;
    }
    let y = 6 + plot.height;
    const bars: SVGElement[] = [];
    for (const name of series) {
      const h = (sample[name] / max) * plot.height;
      if (h > 0) {
        y -= h;
        bars.push(svg('rect', { x: left + i * step, y, width: Math.max(1, step), height: h, class: `series ${name}` }));
      }
    }
    // Hovering a second's bar tells its counts.
    const total = sample.nodes + sample.election + sample.policies + sample.other;
    const title = `${new Date(at).toLocaleTimeString()}: ${total} event${total === 1 ? '' : 's'} (${series.map(n => `${sample[n]} ${n}`).join(', ')})`;
    shapes.push(svg('g', { class: 'second', 'data-at': at }, ...bars, svg('title', {}, document.createTextNode(title))));
  }
  const recent = s.activity.filter(a => a.at > now - 10_000);
  const perSecond = recent.reduce((sum, a) => sum + a.nodes + a.election + a.policies + a.other, 0) / 10;
  const legend = series.map(name =>
    clickable(el('span', { class: `legend ${name}` }, name), { type: 'reveal', kind: 'folder', target: name === 'other' ? s.prefix : `${s.prefix}${name}/` }),
  );
  return el(
    'section',
    {},
    el('h2', {}, 'Activity'),
    el('div', { class: 'muted', id: 'rate' }, `${perSecond.toFixed(1)} events/s over the last 10 s · peak ${max}/s · last 5 minutes`, ' ', ...legend),
    svg('svg', { width, height, class: 'activity' }, ...shapes),
  );
}

// Charts are drawn to the width they have.
window.addEventListener('resize', () => schedule());
// The lease ring counts down between updates.
setInterval(() => state?.leader && schedule(), 1000);
vscode.postMessage({ type: 'ready' });
render();

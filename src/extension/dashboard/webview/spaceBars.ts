// The dashboard's Space section: where the space goes under a folder, as bars sorted
// biggest first; a bar is clicked into (its folders then) and revealed in the tree.
import type { SpaceFolder, SpaceView, WebviewMessage } from '../dashboardState';
import { bytes, el } from './dom';

/** The folder the section shows, as clicked into (the measured root when unset). */
let focus: string | undefined;

/** A new measurement over the one shown: a folder inside it replaces that folder only. */
export function mergeSpace(old: SpaceView | undefined, next: SpaceView): SpaceView {
  const inside = next.root && old?.root && next.root.prefix !== old.root.prefix && next.root.prefix.startsWith(old.root.prefix);
  if (!inside) {
    if (next.root && next.root.prefix !== old?.root?.prefix) {
      focus = next.root.prefix;
    }
    return { ...next, root: next.root ?? old?.root, revision: next.revision ?? old?.revision };
  }
  const graft = (f: SpaceFolder): SpaceFolder => (f.prefix === next.root!.prefix ? next.root! : { ...f, children: f.children.map(graft) });
  return { ...next, root: graft(old.root!), revision: next.revision };
}

function find(f: SpaceFolder, prefix: string | undefined): SpaceFolder[] | undefined {
  if (prefix === undefined || f.prefix === prefix) {
    return [f];
  }
  for (const c of f.children) {
    const path = prefix.startsWith(c.prefix) ? find(c, prefix) : undefined;
    if (path) {
      return [f, ...path];
    }
  }
  return undefined;
}

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

export function spaceSection(space: SpaceView | undefined, prefix: string, post: (m: WebviewMessage) => void, redraw: () => void): HTMLElement {
  const heading = el('h2', {}, 'Space');
  const measure = (folder: string, label: string) => {
    const b = el('button', { type: 'button', 'data-measure': folder }, label);
    b.addEventListener('click', () => post({ type: 'measureSpace', prefix: folder }));
    return b;
  };
  const status = [
    ...(space?.measuring ? [el('div', { class: 'muted', id: 'space-measuring' }, `Measuring ${space.measuring}…`)] : []),
    ...(space?.error ? [el('div', { class: 'alarm' }, space.error)] : []),
  ];
  const root = space?.root;
  if (!root) {
    return el(
      'section',
      { id: 'space' },
      heading,
      el(
        'div',
        { class: 'row' },
        el('span', { class: 'muted' }, `Which folders hold the keys and bytes under ${prefix}? One read of every key and value.`),
        measure(prefix, `Measure ${prefix}`),
      ),
      ...status,
    );
  }
  const path = find(root, focus) ?? [root];
  const shown = path[path.length - 1];
  const crumbs = path.flatMap((f, i) => {
    const crumb = el('span', { class: 'crumb clickable' }, i === 0 ? f.prefix : f.prefix.slice(path[i - 1].prefix.length));
    crumb.addEventListener('click', () => {
      focus = f.prefix;
      redraw();
    });
    return i === 0 ? [crumb] : [' › ', crumb];
  });
  // Keys directly in the folder (in none of its folders): a bar of their own.
  const inFolders = shown.children.reduce((n, c) => ({ keys: n.keys + c.keys, bytes: n.bytes + c.bytes, versions: n.versions + c.versions }), {
    keys: 0,
    bytes: 0,
    versions: 0,
  });
  const own = { keys: shown.keys - inFolders.keys, bytes: shown.bytes - inFolders.bytes, versions: shown.versions - inFolders.versions };
  const items: Array<{ folder?: SpaceFolder; label: string; keys: number; bytes: number; versions: number }> = [
    ...shown.children.map(c => ({ folder: c, label: c.prefix.slice(shown.prefix.length), keys: c.keys, bytes: c.bytes, versions: c.versions })),
    ...(own.keys > 0 ? [{ label: `(keys in ${shown.prefix} itself)`, ...own }] : []),
  ].sort((a, b) => b.bytes - a.bytes);
  const biggest = Math.max(1, ...items.map(i => i.bytes));
  const bars = items.map(item => {
    const fill = el('div', { class: 'fill' });
    fill.style.width = `${Math.max(0.5, (100 * item.bytes) / biggest)}%`;
    const bar = el(
      'div',
      {
        class: `space-bar${item.folder ? ' clickable' : ''}`,
        ...(item.folder ? { 'data-prefix': item.folder.prefix } : {}),
        title: `${item.folder?.prefix ?? item.label}`,
      },
      el('div', { class: 'space-label' }, item.label),
      el('div', { class: 'bar' }, fill),
      el('div', { class: 'muted space-figures' }, `${bytes(item.bytes)} · ${count(item.keys, 'key')} · ${count(item.versions, 'version')}`),
    );
    const folder = item.folder;
    if (folder) {
      bar.addEventListener('click', () => {
        focus = folder.prefix;
        post({ type: 'reveal', kind: 'folder', target: folder.prefix });
        if (folder.cut) {
          post({ type: 'measureSpace', prefix: folder.prefix });
        }
        redraw();
      });
    }
    return bar;
  });
  return el(
    'section',
    { id: 'space' },
    heading,
    el(
      'div',
      { class: 'row' },
      el('span', {}, ...crumbs),
      el(
        'span',
        { class: 'muted' },
        `${bytes(shown.bytes)} in ${count(shown.keys, 'key')} · ${count(shown.versions, 'version')} · at revision ${space.revision ?? '?'}`,
      ),
      measure(shown.prefix, 'Measure Again'),
    ),
    ...status,
    el('div', { class: 'space-bars' }, ...(bars.length ? bars : [el('div', { class: 'muted' }, 'No keys here.')])),
  );
}

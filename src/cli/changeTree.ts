/** A change to draw: a key (full name) and what happened to it. */
export interface TreeChange {
  key: string;
  kind: 'added' | 'changed' | 'deleted';
}

const SIGN = { added: '+', changed: '~', deleted: '-' } as const;

interface Folder {
  counts: Record<TreeChange['kind'], number>;
  folders: Map<string, Folder>;
  keys: Array<{ name: string; kind: TreeChange['kind'] }>;
}

const folder = (): Folder => ({ counts: { added: 0, changed: 0, deleted: 0 }, folders: new Map(), keys: [] });

/**
 * Changes under `prefix` as a tree: each folder with its counts, then its keys, each
 * level indented; names relative to the folder above.
 */
export function changeTree(prefix: string, changes: readonly TreeChange[]): string[] {
  const root = folder();
  for (const c of changes) {
    const parts = c.key.slice(prefix.length).split('/');
    const name = parts.pop()!;
    let at = root;
    at.counts[c.kind]++;
    for (const part of parts) {
      let next = at.folders.get(part);
      if (!next) {
        next = folder();
        at.folders.set(part, next);
      }
      next.counts[c.kind]++;
      at = next;
    }
    at.keys.push({ name, kind: c.kind });
  }
  const lines = [`${prefix}  ${counts(root)}`];
  const walk = (f: Folder, depth: number) => {
    const indent = '  '.repeat(depth);
    for (const [name, sub] of [...f.folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      lines.push(`${indent}${name}/  ${counts(sub)}`);
      walk(sub, depth + 1);
    }
    for (const k of f.keys) {
      lines.push(`${indent}${SIGN[k.kind]} ${k.name}`);
    }
  };
  walk(root, 1);
  return lines;
}

function counts(f: Folder): string {
  const parts = (['added', 'changed', 'deleted'] as const).filter(k => f.counts[k] > 0).map(k => `${f.counts[k]} ${k}`);
  return `(${parts.join(', ') || 'no changes'})`;
}

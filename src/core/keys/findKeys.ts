import type { KeyChild } from './keyChild';

/** One suggestion of Find Key: a key, or a folder (ending in "/"). */
export interface KeyMatch {
  target: string;
  isFolder: boolean;
  /** Keys under a folder. */
  keys?: number;
}

/** What was typed: the folder up to the last "/", and the fragment after it. */
export function splitTyped(text: string): { folder: string; fragment: string } {
  const folder = text.slice(0, text.lastIndexOf('/') + 1);
  return { folder, fragment: text.slice(folder.length) };
}

/**
 * The children of `folder` whose names start with `fragment` (case-insensitive), then
 * those that contain it, a folder before the key of the same name, at most `limit`.
 */
export function matchChildren(folder: string, fragment: string, children: readonly KeyChild[], limit = 200): KeyMatch[] {
  const lower = fragment.toLowerCase();
  const starts = children.filter(c => c.name.toLowerCase().startsWith(lower));
  const contains = lower ? children.filter(c => !c.name.toLowerCase().startsWith(lower) && c.name.toLowerCase().includes(lower)) : [];
  const out: KeyMatch[] = [];
  for (const c of [...starts, ...contains]) {
    if (c.isFolder) {
      out.push({ target: `${folder}${c.name}/`, isFolder: true, keys: c.keys - (c.isKey ? 1 : 0) });
    }
    if (c.isKey) {
      out.push({ target: `${folder}${c.name}`, isFolder: false });
    }
    if (out.length >= limit) {
      break;
    }
  }
  return out.slice(0, limit);
}

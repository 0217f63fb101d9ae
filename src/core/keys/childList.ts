import type { KeyChild } from './keyChild';

/**
 * A folder's children gathered from its keys in key order, merged by name without a
 * map lookup per child (a flat folder of 100,000 keys is 100,000 children).
 *
 * In key order a name's keys come in one run, with one exception: the name's own key
 * N, then names that extend N with a byte below "/" (N-1, N.c, N\x01: every key
 * between N and N/ starts with N), then N's subtree N/... So a run of a name's subtree
 * joins an earlier child only when that child is N itself, found by stepping back
 * over the children that start with N; an own key always starts a new child.
 */
export class ChildList {
  /** The children's exact bytes as latin1 strings (one char per byte), in first-seen order. */
  private readonly ids: string[] = [];
  private readonly children: KeyChild[] = [];

  /**
   * The child named `id` for a key that is the child itself (`own`) or lies under it,
   * created with `text` as its name when new. Keys must come in key order.
   */
  childFor(id: string, own: boolean, text: string): KeyChild {
    if (!own) {
      for (let i = this.ids.length - 1; i >= 0 && this.ids[i].startsWith(id); i--) {
        if (this.ids[i].length === id.length) {
          return this.children[i];
        }
      }
    }
    const child: KeyChild = { name: text, isKey: false, isFolder: false, keys: 0 };
    this.ids.push(id);
    this.children.push(child);
    return child;
  }

  /** Adds a child counted elsewhere (a counted region), in key order with the rest. */
  add(id: string, child: KeyChild): void {
    this.ids.push(id);
    this.children.push(child);
  }

  /** The children sorted by their bytes (first-seen order is sorted except when N-1 came before N/...). */
  sorted(): KeyChild[] {
    const ids = this.ids;
    let inOrder = true;
    for (let i = 1; i < ids.length && inOrder; i++) {
      inOrder = ids[i - 1] < ids[i];
    }
    if (inOrder) {
      return this.children;
    }
    // latin1 strings hold one byte per char, so comparing them compares the bytes.
    const order = ids.map((_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    return order.map(i => this.children[i]);
  }
}

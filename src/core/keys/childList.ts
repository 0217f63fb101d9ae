import { KeyChild, keyMeta } from './keyChild';
import { keyToText } from './keyText';
import { keyValueMeta } from './rawRange';

const SLASH = 0x2f;
const BACKSLASH = 0x5c;

/**
 * A folder's children gathered from its keys in key order, straight from response
 * bytes, merged by name without a map lookup per child (a flat folder of 100,000 keys
 * is 100,000 children).
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
  /** The child of the key before, as offsets into its page: sorted keys come in runs of one child. */
  private lastPage: Buffer | undefined;
  private lastFrom = 0;
  private lastEnd = 0;
  private lastChild: KeyChild | undefined;

  /** Children of the folder whose prefix is `prefixLength` bytes; `meta: false` leaves out the keys' revisions. */
  constructor(
    private readonly prefixLength: number,
    private readonly meta = true,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** One key, buf[ks, ke), of the record buf[rs, re) (keyValueMeta reads its revisions); keys must come in key order. */
  addKey(buf: Buffer, ks: number, ke: number, rs: number, re: number): void {
    const from = ks + this.prefixLength;
    let end = from;
    let printable = true;
    for (; end < ke; end++) {
      const b = buf[end];
      if (b === SLASH) {
        break;
      }
      if (b < 0x20 || b > 0x7e || b === BACKSLASH) {
        printable = false;
      }
    }
    let child = this.lastPage === buf && sameBytes(buf, from, end, this.lastFrom, this.lastEnd) ? this.lastChild : undefined;
    if (!child) {
      // latin1: one char per byte, so two names differing only in bytes that are not UTF-8 never merge.
      const id = buf.toString('latin1', from, end);
      // Printable ASCII without a backslash is its own text (keyToText's answer, without its checks).
      child = this.childFor(id, end === ke, printable ? id : keyToText(buf.subarray(from, end)));
      this.lastPage = buf;
      this.lastFrom = from;
      this.lastEnd = end;
      this.lastChild = child;
    }
    child.keys++;
    if (end === ke) {
      child.isKey = true;
      if (this.meta) {
        const m = keyValueMeta(buf, rs, re);
        child.meta = keyMeta(m.createRevision, m.modRevision, m.version, m.lease);
      }
    } else {
      child.isFolder = true;
    }
  }

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
    // `meta` in the literal: set later, it would take a property store of its own per child
    // (a sixth of a 100,000-key folder's memory in the tree's index).
    const child: KeyChild = { name: text, isKey: false, isFolder: false, keys: 0, meta: undefined };
    this.ids.push(id);
    this.children.push(child);
    return child;
  }

  /** Adds a child counted elsewhere (a counted region), in key order with the rest. */
  add(id: string, child: KeyChild): void {
    this.ids.push(id);
    this.children.push(child);
  }

  /** The children sorted by their bytes (first-seen order is sorted except when N-1 came before N/...), as a new array. */
  sorted(): KeyChild[] {
    const ids = this.ids;
    let inOrder = true;
    for (let i = 1; i < ids.length && inOrder; i++) {
      inOrder = ids[i - 1] < ids[i];
    }
    if (inOrder) {
      return this.children.slice();
    }
    // latin1 strings hold one byte per char, so comparing them compares the bytes.
    const order = ids.map((_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    return order.map(i => this.children[i]);
  }
}

/** True when buf[aFrom, aEnd) and buf[bFrom, bEnd) hold the same bytes (names are short: a loop beats a native call). */
function sameBytes(buf: Buffer, aFrom: number, aEnd: number, bFrom: number, bEnd: number): boolean {
  if (aEnd - aFrom !== bEnd - bFrom) {
    return false;
  }
  for (let i = aEnd - aFrom - 1; i >= 0; i--) {
    if (buf[aFrom + i] !== buf[bFrom + i]) {
      return false;
    }
  }
  return true;
}

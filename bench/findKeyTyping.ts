import type { Etcd3 } from 'etcd3';
import { matchChildren, splitTyped } from '../src/core/keys/findKeys';
import { KeyIndex } from '../src/core/keys/keyIndex';

/** A fast typist: a keystroke every 125 ms (8 a second). */
export const KEYSTROKE_MS = 125;

/**
 * Find Key as a user types: a keystroke every KEYSTROKE_MS whatever is still being
 * read, each keystroke's query started at once (as the quick pick does); for each,
 * the time from the keystroke to its first results shown. Cold index.
 */
export async function typeIntoFindKey(etcd: Etcd3, typed: string, from: number): Promise<number[]> {
  const index = new KeyIndex(etcd);
  const firsts: Array<Promise<number>> = [];
  const began = Date.now();
  for (let i = from; i <= typed.length; i++) {
    const due = began + (i - from) * KEYSTROKE_MS;
    await new Promise(resolve => setTimeout(resolve, Math.max(0, due - Date.now())));
    const { folder, fragment } = splitTyped(typed.slice(0, i));
    const started = process.hrtime.bigint();
    firsts.push(
      new Promise<number>((resolve, reject) => {
        const shown = (children: Parameters<typeof matchChildren>[2]) => {
          matchChildren(folder, fragment, children);
          resolve(Number(process.hrtime.bigint() - started) / 1e6);
        };
        index.list(folder, shown).then(r => shown(r.children), reject);
      }),
    );
  }
  return Promise.all(firsts);
}

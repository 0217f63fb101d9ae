/**
 * A repeatable random integer in [0, n) (mulberry32), so a randomised test that fails
 * runs again as it was. A plain LCG computed in doubles loses its low bits past 2^53:
 * `seed % 6` came out even every time, and some cases were never drawn.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
}

import { ConfigError } from './configError';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses Go-style durations as ZTAP users write them (`5s`, `500ms`, `1m30s`);
 * a bare number is seconds, as in the extension's settings.
 */
export function parseDuration(raw: string, what: string): number {
  const text = raw.trim();
  if (text.startsWith('-')) {
    throw new ConfigError(`Invalid ${what} ${JSON.stringify(raw)}: a duration cannot be negative.`);
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    return positive(Number(text) * 1000, raw, what);
  }
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (let m = part.exec(text); m; m = part.exec(text)) {
    if (m.index !== consumed) {
      break;
    }
    total += Number(m[1]) * UNITS[m[2]];
    consumed = m.index + m[0].length;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new ConfigError(`Invalid ${what} ${JSON.stringify(raw)}: use a duration such as 5s, 500ms or 1m.`);
  }
  return positive(total, raw, what);
}

/** Node's timers hold at most 2^31-1 ms (about 596 h); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function positive(ms: number, raw: string, what: string): number {
  if (!(ms > 0)) {
    throw new ConfigError(`Invalid ${what} ${JSON.stringify(raw)}: it must be greater than zero.`);
  }
  if (ms > MAX_TIMER_MS) {
    throw new ConfigError(`Invalid ${what} ${JSON.stringify(raw)}: the longest a timer can wait is 596h.`);
  }
  return ms;
}

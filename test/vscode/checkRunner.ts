import { join } from 'path';
import type { Page } from 'playwright-core';

export interface UiResult {
  name: string;
  ok: boolean;
  error?: string;
}

/**
 * Runs named browser checks into `results`: a failure records its first line and a
 * screenshot of `page` (test-results/failed-<name>.png), and the next check still runs.
 * `name` may be a function, for a name that reports what the check measured.
 */
export function checkRunner(results: UiResult[], resultsDir: string) {
  return async (name: string | (() => string), page: Page, body: () => Promise<void>): Promise<void> => {
    const named = () => (typeof name === 'string' ? name : name());
    try {
      await body();
      results.push({ name: named(), ok: true });
    } catch (err) {
      results.push({ name: named(), ok: false, error: (err as Error).message.split('\n')[0] });
      await page.screenshot({ path: join(resultsDir, `failed-${named().replace(/\W+/g, '-').slice(0, 120)}.png`) }).catch(() => undefined);
    }
  };
}

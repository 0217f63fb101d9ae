import { writeFileSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';

export interface UiResult {
  name: string;
  ok: boolean;
  error?: string;
}

/**
 * Runs named browser checks into `results`: a failure records its first line, its whole
 * message (Playwright's call log says what a click waited for) in
 * test-results/failed-<name>.txt and a screenshot of `page` (failed-<name>.png, taken
 * after the check's own cleanup), and the next check still runs.
 * `name` may be a function, for a name that reports what the check measured.
 * ZTAP_CHECKS="a|b" runs only the checks whose names contain one of those parts.
 */
export function checkRunner(results: UiResult[], resultsDir: string) {
  return async (name: string | (() => string), page: Page, body: () => Promise<void>): Promise<void> => {
    const named = () => (typeof name === 'string' ? name : name());
    // ZTAP_CHECKS="a|b" runs only the checks whose names contain one of these (while working on them).
    const only = process.env.ZTAP_CHECKS?.split('|');
    if (only && !only.some(part => named().includes(part))) {
      return;
    }
    try {
      await body();
      results.push({ name: named(), ok: true });
    } catch (err) {
      const message = (err as Error).message;
      const file = join(resultsDir, `failed-${named().replace(/\W+/g, '-').slice(0, 120)}`);
      results.push({ name: named(), ok: false, error: message.split('\n')[0] });
      writeFileSync(`${file}.txt`, `${message}\n${(err as Error).stack ?? ''}\n`);
      await page.screenshot({ path: `${file}.png` }).catch(() => undefined);
    }
  };
}

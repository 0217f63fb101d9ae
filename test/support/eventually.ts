/** Polls `check` until it returns a value other than undefined/false, or `timeoutMs` passes (`seen` then says what was seen instead). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
  seen?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) {
        return v;
      }
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}${seen ? ` (seen: ${seen()})` : ''}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

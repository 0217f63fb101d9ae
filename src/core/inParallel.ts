/**
 * Runs `job(0)` .. `job(count - 1)`, at most `limit` at a time, each next index taken
 * as one finishes; rejects with the first failure (the jobs already running end on
 * their own).
 */
export async function inParallel(count: number, limit: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      await job(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

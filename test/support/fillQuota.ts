import type { Etcd3 } from 'etcd3';

/** An etcd started with this quota (--quota-backend-bytes) fills in a few dozen writes. */
export const SMALL_QUOTA_ARGS = ['--quota-backend-bytes', String(2 * 1024 * 1024)];

/** Writes 150 KiB values until etcd refuses one (raising its NOSPACE alarm); returns that refusal. */
export async function fillUntilNoSpace(etcd: Etcd3): Promise<Error> {
  const value = Buffer.alloc(150 * 1024, 7);
  for (let i = 0; i < 200; i++) {
    const refused = await etcd
      .put('/ztap/filler')
      .value(value)
      .exec()
      .then(
        () => undefined,
        (err: Error) => err,
      );
    if (refused) {
      return refused;
    }
  }
  throw new Error('etcd took 200 writes of 150 KiB without refusing one: is its quota small?');
}

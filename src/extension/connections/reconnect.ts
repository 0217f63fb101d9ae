import type { Services } from '../services';

/** Dials again with the current settings; a failure is notified by the connection service. */
export async function reconnect({ connection }: Services): Promise<void> {
  await connection.connect();
}

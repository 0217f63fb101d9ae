import type { ConnectionState } from '../../core/connection/connectionManager';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';
import { profileOf } from './profileOf';

/** Switches to another profile: from its tree row, by name, or picked from a list. */
export async function switchConnection({ connection }: Services, invocation: Invocation, name?: unknown): Promise<ConnectionState | undefined> {
  const profile = await profileOf(connection, invocation, name, 'Switch Connection');
  return profile ? connection.switchTo(profile.name) : undefined;
}

import { ConfigError } from './configError';
import { ConnectionConfig, ConnectionInput, Env, resolveConnection } from './connectionConfig';
import type { Endpoint } from './endpoints';

/** One named connection as a team writes it in `ztap.connections`. */
export interface ProfileInput extends ConnectionInput {
  name: string;
  /** Unset: read-only when any endpoint is off this machine. */
  readOnly?: boolean;
}

export type WritePolicy = 'writable' | 'read-only' | 'confirm';

export interface Profile {
  name: string;
  /** Where it came from: the list in settings, the single-connection settings, the env vars. */
  source: 'settings' | 'single' | 'environment';
  input: ProfileInput;
}

export const ENVIRONMENT_PROFILE = 'Environment';
export const DEFAULT_PROFILE = 'Default';

/**
 * The profiles to offer: those in `ztap.connections`, then "Default", built from the
 * single-connection settings (and their env-var fallbacks), then "Environment" when
 * ZTAP_ETCD_ENDPOINTS is set. Default stays listed when connections are added, so
 * adding one never takes away the connection the user was on; a profile of their
 * own named "Default" replaces it.
 */
export function listProfiles(configured: readonly ProfileInput[], single: ConnectionInput, env: Env = process.env): Profile[] {
  const profiles: Profile[] = configured.map(input => ({ name: input.name, source: 'settings' as const, input }));
  if (!profiles.some(p => p.name === DEFAULT_PROFILE)) {
    profiles.push({ name: DEFAULT_PROFILE, source: 'single', input: { ...single, name: DEFAULT_PROFILE } });
  }
  if (env.ZTAP_ETCD_ENDPOINTS && !profiles.some(p => p.name === ENVIRONMENT_PROFILE)) {
    // Only the env vars: resolveConnection falls back to them for everything unset.
    profiles.push({ name: ENVIRONMENT_PROFILE, source: 'environment', input: { name: ENVIRONMENT_PROFILE } });
  }
  return profiles;
}

/** Checks a profile from settings: a name, and a connection that resolves. */
export function validateProfile(input: ProfileInput, env: Env = {}): ConnectionConfig {
  if (typeof input.name !== 'string' || input.name.trim() === '') {
    throw new ConfigError('A connection in ztap.connections has no "name": give each one a name.');
  }
  try {
    return resolveConnection(input, env);
  } catch (err) {
    throw new ConfigError(`Connection "${input.name}": ${(err as Error).message}`);
  }
}

/** 127.0.0.0/8, ::1 and localhost: this machine. */
export function isLoopback(endpoint: Endpoint): boolean {
  const host = endpoint.host.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether writes (put, delete, an election node) may go to this connection:
 * off-machine endpoints are read-only unless the profile says `readOnly: false`,
 * and then each write asks first; loopback (and the local etcd) is writable.
 */
export function writePolicy(readOnly: boolean | undefined, endpoints: readonly Endpoint[]): WritePolicy {
  const local = endpoints.every(isLoopback);
  if (readOnly === true) {
    return 'read-only';
  }
  if (local) {
    return 'writable';
  }
  return readOnly === false ? 'confirm' : 'read-only';
}

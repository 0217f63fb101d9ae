/**
 * A problem with what the user configured (settings, env vars, CLI flags).
 * Raised before any network call, so the user can fix input without waiting.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

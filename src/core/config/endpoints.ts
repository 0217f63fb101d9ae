import { ConfigError } from './configError';

/** One etcd client endpoint, normalised from `host:port` or `http(s)://host:port`. */
export interface Endpoint {
  /** What the user wrote, for messages. */
  readonly original: string;
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  /** `http(s)://host:port`, the form etcd3 and etcdctl accept. */
  readonly url: string;
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** Parses one endpoint; throws ConfigError quoting the entry when it is not usable. */
export function parseEndpoint(raw: string): Endpoint {
  const quoted = JSON.stringify(raw);
  const hint = 'use host:port, http://host:port or https://host:port';
  if (raw.trim() === '') {
    throw new ConfigError(`Invalid etcd endpoint ${quoted}: it is empty; ${hint}.`);
  }
  if (/\s/.test(raw)) {
    throw new ConfigError(`Invalid etcd endpoint ${quoted}: it contains spaces; ${hint}.`);
  }
  let secure = false;
  let rest = raw;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name !== 'http' && name !== 'https') {
      throw new ConfigError(`Invalid etcd endpoint ${quoted}: scheme "${scheme[1]}" is not supported; ${hint}.`);
    }
    secure = name === 'https';
    rest = raw.slice(scheme[0].length).replace(/\/$/, '');
  }
  const match = HOST_PORT.exec(rest);
  if (!match) {
    const reason = /:\d*$/.test(rest) ? 'the host or port is malformed' : 'it has no port';
    throw new ConfigError(`Invalid etcd endpoint ${quoted}: ${reason}; ${hint}.`);
  }
  const port = Number(match[2]);
  if (port < 1 || port > 65535) {
    throw new ConfigError(`Invalid etcd endpoint ${quoted}: port ${match[2]} is out of range (1-65535).`);
  }
  const host = match[1];
  return { original: raw, secure, host, port, url: `${secure ? 'https' : 'http'}://${host}:${port}` };
}

/** Parses a list; an empty list is an error, and TLS must be all-or-nothing. */
export function parseEndpoints(raw: readonly string[]): Endpoint[] {
  if (raw.length === 0) {
    throw new ConfigError('No etcd endpoints are configured: set ztap.etcd.endpoints, ZTAP_ETCD_ENDPOINTS or --endpoints.');
  }
  const endpoints = raw.map(parseEndpoint);
  const secure = endpoints.filter(e => e.secure).length;
  if (secure > 0 && secure < endpoints.length) {
    throw new ConfigError(`Endpoints mix http and https (${raw.join(', ')}): use https:// for all of them or for none.`);
  }
  return endpoints;
}

/** Splits `a,b, c` as ZTAP_ETCD_ENDPOINTS and --endpoints are written. */
export function splitEndpointList(list: string): string[] {
  return list.split(',').map(s => s.trim());
}

import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import { readTlsCredentials } from '../client/tlsCredentials';
import type { TlsFiles } from '../config/connectionConfig';
import { parsePrometheusText, Sample } from './prometheusText';

/**
 * Reads and parses one member's Prometheus endpoint (`{clientURL}/metrics`, or a
 * `--listen-metrics-urls` address), with the connection's TLS files for https, within
 * `timeoutMs`. etcd serves /metrics without auth; a failure says why in one line.
 */
export function readMetrics(url: string, timeoutMs: number, tls?: TlsFiles): Promise<Sample[]> {
  const target = new URL(url.endsWith('/metrics') ? url : `${url.replace(/\/$/, '')}/metrics`);
  const secure = target.protocol === 'https:';
  const credentials = secure ? readTlsCredentials(tls) : undefined;
  return new Promise((resolve, reject) => {
    const options = {
      timeout: timeoutMs,
      ...(credentials
        ? { ca: credentials.rootCertificate.length ? credentials.rootCertificate : undefined, cert: credentials.certChain, key: credentials.privateKey }
        : {}),
    };
    const req = (secure ? httpsRequest : httpRequest)(target, options, res => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${target.href} answered HTTP ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(parsePrometheusText(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${target.href} did not answer within ${timeoutMs} ms`)));
    req.on('error', err => reject(new Error(`${target.href}: ${err.message}`, { cause: err })));
    req.end();
  });
}

import { createPrivateKey, KeyObject, X509Certificate } from 'crypto';
import { readFileSync } from 'fs';
import { ConfigError } from '../config/configError';
import type { TlsFiles } from '../config/connectionConfig';

export interface TlsCredentials {
  rootCertificate: Buffer;
  privateKey?: Buffer;
  certChain?: Buffer;
}

/** Reads the TLS files up front so a bad path is reported by name, before any dial. */
export function readTlsCredentials(tls: TlsFiles | undefined): TlsCredentials | undefined {
  if (!tls) {
    return undefined;
  }
  const ca = tls.caFile ? readNamed(tls.caFile, 'CA file') : undefined;
  const cert = tls.certFile ? readNamed(tls.certFile, 'client certificate file') : undefined;
  const key = tls.keyFile ? readNamed(tls.keyFile, 'client key file') : undefined;
  // A wrong file is named now, not reported later as an OpenSSL "no start line".
  if (ca && tls.caFile) {
    parseCertificate(ca, tls.caFile, 'CA file');
  }
  const clientCert = cert && tls.certFile ? parseCertificate(cert, tls.certFile, 'client certificate file') : undefined;
  const privateKey = key && tls.keyFile ? parseKey(key, tls.keyFile) : undefined;
  if (clientCert && privateKey && !clientCert.checkPrivateKey(privateKey)) {
    throw new ConfigError(`The client key file ${tls.keyFile} does not belong to the client certificate ${tls.certFile}.`);
  }
  // grpc-js wants a root certificate argument; an empty one means "system roots".
  return { rootCertificate: ca ?? Buffer.alloc(0), privateKey: key, certChain: cert };
}

function parseCertificate(data: Buffer, path: string, what: string): X509Certificate {
  try {
    return new X509Certificate(data);
  } catch {
    throw new ConfigError(`The TLS ${what} ${path} is not a PEM certificate.`);
  }
}

function parseKey(data: Buffer, path: string): KeyObject {
  try {
    return createPrivateKey(data);
  } catch {
    throw new ConfigError(`The TLS client key file ${path} is not a PEM private key (or it is encrypted).`);
  }
}

function readNamed(path: string, what: string): Buffer {
  try {
    const data = readFileSync(path);
    if (data.length === 0) {
      throw new ConfigError(`The TLS ${what} ${path} is empty.`);
    }
    return data;
  } catch (err) {
    if (err instanceof ConfigError) {
      throw err;
    }
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code})`;
    throw new ConfigError(`The TLS ${what} ${path} ${reason}.`);
  }
}

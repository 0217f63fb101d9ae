import { Client, credentials, Metadata, type ClientReadableStream } from '@grpc/grpc-js';
import { channelOptions } from '../client/channelOptions';
import { encodeStrings, readFields } from '../client/protoWire';
import { readTlsCredentials } from '../client/tlsCredentials';
import type { ConnectionConfig } from '../config/connectionConfig';
import type { Endpoint } from '../config/endpoints';

/**
 * The three etcd calls a snapshot needs (Auth.Authenticate, Maintenance.Status,
 * Maintenance.Snapshot) on a generic grpc-js client, the transport of every other call,
 * with hand-coded messages. Not through the etcd3 client: a CLI run pays for every
 * module it loads, and etcd3 builds protobufjs codecs for all of etcd's API (see
 * docs/performance.md, "Saving a snapshot"); and its generic
 * decoder copied each 32 KiB blob. etcd3's own snapshot() never sends the auth token
 * (docs/etcd-client-pitfalls.md); this logs in first when the config has a user.
 */

/** One message of the Maintenance.Snapshot stream. */
export interface SnapshotChunk {
  remainingBytes: number;
  blob: Buffer;
}

const EMPTY = Buffer.alloc(0);

const AUTHENTICATE = '/etcdserverpb.Auth/Authenticate';
const STATUS = '/etcdserverpb.Maintenance/Status';
const SNAPSHOT = '/etcdserverpb.Maintenance/Snapshot';

// Field numbers from etcd's rpc.proto.
const HEADER = 1; // every response: ResponseHeader header = 1
const HEADER_REVISION = 3; // ResponseHeader: int64 revision = 3
const AUTH_NAME = 1; // AuthenticateRequest: string name = 1
const AUTH_PASSWORD = 2; // AuthenticateRequest: string password = 2
const AUTH_TOKEN = 2; // AuthenticateResponse: string token = 2
const SNAPSHOT_REMAINING = 2; // SnapshotResponse: uint64 remaining_bytes = 2
const SNAPSHOT_BLOB = 3; // SnapshotResponse: bytes blob = 3

const asIs = (b: Buffer) => b;

/** A grpc-js client of one member for taking a snapshot. Close it when done. */
export class SnapshotRpc {
  private readonly client: Client;
  private metadata = new Metadata();

  constructor(
    private readonly config: ConnectionConfig,
    endpoint: Endpoint,
  ) {
    // As etcd3 dials (its connection pool): TLS with the given files, or the system's roots for https://.
    const tls = readTlsCredentials(config.tls);
    const channel = tls
      ? credentials.createSsl(tls.rootCertificate.length ? tls.rootCertificate : null, tls.privateKey ?? null, tls.certChain ?? null)
      : endpoint.secure
        ? credentials.createSsl()
        : credentials.createInsecure();
    this.client = new Client(`${endpoint.host}:${endpoint.port}`, channel, channelOptions(config));
  }

  /**
   * Logs in when the config has a user (the token goes with every later call), then
   * returns the member's revision. Both calls have the dial timeout: they are the connect check.
   */
  async start(): Promise<string> {
    if (this.config.username !== undefined) {
      const request = encodeStrings([
        [AUTH_NAME, this.config.username],
        [AUTH_PASSWORD, this.config.password ?? ''],
      ]);
      const token = decodeToken(await this.unary(AUTHENTICATE, request));
      this.metadata = new Metadata();
      this.metadata.set('token', token);
    }
    return decodeHeaderRevision(await this.unary(STATUS, EMPTY));
  }

  snapshot(): ClientReadableStream<SnapshotChunk> {
    return this.client.makeServerStreamRequest(SNAPSHOT, asIs, decodeSnapshotChunk, EMPTY, this.metadata, {});
  }

  close(): void {
    this.client.close();
  }

  private unary(path: string, request: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(path, asIs, asIs, request, this.metadata, { deadline: Date.now() + this.config.dialTimeoutMs }, (err, res) =>
        err ? reject(err) : resolve(res as Buffer),
      );
    });
  }
}

function decodeToken(message: Buffer): string {
  let token = '';
  readFields(message, (field, value) => {
    if (field === AUTH_TOKEN && value instanceof Buffer) {
      token = value.toString('utf8');
    }
  });
  return token;
}

/** The revision in a response's header, as a decimal string (int64). */
function decodeHeaderRevision(message: Buffer): string {
  let revision = '0';
  readFields(message, (field, value) => {
    if (field === HEADER && value instanceof Buffer) {
      readFields(value, (f, v) => {
        if (f === HEADER_REVISION && typeof v === 'bigint') {
          revision = BigInt.asIntN(64, v).toString();
        }
      });
    }
  });
  return revision;
}

/** Keeps the blob as a view of the received message: no copy per 32 KiB chunk. */
export function decodeSnapshotChunk(message: Buffer): SnapshotChunk {
  let remainingBytes = 0;
  let blob: Buffer = EMPTY;
  readFields(message, (field, value) => {
    if (field === SNAPSHOT_REMAINING && typeof value === 'bigint') {
      remainingBytes = Number(value);
    } else if (field === SNAPSHOT_BLOB && value instanceof Buffer) {
      blob = value;
    }
  });
  return { remainingBytes, blob };
}

import { GrpcChannel, ServerStream } from '../client/grpcChannel';
import { encodeStrings, readFields } from '../client/protoWire';
import { readTlsCredentials } from '../client/tlsCredentials';
import type { ConnectionConfig } from '../config/connectionConfig';
import type { Endpoint } from '../config/endpoints';

/**
 * The three etcd calls a snapshot needs (Auth.Authenticate, Maintenance.Status,
 * Maintenance.Snapshot), over node:http2 (client/grpcChannel.ts) with hand-coded
 * messages.
 *
 * Why not the etcd3 client, or grpc-js under it: on a 2-core machine the member
 * streaming the snapshot needs a core of its own, and a CLI run pays for every
 * module it loads. etcd3 builds protobufjs codecs for all of etcd's API (~70 ms),
 * grpc-js alone takes ~40 ms to load and ~25 ms more to first connect, and the
 * generic decoder copied each 32 KiB blob: snapshot save was 1.3-1.5x etcdctl.
 * Also, etcd3's own snapshot() never sends the auth token (pitfalls doc).
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

/** A connection to one member for taking a snapshot. Close it when done. */
export class SnapshotRpc {
  private readonly channel: GrpcChannel;
  private metadata: Record<string, string> = {};

  constructor(
    private readonly config: ConnectionConfig,
    endpoint: Endpoint,
  ) {
    this.channel = new GrpcChannel(endpoint, readTlsCredentials(config.tls));
  }

  /**
   * Logs in when the config has a user (the token goes with every later call), then
   * returns the member's revision. Both calls have the dial timeout: they are the connect check.
   */
  async start(): Promise<string> {
    const timeout = this.config.dialTimeoutMs;
    if (this.config.username !== undefined) {
      const request = encodeStrings([
        [AUTH_NAME, this.config.username],
        [AUTH_PASSWORD, this.config.password ?? ''],
      ]);
      const token = decodeToken(await this.channel.unary(AUTHENTICATE, request, {}, timeout));
      this.metadata = { token };
    }
    return decodeHeaderRevision(await this.channel.unary(STATUS, EMPTY, this.metadata, timeout));
  }

  snapshot(): ServerStream<SnapshotChunk> {
    return this.channel.serverStream(SNAPSHOT, EMPTY, this.metadata, decodeSnapshotChunk);
  }

  close(): void {
    this.channel.close();
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

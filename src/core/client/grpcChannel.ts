import { EventEmitter } from 'events';
import * as http2 from 'http2';
import type { Endpoint } from '../config/endpoints';
import { FLOW_CONTROL_WINDOW } from './channelOptions';
import type { TlsCredentials } from './tlsCredentials';

/**
 * Just enough gRPC over node:http2 for unary calls and one server stream, for the
 * snapshot path (snapshot/snapshotRpc.ts says why it does not use grpc-js). The wire
 * protocol is gRPC's HTTP/2 mapping: a POST with `content-type: application/grpc`,
 * messages framed as 1 byte flag + 4 bytes length + bytes, the outcome in the
 * `grpc-status` / `grpc-message` trailers (or headers, for a trailers-only reply).
 */

const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
const DEADLINE_EXCEEDED = 4;

/** A call that ended with a gRPC status other than OK; the message reads as grpc-js writes it. */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`${code} ${STATUS_NAMES[code] ?? 'UNKNOWN'}: ${details}`);
    this.name = 'GrpcStatusError';
  }
}

/** The events of a server-streaming call: each message, then end or one error. */
export interface ServerStream<T> {
  on(event: 'data', fn: (message: T) => void): this;
  on(event: 'end', fn: () => void): this;
  on(event: 'error', fn: (err: Error) => void): this;
  cancel(): void;
}

/** One HTTP/2 connection to one etcd member. Close it when done. */
export class GrpcChannel {
  private readonly session: http2.ClientHttp2Session;
  private readonly secure: boolean;
  private connected = false;
  private failure: Error | undefined;

  constructor(endpoint: Endpoint, tls: TlsCredentials | undefined) {
    const options: http2.SecureClientSessionOptions = { settings: { initialWindowSize: FLOW_CONTROL_WINDOW } };
    if (endpoint.secure || tls) {
      // An empty CA buffer means "the system's roots", as with grpc-js.
      options.ca = tls?.rootCertificate.length ? tls.rootCertificate : undefined;
      options.key = tls?.privateKey;
      options.cert = tls?.certChain;
      options.ALPNProtocols = ['h2'];
    }
    const url = tls && !endpoint.secure ? endpoint.url.replace(/^http:/, 'https:') : endpoint.url;
    this.secure = url.startsWith('https:');
    this.session = http2.connect(url, options);
    // The per-stream window is a setting; the whole connection's is raised here.
    this.session.once('connect', () => {
      this.connected = true;
      this.session.setLocalWindowSize(FLOW_CONTROL_WINDOW);
    });
    // Connection failures (refused, TLS) arrive here; every open call hears of them
    // through its stream, and a call started later gets this error.
    this.session.on('error', err => (this.failure ??= this.explain(err)));
  }

  /** One request, one reply message; `timeoutMs` bounds the whole call (the dial included). */
  unary(path: string, request: Buffer, metadata: Record<string, string>, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let reply: Buffer | undefined;
      const call = this.start(path, request, { ...metadata, 'grpc-timeout': `${timeoutMs}m` }, (message: Buffer) => message);
      const timer = setTimeout(() => {
        call.cancel();
        reject(new GrpcStatusError(DEADLINE_EXCEEDED, `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      call.on('data', message => (reply ??= message));
      call.on('error', (err: Error) => {
        clearTimeout(timer);
        reject(err);
      });
      call.on('end', () => {
        clearTimeout(timer);
        if (reply) {
          resolve(reply);
        } else {
          reject(new GrpcStatusError(13, 'the reply carried no message'));
        }
      });
    });
  }

  /** A server-streaming call: messages as they arrive, decoded, with no deadline. A message that does not decode ends the call with that error. */
  serverStream<T>(path: string, request: Buffer, metadata: Record<string, string>, decode: (message: Buffer) => T): ServerStream<T> {
    return this.start(path, request, metadata, decode);
  }

  close(): void {
    this.session.destroy();
  }

  /**
   * A plain endpoint given as https:// mostly ends the TLS handshake cleanly, but
   * sometimes resets it: say then that it is the handshake that failed.
   */
  private explain(err: Error): Error {
    const resetInHandshake = this.secure && !this.connected && (err as NodeJS.ErrnoException).code === 'ECONNRESET';
    return resetInHandshake ? new Error(`connection reset during the TLS handshake (${err.message})`) : err;
  }

  private start<T>(path: string, request: Buffer, metadata: Record<string, string>, decode: (message: Buffer) => T): CallEvents<T> {
    const events = new CallEvents<T>();
    if (this.failure || this.session.destroyed) {
      const failure = this.failure ?? new Error('the connection is closed');
      process.nextTick(() => events.fail(failure));
      return events;
    }
    const stream = this.session.request({
      ...metadata,
      [http2.constants.HTTP2_HEADER_METHOD]: 'POST',
      [http2.constants.HTTP2_HEADER_PATH]: path,
      [http2.constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
      te: 'trailers',
    });
    events.cancel = () => {
      events.ended = true;
      stream.close(http2.constants.NGHTTP2_CANCEL);
    };
    const broken = (err: Error) => {
      events.fail(err);
      stream.close(http2.constants.NGHTTP2_CANCEL);
    };
    const frames = new MessageFramer(message => {
      let decoded: T;
      try {
        decoded = decode(message);
      } catch (err) {
        broken(err as Error);
        return;
      }
      events.message(decoded);
    }, broken);
    let status: { code: number; details: string } | undefined;
    const readStatus = (headers: http2.IncomingHttpHeaders) => {
      const code = headers['grpc-status'];
      if (code !== undefined) {
        status = { code: Number(code), details: decodeGrpcMessage(headers['grpc-message']) };
      }
    };
    stream.on('response', headers => {
      const httpStatus = Number(headers[http2.constants.HTTP2_HEADER_STATUS]);
      if (httpStatus !== 200) {
        events.fail(new GrpcStatusError(14, `the endpoint answered HTTP ${httpStatus}, not gRPC (is it an etcd client URL?)`));
        stream.close(http2.constants.NGHTTP2_CANCEL);
        return;
      }
      readStatus(headers); // a trailers-only reply: an error before any message
    });
    stream.on('trailers', readStatus);
    stream.on('data', (chunk: Buffer) => frames.push(chunk));
    // A stream cancelled by a failed connection names the failure as its cause.
    stream.on('error', err => events.fail(this.failure ?? this.explain(err.cause instanceof Error ? err.cause : err)));
    stream.on('close', () => {
      if (!status) {
        events.fail(this.failure ?? new GrpcStatusError(14, `the stream closed without a status (HTTP/2 code ${stream.rstCode})`));
      } else if (status.code !== 0) {
        events.fail(new GrpcStatusError(status.code, status.details));
      } else if (!frames.empty) {
        events.fail(new GrpcStatusError(13, 'the stream ended inside a message'));
      } else {
        events.finish();
      }
    });
    const framed = Buffer.alloc(5 + request.length);
    framed.writeUInt32BE(request.length, 1);
    request.copy(framed, 5);
    stream.end(framed);
    return events;
  }
}

/** The events of one call, each outcome once: end or error, never both. */
class CallEvents<T> extends EventEmitter implements ServerStream<T> {
  ended = false;
  cancel: () => void = () => {
    this.ended = true;
  };

  message(message: T): void {
    if (!this.ended) {
      this.emit('data', message);
    }
  }

  fail(err: Error): void {
    if (!this.ended) {
      this.ended = true;
      this.emit('error', err);
    }
  }

  finish(): void {
    if (!this.ended) {
      this.ended = true;
      this.emit('end');
    }
  }
}

/** Cuts the byte stream into gRPC messages (flag, length, bytes), across and within chunks. */
class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(
    private readonly onMessage: (message: Buffer) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  get empty(): boolean {
    return this.buffered === 0;
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 5) {
      const head = this.chunks[0].length >= 5 ? this.chunks[0] : this.joined();
      if (head[0] !== 0) {
        this.onError(new GrpcStatusError(13, 'a compressed message arrived, and none was asked for'));
        this.chunks = [];
        this.buffered = 0;
        return;
      }
      const end = 5 + head.readUInt32BE(1);
      if (this.buffered < end) {
        return;
      }
      // Most messages lie within one chunk: a view, no copy.
      const all = this.chunks[0].length >= end ? this.chunks[0] : this.joined();
      const rest = all.subarray(end);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.onMessage(all.subarray(5, end));
    }
  }

  private joined(): Buffer {
    const all = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }
}

/** grpc-message is percent-encoded (gRPC's HTTP/2 mapping). */
function decodeGrpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

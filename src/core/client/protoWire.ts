/**
 * The protobuf wire format, as far as the hand-coded etcd messages need it (listings in
 * keys/rawRange.ts, snapshots in snapshot/): the one place that reads and writes
 * varints and length-delimited fields, every read bounds-checked (a truncated or
 * overlong message is a ProtoError, never a loop or a read past the end).
 */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

export class ProtoError extends Error {}

/** Calls `onField` for each field of a message; varints as bigint, length-delimited as views. */
export function readFields(message: Buffer, onField: (field: number, value: bigint | Buffer) => void): void {
  const reader = new Reader(message);
  while (!reader.done) {
    const tag = reader.varint();
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === VARINT) {
      onField(field, reader.varint());
    } else if (wire === LENGTH_DELIMITED) {
      onField(field, reader.bytes());
    } else if (wire === FIXED64 || wire === FIXED32) {
      reader.skip(wire === FIXED64 ? 8 : 4);
    } else {
      throw new ProtoError(`malformed message: wire type ${wire} in field ${field}`);
    }
  }
}

/** Encodes a message of string fields (field number, value), skipping undefined ones. */
export function encodeStrings(fields: ReadonlyArray<readonly [number, string | undefined]>): Buffer {
  return Buffer.concat(fields.filter(([, value]) => value !== undefined).map(([field, value]) => bytesField(field, Buffer.from(value!, 'utf8'))));
}

/** A varint: `value` as an unsigned 64-bit number (a negative int64 as its two's complement, as protobuf writes it). */
export function encodeVarint(value: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

/** A varint field: its tag (wire type 0), then the value. */
export function varintField(field: number, value: bigint): Buffer {
  return Buffer.concat([encodeVarint(BigInt(field * 8 + VARINT)), encodeVarint(value)]);
}

/** A length-delimited field: its tag (wire type 2), the length, the bytes. */
export function bytesField(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([encodeVarint(BigInt(field * 8 + LENGTH_DELIMITED)), encodeVarint(BigInt(bytes.length)), bytes]);
}

class Reader {
  private at = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.at >= this.buf.length;
  }

  varint(): bigint {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (this.at >= this.buf.length || shift > 63n) {
        throw new ProtoError('malformed message: a truncated or overlong varint');
      }
      const byte = this.buf[this.at++];
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        return value;
      }
      shift += 7n;
    }
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    const end = this.at + length;
    if (end > this.buf.length) {
      throw new ProtoError('malformed message: a field runs past its end');
    }
    const view = this.buf.subarray(this.at, end);
    this.at = end;
    return view;
  }

  skip(n: number): void {
    if (this.at + n > this.buf.length) {
      throw new ProtoError('malformed message: a fixed-size field runs past its end');
    }
    this.at += n;
  }
}

/**
 * A position in one message for hot paths (a listing walks a million keys): varints
 * as numbers (revisions, lengths and counts fit in 2^53), no array or BigInt per field.
 */
export class NumberCursor {
  constructor(
    public buf: Buffer,
    public pos = 0,
  ) {}

  /** Moves to another message (a hot loop keeps one cursor instead of one per message). */
  reset(buf: Buffer, pos = 0): this {
    this.buf = buf;
    this.pos = pos;
    return this;
  }

  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    let shift = 1;
    for (;;) {
      if (pos >= buf.length || shift > 2 ** 63) {
        throw new ProtoError('malformed message: a truncated or overlong varint');
      }
      const b = buf[pos++];
      result += (b & 0x7f) * shift;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
      shift *= 128;
    }
  }

  /** A varint as a decimal string, exactly (a 64-bit lease ID); `signed` reads it as int64. */
  varintDecimal(signed = false): string {
    const buf = this.buf;
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= buf.length || shift > 63n) {
        throw new ProtoError('malformed message: a truncated or overlong varint');
      }
      const b = buf[this.pos++];
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        return (signed ? BigInt.asIntN(64, value) : BigInt.asUintN(64, value)).toString();
      }
      shift += 7n;
    }
  }

  /**
   * Reads a length-delimited value's length and returns where its bytes end; the cursor
   * stays at their start (`pos`). Nothing is allocated: listings call this per key.
   */
  delimitedEnd(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.buf.length) {
      throw new ProtoError('malformed message: a field runs past its end');
    }
    return end;
  }

  /** Steps over a field's value of wire type `wire`. */
  skip(wire: number): void {
    if (wire === VARINT) {
      this.varint();
    } else if (wire === LENGTH_DELIMITED) {
      const length = this.varint();
      this.pos += length;
    } else if (wire === FIXED64 || wire === FIXED32) {
      this.pos += wire === FIXED64 ? 8 : 4;
    } else {
      throw new ProtoError(`malformed message: wire type ${wire}`);
    }
    if (this.pos > this.buf.length) {
      throw new ProtoError('malformed message: a field runs past its end');
    }
  }
}

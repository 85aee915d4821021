/**
 * A minimal reader of the protobuf wire format: enough to decode what OpenTelemetry's OTLP
 * exporter sends, field by field, without generated code.
 */

/** The raw fields of one message: field number to its values (varints, fixed64s or bytes). */
export type WireFields = Map<number, (bigint | Uint8Array)[]>;

/** Splits `bytes` into its fields. Unknown wire types (groups, fixed32) are rejected. */
export function readFields(bytes: Uint8Array): WireFields {
  const fields: WireFields = new Map();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error('truncated varint');
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    let value: bigint | Uint8Array;
    if (wireType === 0) value = varint();
    else if (wireType === 1) {
      value = new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigUint64(0, true);
      at += 8;
    } else if (wireType === 2) {
      const length = Number(varint());
      value = bytes.subarray(at, at + length);
      at += length;
    } else if (wireType === 5) {
      value = BigInt(new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true));
      at += 4;
    } else {
      throw new Error(`unsupported wire type ${wireType} for field ${field}`);
    }
    const values = fields.get(field) ?? [];
    values.push(value);
    fields.set(field, values);
  }
  return fields;
}

/** The length-delimited values of `field`. */
export const messages = (fields: WireFields, field: number): Uint8Array[] =>
  (fields.get(field) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array);

/** The first varint or fixed value of `field`, or `undefined`. */
export const scalar = (fields: WireFields, field: number): bigint | undefined =>
  (fields.get(field) ?? []).find((v): v is bigint => typeof v === 'bigint');

/** The first string value of `field`, or ''. */
export const text = (fields: WireFields, field: number): string => {
  const bytes = messages(fields, field)[0];
  return bytes === undefined ? '' : new TextDecoder().decode(bytes);
};

/** The first bytes value of `field`, as lowercase hex ('' when absent). */
export const hex = (fields: WireFields, field: number): string =>
  Buffer.from(messages(fields, field)[0] ?? new Uint8Array()).toString('hex');

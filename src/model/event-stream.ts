/**
 * The AWS event-stream framing that Bedrock's `ConverseStream` answers with
 * (`application/vnd.amazon.eventstream`), encoding only: each message is a prelude (total length,
 * headers length, CRC-32 of those 8 bytes), headers, a JSON payload and a CRC-32 of everything
 * before it. The AWS SDK checks both checksums, so a frame it decodes is a frame built right.
 * Headers are all strings (type 7): `:message-type` (`event`), `:event-type` and `:content-type`.
 */
import { crc32 } from 'node:zlib';

const STRING_HEADER = 7;
const utf8 = new TextEncoder();

function encodeHeaders(headers: Readonly<Record<string, string>>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = utf8.encode(name);
    const v = utf8.encode(value);
    const part = new Uint8Array(1 + n.byteLength + 1 + 2 + v.byteLength);
    const view = new DataView(part.buffer);
    part[0] = n.byteLength;
    part.set(n, 1);
    part[1 + n.byteLength] = STRING_HEADER;
    view.setUint16(2 + n.byteLength, v.byteLength);
    part.set(v, 4 + n.byteLength);
    parts.push(part);
  }
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** One framed message. */
export function encodeEventMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const h = encodeHeaders(headers);
  const total = 12 + h.byteLength + payload.byteLength + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, h.byteLength);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  out.set(h, 12);
  out.set(payload, 12 + h.byteLength);
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)));
  return out;
}

/** An event of the stream (`messageStart`, `contentBlockDelta`, ..., `metadata`) with its JSON payload. */
export function eventMessage(eventType: string, payload: unknown): Uint8Array<ArrayBuffer> {
  return encodeEventMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, utf8.encode(JSON.stringify(payload)));
}

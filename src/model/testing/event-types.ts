/**
 * Test helper: the `:event-type` of each AWS event-stream message in `bytes`, read from the
 * preludes and headers only (the AWS SDK's decoder, in converse-stream.test.ts, checks the
 * framing and checksums themselves).
 */
export function eventTypes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('utf8');
  const out: string[] = [];
  for (let at = 0; at < bytes.byteLength; at += view.getUint32(at)) {
    const end = at + 12 + view.getUint32(at + 4);
    for (let h = at + 12; h < end;) {
      const name = text(h + 1, h + 1 + bytes[h]!);
      h += 2 + bytes[h]!;
      const len = view.getUint16(h);
      if (name === ':event-type') out.push(text(h + 2, h + 2 + len));
      h += 2 + len;
    }
  }
  return out;
}

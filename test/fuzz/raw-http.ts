/**
 * HTTP/1.1 over a raw socket, for what no HTTP client will send: any Host value, any method
 * (TRACE, CONNECT, PROPFIND…), any request target, bodies streamed past the limit. One request
 * per connection (`Connection: close`); the answer is read until the server closes.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed or reset before a complete status line. */
  dropped: boolean;
}

export interface RawRequest {
  method: string;
  target: string;
  /** Header lines as sent; `host` is added only when given here. */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Stream this many bytes of `x` as a chunked body (stopping once the server answers). */
  chunkedBytes?: number;
}

function parse(raw: Buffer): RawAnswer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  if (!m || end < 0) return { status: 0, headers: {}, body: '', dropped: true };
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const nl = body.indexOf('\r\n', at);
      if (nl < 0) break;
      const size = parseInt(body.subarray(at, nl).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(body.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: Number(m[1]), headers, body: body.toString('utf8'), dropped: false };
}

export function rawRequest(port: number, req: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let answered = false;
    socket.on('data', (d) => {
      chunks.push(d);
      answered = true;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(parse(Buffer.concat(chunks))));
    // generous: a starved machine is reported by the latency check, not as a dropped connection
    socket.setTimeout(120_000, () => socket.destroy());
    const lines = [`${req.method} ${req.target} HTTP/1.1`, 'connection: close'];
    for (const [k, v] of Object.entries(req.headers ?? {})) lines.push(`${k}: ${v}`);
    if (req.chunkedBytes !== undefined) {
      lines.push('transfer-encoding: chunked');
      socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < req.chunkedBytes! && !answered && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))) {
            socket.once('drain', pump);
            return;
          }
        }
        if (!socket.destroyed) socket.write('0\r\n\r\n');
      };
      pump();
      return;
    }
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    if (body) lines.push(`content-length: ${body.length}`);
    socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body ?? Buffer.alloc(0)]));
  });
}

/**
 * The express adapter: translates an express request into a Fetch Request for the simulator,
 * writes the Response back, and carries out the engine's transport directive on the real
 * socket — the one thing only this layer can do (a reset, a hang, a body cut short).
 *
 * The request URL handed to the simulator is built from a fixed base (the public URL, else the
 * address the socket was accepted on) and the request path: the Host header never takes part
 * in routing or in absolute links, and a malformed one is a 400. Every error — ours or express's
 * — is answered in the API's own format, never as express's HTML page with a stack trace.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import express, { type Express, type NextFunction, type Request as ExpressRequest, type RequestHandler, type Response as ExpressResponse } from 'express';
import type { Simulator } from '../simulator.js';
import { badRequest, normalizeError, OperationOutcomeError, outcome } from '../core/operation-outcome.js';
import { errorResponse, methodNotAllowedResponse } from '../core/router.js';
import { isValidHost } from './host-header.js';
import { bufferedRequest } from '../core/held-body.js';
import { nodeRequest } from '../core/node-request.js';
import { isStreamed } from '../core/streamed-body.js';
import { selfMovingClockWait, type ClockWait } from '../core/clock-wait.js';

// unref: a delay or a hung connection must not keep the process alive on its own
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Methods Node's parser accepts but a Fetch Request cannot carry: answered 405 here. */
const FETCH_FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

export interface ExpressAdapterOptions {
  /**
   * Base of the request URLs handed to the simulator, e.g. `http://127.0.0.1:4010`. Default:
   * the address the connection was accepted on. Absolute links in responses use the
   * simulator's `publicUrl` when configured, else this.
   */
  baseUrl?: string;
  /**
   * Routes served ahead of the simulator on the same port (`serve` mounts the web console's
   * router here once it knows its own address); what they do not answer goes on to the simulator.
   */
  before?: RequestHandler;
  /**
   * The paths `before` answers (e.g. the console's `/` and `/console/…`): `createSimulatorServer`
   * sends only those through express and every other request straight to the simulator.
   * Without it, every request goes through express first.
   */
  beforeOwns?: (pathname: string) => boolean;
  /**
   * How an answer that takes simulated time (the model gateway's latency) waits. Default: on the
   * simulator's clock when it moves by itself (real, dilated); on a virtual clock the time is
   * reported, not waited. The e2e harness passes a wait on its virtual clock that also tells its
   * runtime who is parked.
   */
  clockWait?: ClockWait;
}

function socketBase(socket: Socket): string {
  const address = socket.localAddress ?? '127.0.0.1';
  return `http://${address.includes(':') ? `[${address}]` : address}:${socket.localPort ?? 80}`;
}

/** The path and query of a request target: origin-form as is, absolute-form reduced to its path; anything else undefined. */
function pathOf(target: string): string | undefined {
  if (target.startsWith('/')) return target;
  try {
    const u = new URL(target);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.pathname + u.search : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The request body, whole, or its first `limit + 1` bytes when it is longer (the rest is left
 * unread: the 413 goes out while a client may still be sending). A declared Content-Length
 * over the limit is not read at all: the body limit refuses it from the header.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  if (Number(req.headers['content-length'] ?? NaN) > limit || req.readableEnded) return Promise.resolve(new Uint8Array(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) return reject(err);
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > limit) {
        req.pause();
        finish();
      }
    };
    const onEnd = () => finish();
    const onClose = () => finish(Object.assign(new Error('the client closed the connection before the request body ended'), { status: 400 }));
    // a stream error while reading is the client's doing (it went away: ECONNRESET "aborted"), not ours
    const onError = (err: Error) => finish(Object.assign(new Error(`the request body could not be read: ${err.message}`), { status: 400 }));
    req.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  if (isStreamed(response) && response.body) {
    res.statusCode = response.status;
    response.headers.forEach((value, key) => res.setHeader(key, value));
    // each event as it is produced; a client that goes away cancels the rest (and the clock waits behind it)
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(() => {});
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.end(body);
}

/** Any error while answering: our format, no internals; a response already under way is cut off. */
function answerError(res: ServerResponse, err: unknown, url: string | undefined): void {
  const status = (err as { status?: number })?.status;
  const e = typeof status === 'number' && status >= 400 && status < 500
    ? new OperationOutcomeError(outcome('invalid', `the request could not be read (HTTP ${status})`), status)
    : normalizeError(err);
  if (e.status >= 500) console.error('[prior-auth-sim] unhandled adapter error', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  void send(res, errorResponse(e, (pathOf(url ?? '/') ?? '/').split('?')[0]!));
}

/**
 * One request to the simulator on Node's own request and response: the whole adapter, with
 * nothing of express on the way (express alone held a trivial handler to about a quarter of a
 * bare node:http server's rate here). `createExpressApp` mounts it; `createSimulatorServer`
 * serves it directly.
 */
export function createNodeHandler(sim: Simulator, options: Pick<ExpressAdapterOptions, 'baseUrl' | 'clockWait'> = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const clockWait = options.clockWait ?? selfMovingClockWait(sim.clock);
  return async (req, res) => {
    try {
      await answer(req, res);
    } catch (err) {
      answerError(res, err, req.url);
    }
  };

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = pathOf(req.url ?? '/');
    const pathname = (target ?? '/').split('?')[0]!;
    const host = req.headers.host;
    if (target === undefined || (host !== undefined && !isValidHost(host))) {
      const what = target === undefined ? `request target "${(req.url ?? '').slice(0, 200)}" is not a path` : `Host header "${host!.slice(0, 200)}" is not a valid host[:port]`;
      return send(res, errorResponse(badRequest(what, target === undefined ? 'request-target' : 'Host'), pathname));
    }
    if (FETCH_FORBIDDEN_METHODS.has(method)) return send(res, methodNotAllowedResponse(sim.routes(), method, pathname));
    const hasBody = method !== 'GET' && method !== 'HEAD';
    // a plain record: the Request makes its Headers from it when first read
    const headers: Record<string, string> = Object.create(null) as Record<string, string>; // a header named __proto__ stays a header
    const incoming = req.headers;
    // keys, not entries: no [name, value] array per header per request
    for (const k of Object.keys(incoming)) {
      const v = incoming[k];
      if (v === undefined) continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const url = (options.baseUrl ?? socketBase(req.socket)) + target;
    // the body read here, in full but never past the limit (one byte over is enough for the 413)
    const request = hasBody ? bufferedRequest(url, method, headers, await readBody(req, sim.config.bodyLimitBytes)) : nodeRequest(url, method, headers);
    const dispatched = await sim.dispatch(request, { sleep, clockWait });
    const action = dispatched.directive?.action;
    const socket = req.socket;
    if (action?.kind === 'reset') {
      // A TCP RST where the platform offers it: the client sees ECONNRESET, not a clean close.
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    if (action?.kind === 'hang') {
      const cap = setTimeout(() => socket.destroy(), action.capMs);
      cap.unref();
      socket.once('close', () => clearTimeout(cap));
      return;
    }
    if (action?.kind === 'truncate') {
      const { response } = dispatched;
      const body = Buffer.from(await response.arrayBuffer());
      res.statusCode = response.status;
      response.headers.forEach((value, key) => res.setHeader(key, value));
      res.setHeader('content-length', String(body.byteLength));
      res.flushHeaders();
      res.write(body.subarray(0, action.bytes), () => socket.destroy());
      return;
    }
    const { wire } = dispatched;
    if (!wire) return send(res, dispatched.response);
    res.statusCode = wire.status;
    wire.headers.forEach((value, key) => res.setHeader(key, value));
    res.end(wire.body);
  }
}

export function createExpressApp(sim: Simulator, options: ExpressAdapterOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (options.before) app.use(options.before);
  app.use(createNodeHandler(sim, options));
  // express-level errors (a body stream that broke in a `before` route, anything thrown there): our format, no internals
  app.use((err: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => answerError(res, err, req.originalUrl));
  return app;
}

/**
 * What the server runs per request: the Node handler, and express only for the paths `before`
 * owns (all of them when it does not say which).
 */
function serverHandler(sim: Simulator, options: ExpressAdapterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const direct = createNodeHandler(sim, options);
  if (!options.before) return (req, res) => void direct(req, res);
  const app = createExpressApp(sim, options);
  const owns = options.beforeOwns;
  if (!owns) return app;
  return (req, res) => {
    const path = (pathOf(req.url ?? '/') ?? '/').split('?')[0]!;
    if (owns(path)) app(req, res);
    else void direct(req, res);
  };
}

/** A Response written straight to a socket (for requests express never sees), then the connection closed. */
function writeRaw(socket: Duplex, statusLine: string, response: Response): void {
  void response.text().then((body) => {
    const head = [`HTTP/1.1 ${statusLine}`];
    response.headers.forEach((v, k) => head.push(`${k}: ${v}`));
    head.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close');
    if (socket.writable) socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}

/** The method and path of a request the parser refused, read from its first line (best effort). */
function requestLine(raw: Buffer | undefined): { method: string; path: string } {
  const line = (raw ?? Buffer.alloc(0)).subarray(0, 8192).toString('latin1').split('\r\n')[0] ?? '';
  const [method = '', target = '/'] = line.split(' ');
  return { method: method.slice(0, 32), path: (pathOf(target) ?? '/').split('?')[0]! };
}

/**
 * The simulator's HTTP server: the express app plus what express never sees. A CONNECT
 * request (Node hands it to the server's `connect` event, and without a listener drops the
 * connection) and a method Node's parser does not know (TRACK, BREW) get the same 405 as any
 * other unsupported method; any other malformed request a 400 in the API's format, not Node's
 * empty one.
 */
export function createSimulatorServer(sim: Simulator, options: ExpressAdapterOptions = {}): Server {
  const server = createServer(serverHandler(sim, options));
  server.on('connect', (_req, socket: Socket) => {
    socket.on('error', () => undefined);
    writeRaw(socket, '405 Method Not Allowed', methodNotAllowedResponse(sim.routes(), 'CONNECT', '/'));
  });
  server.on('clientError', (err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    socket.on('error', () => undefined);
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { method, path } = requestLine(err.rawPacket);
    if (err.code === 'HPE_INVALID_METHOD') writeRaw(socket, '405 Method Not Allowed', methodNotAllowedResponse(sim.routes(), method || 'UNKNOWN', path));
    else if (err.code === 'HPE_HEADER_OVERFLOW') writeRaw(socket, '431 Request Header Fields Too Large', errorResponse(new OperationOutcomeError(outcome('too-costly', 'request headers are too large'), 431), path));
    else writeRaw(socket, '400 Bad Request', errorResponse(badRequest(`malformed HTTP request (${err.code ?? 'parse error'})`), path));
  });
  return server;
}

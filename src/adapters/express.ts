/**
 * The express adapter: translates an express request into a Fetch Request for the simulator,
 * writes the Response back, and carries out the engine's transport directive on the real
 * socket — the one thing only this layer can do (a reset, a hang, a body cut short).
 */
import express, { type Express } from 'express';
import type { Simulator } from '../simulator.js';

// unref: a delay or a hung connection must not keep the process alive on its own
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createExpressApp(sim: Simulator): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(async (req, res) => {
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const request = new Request(origin + req.originalUrl, {
      method: req.method,
      headers,
      body: hasBody ? (req as unknown as ReadableStream) : undefined,
      // @ts-expect-error duplex is required by undici for streamed request bodies
      duplex: hasBody ? 'half' : undefined,
    });
    const { response, directive } = await sim.dispatch(request, { sleep });
    const action = directive?.action;
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
    const body = Buffer.from(await response.arrayBuffer());
    res.status(response.status);
    response.headers.forEach((value, key) => res.setHeader(key, value));
    if (action?.kind === 'truncate') {
      res.setHeader('content-length', String(body.byteLength));
      res.flushHeaders();
      res.write(body.subarray(0, action.bytes), () => socket.destroy());
      return;
    }
    res.end(body);
  });
  return app;
}

/**
 * The express adapter: translates an express request into a Fetch Request for the simulator
 * and writes the Response back. A thin bridge; socket-level faults land here later.
 */
import express, { type Express } from 'express';
import type { Simulator } from '../simulator.js';

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
    const response = await sim.handle(request);
    res.status(response.status);
    response.headers.forEach((value, key) => res.setHeader(key, value));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return app;
}

/**
 * Listening that tells the truth: resolves once the port is bound, rejects with a
 * `ListenError` naming the address when it cannot be (most often: the port is in use), instead
 * of printing "listening" and leaving an unhandled 'error' event behind.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The exit code of a process that could not bind its port (the supervisor treats it as fatal). */
export const EXIT_PORT_IN_USE = 3;

export class ListenError extends Error {
  constructor(readonly address: string, readonly code: string | undefined, cause: Error) {
    super(code === 'EADDRINUSE'
      ? `${address} is already in use: stop whatever listens there or choose another port`
      : `cannot listen on ${address}: ${cause.message}`);
  }
}

export function listen(app: { listen(port: number, host: string): Server }, port: number, host: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', (err: NodeJS.ErrnoException) => reject(new ListenError(`${host}:${port}`, err.code, err)));
    server.once('listening', () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({ server, url: `http://${host}:${bound}` });
    });
  });
}

/** Close a server and every connection it holds. */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

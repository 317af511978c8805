/**
 * What the contract suite talks to: a base URL and a way to send requests there. `httpTarget`
 * is any server (ours, or a team's own payer sandbox); `handlerTarget` is anything with a
 * `handle(Request)` (the simulator in-process). `controllable` says the admin API is there.
 */
import type { RequestHandler, TestClientAuth } from '../test-client.js';

export interface ContractTarget {
  readonly name: string;
  /** Absolute base URL requests are made against. */
  readonly baseUrl: string;
  /** True when the simulator's admin API (clock, reset, ledger) can be used. */
  readonly controllable: boolean;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

async function authorize(auth: TestClientAuth | undefined, request: Request): Promise<Request> {
  if (auth?.token) request.headers.set('authorization', `Bearer ${await auth.token({ refresh: false })}`);
  return auth?.authorize ? auth.authorize(request) : request;
}

/**
 * @example
 * const target = httpTarget('http://127.0.0.1:4010', { controllable: true });
 */
export function httpTarget(baseUrl: string, o: { controllable?: boolean; auth?: TestClientAuth; fetch?: RequestHandler; name?: string } = {}): ContractTarget {
  const base = baseUrl.replace(/\/$/, '');
  const send = o.fetch ?? ((r: Request) => globalThis.fetch(r));
  return {
    name: o.name ?? base,
    baseUrl: base,
    controllable: o.controllable ?? false,
    fetch: async (path, init) => send(await authorize(o.auth, new Request(base + path, init))),
    close: async () => {},
  };
}

/** The simulator (or anything with `handle`) in-process, under a made-up origin. */
export function handlerTarget(sim: { handle: RequestHandler }, o: { name?: string; baseUrl?: string; controllable?: boolean } = {}): ContractTarget {
  return httpTarget(o.baseUrl ?? 'http://sim.test', { name: o.name ?? 'in-process', controllable: o.controllable ?? true, fetch: (r) => sim.handle(r) });
}

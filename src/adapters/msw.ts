/**
 * msw handlers for the simulator, for teams mocking it inside their own tests: every request to
 * the simulator's origin is dispatched in-process, and the engine's transport directive becomes
 * what msw can express — a network error for a reset or a lost response, a real delay (a model
 * call's latency: on the simulator's clock, unless it is virtual), a
 * never-answered request (capped), a body stream that errors part-way for truncation.
 *
 * @example
 * const server = setupServer(...createHandlers(createSimulator({ config: { seed: 7 } }), { origin: 'http://sim.test' }));
 * server.listen();
 * await fetch('http://sim.test/ehr/fhir/Patient');
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { truncatedResponse } from '../core/faults/transport-directive.js';
import type { Simulator } from '../simulator.js';
import { selfMovingClockWait } from '../core/clock-wait.js';

export interface MswHandlerOptions {
  /** Only requests to this origin reach the simulator (e.g. `http://sim.test`); default: every request. */
  origin?: string;
}

/** Resolve after `capMs` or when the client aborts, whichever comes first. */
function hang(capMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // unref: a hung request must not keep the test process alive
    const timer = setTimeout(resolve, capMs);
    timer.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export function createHandlers(sim: Simulator, options: MswHandlerOptions = {}): HttpHandler[] {
  const path = options.origin ? `${options.origin.replace(/\/$/, '')}/*` : '*';
  return [
    http.all(path, async ({ request }) => {
      const { response, directive } = await sim.dispatch(request, { sleep: (ms) => delay(ms), clockWait: selfMovingClockWait(sim.clock) });
      const action = directive?.action;
      if (action?.kind === 'reset') return HttpResponse.error();
      if (action?.kind === 'hang') {
        await hang(action.capMs, request.signal);
        return HttpResponse.error();
      }
      // Best effort: msw cannot send a lying Content-Length on a socket, so the body stream errors after the prefix.
      if (action?.kind === 'truncate') return truncatedResponse(response, new Uint8Array(await response.arrayBuffer()), action.bytes);
      return response;
    }),
  ];
}

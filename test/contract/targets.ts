/**
 * Where the contract suites send their requests: the simulator in-process, over a real express
 * server, through msw, or any external base URL (PRIOR_AUTH_SIM_BASE_URL: ours elsewhere, or a
 * team's own payer sandbox; `prior-auth-sim contract --base-url` does the same from the command
 * line). Checks that need the admin API (clock, reset) skip external targets.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type Simulator } from '../../src/simulator.js';
import { createExpressApp } from '../../src/adapters/express.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { SimulatorConfigInput } from '../../src/contracts/config.js';
import { setupServer } from 'msw/node';
import { createHandlers } from '../../src/adapters/msw.js';
import { httpTarget, type ContractTarget } from '../../src/testkit/contract/contract-target.js';

export type { ContractTarget };

export type TargetFactory = (config?: SimulatorConfigInput) => Promise<ContractTarget>;

export const inProcess: TargetFactory = async (config) => {
  const sim: Simulator = createSimulator({ config: { seed: 1, ...config }, clock: new VirtualClock() });
  const baseUrl = 'http://sim.test';
  return { name: 'in-process', baseUrl, controllable: true, fetch: (path, init) => sim.handle(new Request(baseUrl + path, init)), close: async () => {} };
};

export const expressServer: TargetFactory = async (config) => {
  const sim = createSimulator({ config: { seed: 1, ...config }, clock: new VirtualClock() });
  const server: Server = await new Promise((resolve) => {
    const s = createExpressApp(sim).listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    name: 'express',
    baseUrl,
    controllable: true,
    fetch: (path, init) => fetch(baseUrl + path, init),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
};

/** msw intercepting the global fetch: how a team uses the simulator inside its own tests. */
export const mswHandlers: TargetFactory = async (config) => {
  const sim = createSimulator({ config: { seed: 1, ...config }, clock: new VirtualClock() });
  const baseUrl = 'http://sim.msw.test';
  const server = setupServer(...createHandlers(sim, { origin: baseUrl }));
  server.listen({ onUnhandledRequest: 'bypass' });
  return { name: 'msw', baseUrl, controllable: true, fetch: (path, init) => fetch(baseUrl + path, init), close: async () => server.close() };
};

export const external: TargetFactory = async () => httpTarget(process.env.PRIOR_AUTH_SIM_BASE_URL!, { name: 'external' });

/** The targets a suite runs against: in-process, express and msw always, plus an external URL when given. */
export function contractTargets(): Array<[string, TargetFactory]> {
  const list: Array<[string, TargetFactory]> = [['in-process', inProcess], ['express', expressServer], ['msw', mswHandlers]];
  if (process.env.PRIOR_AUTH_SIM_BASE_URL) list.push(['external', external]);
  return list;
}

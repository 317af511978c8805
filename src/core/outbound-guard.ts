/**
 * The simulator's outbound fetch behind the allowlist: a refused URL fails at once with an
 * `OutboundRefusedError` — no DNS lookup, no connection — so the result says nothing about
 * whether the target exists (no port-scan oracle). Routes that take a URL check it up front
 * and answer 4xx; this guard is the backstop for deliveries scheduled before a reset changed
 * the allowlist.
 */
import { outboundRefusal, type OutboundConfig } from '../contracts/outbound.js';

export class OutboundRefusedError extends Error {
  constructor(reason: string) {
    super(`outbound call refused: ${reason}`);
    this.name = 'OutboundRefusedError';
  }
}

export function guardOutbound(inner: typeof fetch, config: () => OutboundConfig): typeof fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const refused = outboundRefusal(config(), url);
    if (refused) return Promise.reject(new OutboundRefusedError(refused));
    return inner(input, init);
  };
}

/**
 * The token ledger's calls of one execution, as evidence for invariant 9, each placed on the
 * runtime's history where the transport allows: the in-process transport marks every journal
 * entry with the runtime's newest history `seq` when its request was sent, and the gateway
 * records one ledger row per answered Converse call, when it answers, so the two lists pair up
 * in order.
 */
import type { ModelCall, ModelLedger } from '../contracts/model-ledger.js';
import { IN_PROCESS_URL, type E2eEnvironment } from './e2e-environment.js';

export interface PlacedModelCall extends ModelCall {
  /** The runtime's newest history seq when the call was sent (in-process transport only). */
  historySeq?: number;
}

export async function modelCallsOf(env: E2eEnvironment, executionId: string): Promise<PlacedModelCall[]> {
  const res = await env.sim.handle(new Request(`${IN_PROCESS_URL}/__admin/model/ledger`));
  const all = ((await res.json()) as ModelLedger).calls;
  const answered = env.sim.journal.query().filter((e) => e.system === 'model' && e.handled && e.method === 'POST' && e.url.endsWith('/converse'));
  // paired only when nothing fell out of either bounded list
  const paired = answered.length === all.length && env.sentMarks.size > 0;
  return all
    .map((c, i): PlacedModelCall => {
      const mark = paired ? env.sentMarks.get(answered[i]!.seq) : undefined;
      return mark === undefined ? c : { ...c, historySeq: mark };
    })
    .filter((c) => c.executionId === executionId);
}

/**
 * The token ledger's state: every model call (the newest `capacity` kept in full) and running
 * totals per execution and agent, in state tables so a simulator with a data directory keeps
 * them across restarts.
 */
import type { ModelCall, ModelLedger, ModelTotals } from '../contracts/model-ledger.js';
import type { StateStore } from '../core/store/state-store.js';

const zero = (): ModelTotals => ({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, byOutcome: {} });

function add(t: ModelTotals, c: ModelCall): ModelTotals {
  return {
    calls: t.calls + 1, inputTokens: t.inputTokens + c.inputTokens, outputTokens: t.outputTokens + c.outputTokens,
    costUsd: round(t.costUsd + c.costUsd), byOutcome: { ...t.byOutcome, [c.outcome]: (t.byOutcome[c.outcome] ?? 0) + 1 },
  };
}

/** Cost in USD to a millionth of a cent: sums stay exact enough to compare. */
export const round = (usd: number) => Math.round(usd * 1e8) / 1e8;

export class ModelLedgerStore {
  private readonly calls;
  private readonly totals;
  private readonly meta;

  constructor(store: StateStore, private readonly capacity: number) {
    this.calls = store.table<ModelCall>('model.calls');
    this.totals = store.table<ModelTotals>('model.totals');
    this.meta = store.table<number>('model.meta');
  }

  /** Records a call (its `seq` assigned here) and returns it. */
  record(call: Omit<ModelCall, 'seq'>): ModelCall {
    const seq = (this.meta.get('seq') ?? 0) + 1;
    this.meta.set('seq', seq);
    const full: ModelCall = { seq, ...call };
    this.calls.set(String(seq), full);
    this.calls.delete(String(seq - this.capacity));
    for (const key of ['*', full.executionId, `${full.executionId}\t${full.agent ?? '(none)'}`]) this.totals.set(key, add(this.totals.get(key) ?? zero(), full));
    return full;
  }

  view(execution?: string): ModelLedger {
    const calls = [...this.calls.values()].filter((c) => execution === undefined || c.executionId === execution).sort((a, b) => a.seq - b.seq);
    const executions = new Map<string, ModelLedger['executions'][number]>();
    for (const [key, t] of this.totals.entries()) {
      if (key === '*' || key.includes('\t')) continue;
      if (execution === undefined || key === execution) executions.set(key, { executionId: key, ...t, agents: [] });
    }
    for (const [key, t] of this.totals.entries()) {
      const [exec, agent] = key.split('\t');
      if (agent !== undefined) executions.get(exec!)?.agents.push({ agent, ...t });
    }
    const totals = execution === undefined ? this.totals.get('*') ?? zero() : this.totals.get(execution) ?? zero();
    return { totals, executions: [...executions.values()], calls };
  }
}

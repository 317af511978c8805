/**
 * What one chaos run spent on the model, from the token ledger: tokens and cost, and the retry
 * overhead — tokens spent on calls whose answer the agent never used — by what caused it: the
 * fault (an error name, or the after-fault that lost the response), or `rejected-output` for a
 * completed answer the agent asked again for (cut at maxTokens, refused, malformed, wrong).
 */
import type { ModelCall } from '../contracts/model-ledger.js';

export interface ModelUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Tokens (input + output) of calls whose answer went unused, by cause. */
  overhead: Record<string, number>;
}

export function modelUsage(calls: readonly ModelCall[]): ModelUsage {
  const overhead: Record<string, number> = {};
  const add = (cause: string, n: number) => {
    overhead[cause] = (overhead[cause] ?? 0) + n;
  };
  calls.forEach((c, i) => {
    const tokens = c.inputTokens + c.outputTokens;
    if (c.outcome !== 'completed') add(c.fault ?? c.outcome, tokens);
    else if (calls.slice(i + 1).some((later) => later.agent === c.agent && later.executionId === c.executionId)) add('rejected-output', tokens);
  });
  return {
    calls: calls.length,
    inputTokens: calls.reduce((n, c) => n + c.inputTokens, 0),
    outputTokens: calls.reduce((n, c) => n + c.outputTokens, 0),
    costUsd: Math.round(calls.reduce((n, c) => n + c.costUsd, 0) * 1e8) / 1e8,
    overhead,
  };
}

/** Summary lines over many runs: mean tokens and cost per run, overhead by cause. */
export function modelUsageSummary(usages: readonly ModelUsage[]): string[] {
  const runs = Math.max(1, usages.length);
  const sum = (f: (u: ModelUsage) => number) => usages.reduce((n, u) => n + f(u), 0);
  const overhead = new Map<string, number>();
  for (const u of usages) for (const [k, n] of Object.entries(u.overhead)) overhead.set(k, (overhead.get(k) ?? 0) + n);
  const total = sum((u) => u.inputTokens + u.outputTokens);
  const spent = [...overhead.values()].reduce((a, b) => a + b, 0);
  return [
    `tokens      ${Math.round(total / runs)} per run (in ${Math.round(sum((u) => u.inputTokens) / runs)}, out ${Math.round(sum((u) => u.outputTokens) / runs)}), $${(sum((u) => u.costUsd) / runs).toFixed(4)} per run, ${(sum((u) => u.calls) / runs).toFixed(1)} model calls per run`,
    `overhead    ${spent ? `${Math.round((100 * spent) / Math.max(1, total))}% of tokens: ${[...overhead].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ')}` : 'none'}`,
  ];
}

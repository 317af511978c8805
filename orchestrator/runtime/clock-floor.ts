/**
 * The latest simulated instant a runtime database recorded (history events, execution updates):
 * a restarted orchestrator's clock must not start before it, or an execution's history would
 * run backwards.
 */
import type { RuntimeDb } from './runtime-db.js';

export function runtimeClockFloor(db: RuntimeDb): number | undefined {
  const row = db.prepare('SELECT max(m) AS floor FROM (SELECT max(at) AS m FROM history UNION ALL SELECT max(updated_at) FROM executions)').get() as { floor: number | null };
  return row.floor ?? undefined;
}

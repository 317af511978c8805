/**
 * The last simulated instant a data directory's simulator committed, read without starting it:
 * `npm start` takes the later of this and the orchestrator's, so that a new shared time line
 * begins where the old one ended.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SIMULATOR_DB_FILE } from './open-state-store.js';

export async function readSimulatorClockFloor(dataDir: string): Promise<number | undefined> {
  const file = join(dataDir, SIMULATOR_DB_FILE);
  if (!existsSync(file)) return undefined;
  const { openSqliteBackend } = await import('./sqlite-backend.js');
  const backend = openSqliteBackend(file);
  try {
    const row = backend.load('engine.meta').find(([key]) => key === 'clock');
    return row ? (JSON.parse(row[1]) as number) : undefined;
  } finally {
    backend.close();
  }
}

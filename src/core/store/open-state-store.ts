/**
 * Opens the durable store of a data directory (`serve --data DIR`): `DIR/simulator.sqlite`.
 * better-sqlite3 is imported here dynamically, so loading the simulator never loads a native
 * module unless a data directory is used.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStateStore, type StateStore } from './state-store.js';

export const SIMULATOR_DB_FILE = 'simulator.sqlite';

export async function openStateStore(dataDir: string): Promise<StateStore> {
  mkdirSync(dataDir, { recursive: true });
  const { openSqliteBackend } = await import('./sqlite-backend.js');
  return createStateStore(openSqliteBackend(join(dataDir, SIMULATOR_DB_FILE)));
}

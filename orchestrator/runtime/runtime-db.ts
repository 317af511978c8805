/**
 * The runtime's SQLite file: executions, operations, callbacks, timers and the history. WAL mode with
 * synchronous=FULL, so a committed checkpoint survives `kill -9` and power loss alike.
 * Everything a restart needs lives here; the process keeps only caches and wake-ups.
 */
import Database from 'better-sqlite3';
import { HISTORY_SCHEMA } from './history.js';

export type RuntimeDb = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS executions (
  id TEXT PRIMARY KEY,
  name TEXT UNIQUE,
  handler TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT,
  result TEXT,
  error TEXT,
  execution_op_id TEXT NOT NULL,
  invocation INTEGER NOT NULL DEFAULT 0,
  invocation_failures INTEGER NOT NULL DEFAULT 0,
  op_seq INTEGER NOT NULL DEFAULT 0,
  seen_seq INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX IF NOT EXISTS executions_status ON executions(status);
CREATE TABLE IF NOT EXISTS operations (
  execution_id TEXT NOT NULL,
  id TEXT NOT NULL,
  ord INTEGER NOT NULL,
  parent_id TEXT,
  name TEXT,
  type TEXT NOT NULL,
  sub_type TEXT,
  status TEXT NOT NULL,
  start_ts INTEGER NOT NULL,
  end_ts INTEGER,
  details TEXT,
  seq INTEGER NOT NULL,
  PRIMARY KEY (execution_id, id)
);
CREATE INDEX IF NOT EXISTS operations_seq ON operations(execution_id, seq);
CREATE INDEX IF NOT EXISTS operations_ord ON operations(execution_id, ord);
CREATE TABLE IF NOT EXISTS callbacks (
  id TEXT PRIMARY KEY,
  execution_id TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  status TEXT NOT NULL,
  heartbeat_seconds INTEGER,
  created_at INTEGER NOT NULL,
  completed_at INTEGER
);
CREATE INDEX IF NOT EXISTS callbacks_op ON callbacks(execution_id, operation_id);
CREATE TABLE IF NOT EXISTS timers (
  execution_id TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  PRIMARY KEY (execution_id, operation_id, kind)
);
CREATE INDEX IF NOT EXISTS timers_due ON timers(due_at);
`;

/**
 * Opens (creating if needed) the runtime database at `path`; ':memory:' for throwaway tests.
 *
 * @example
 * const db = openRuntimeDb('data/runtime.sqlite');
 */
export function openRuntimeDb(path: string): RuntimeDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  db.exec(HISTORY_SCHEMA);
  return db;
}

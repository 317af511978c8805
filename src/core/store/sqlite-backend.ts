/**
 * The durable backend: one SQLite file (better-sqlite3, WAL) with one row per record. Every
 * batch is one transaction; rows load in insertion order (an update keeps a row's place), as a
 * Map iterates, so "newest last" survives a restart. synchronous=NORMAL: a committed transaction survives the process
 * being killed (the WAL is in the OS's hands); only a power cut can lose the newest ones.
 * Reached only by dynamic import (see open-state-store.ts), so the simulator's entry point never
 * loads a native module unless a data directory is used.
 */
import Database from 'better-sqlite3';
import type { StateBackend, StateWrite } from './state-backend.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state (
  tbl TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  UNIQUE (tbl, key)
);
`;

export function openSqliteBackend(file: string): StateBackend {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const select = db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM state WHERE tbl = ? ORDER BY rowid');
  const selectKeys = db.prepare<[string], { key: string }>('SELECT key FROM state WHERE tbl = ? ORDER BY rowid');
  const selectOne = db.prepare<[string, string], { value: string }>('SELECT value FROM state WHERE tbl = ? AND key = ?');
  const put = db.prepare<[string, string, string]>('INSERT INTO state (tbl, key, value) VALUES (?, ?, ?) ON CONFLICT (tbl, key) DO UPDATE SET value = excluded.value');
  const del = db.prepare<[string, string]>('DELETE FROM state WHERE tbl = ? AND key = ?');
  const clear = db.prepare<[string]>('DELETE FROM state WHERE tbl = ?');
  const clearAll = db.prepare('DELETE FROM state');
  const apply = db.transaction((batch: Iterable<StateWrite>) => {
    for (const w of batch) {
      if (w.op === 'put') put.run(w.table, w.key, w.value);
      else if (w.op === 'delete') del.run(w.table, w.key);
      else if (w.op === 'clear') clear.run(w.table);
      else clearAll.run();
    }
  });
  return {
    kind: 'sqlite',
    load: (tbl) => select.all(tbl).map((r) => [r.key, r.value]),
    keys: (tbl) => selectKeys.all(tbl).map((r) => r.key),
    get: (tbl, key) => selectOne.get(tbl, key)?.value,
    write: (batch) => apply(batch),
    close: () => db.close(),
  };
}

import type Database from "better-sqlite3";

/**
 * The log table, in kine's shape: every write is a row and the row's
 * AUTOINCREMENT id is the store's global revision.
 *
 *   name             the key
 *   created          1 when this row starts a new life of the key
 *   deleted          1 for a tombstone (value holds the last value)
 *   create_revision  id of the row that created this life of the key
 *   prev_revision    id of the key's previous row (0 for none)
 *
 * The key's current state is its row with the highest id; its state at
 * revision R is its highest row with id <= R.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

export interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
}

export interface EventRow extends Row {
  prev_value: string | null;
}

/** Named parameters of a range read at a revision. */
export interface RangeParams {
  start: string;
  end: string;
  after: string;
  rev: number;
}

// A row is visible at @rev when it is the key's newest row at or below @rev
// and not a tombstone. Scanning kv_name_id in name order lets LIMIT stop early.
const visibleAt = `
  k.name >= @start AND k.name < @end AND k.name > @after AND k.id <= @rev AND k.deleted = 0
  AND k.id = (SELECT MAX(n.id) FROM kv n WHERE n.name = k.name AND n.id <= @rev)`;

type Stmt<P extends unknown[] | {}, R = unknown> = Database.Statement<P, R>;

/** Every statement the store runs, prepared once. */
export interface Statements {
  latest: Stmt<[string], Row>;
  newest: Stmt<[string], { id: number; deleted: number }>;
  insert: Stmt<[string, number, number, number, number, string]>;
  page: Stmt<RangeParams & { limit: number }, Row>;
  count: Stmt<RangeParams, { n: number }>;
  history: Stmt<{ start: string; end: string; after: number; upTo: number }, EventRow>;
  compact: Stmt<{ rev: number }>;
  sequence: Stmt<[], { seq: number }>;
  getMeta: Stmt<[string], { value: number }>;
  setMeta: Stmt<[string, number]>;
}

export function prepareStatements(db: Database.Database): Statements {
  return {
    latest: db.prepare<[string], Row>("SELECT * FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1"),
    // What a write's compare-and-swap needs, without reading the value.
    newest: db.prepare<[string], { id: number; deleted: number }>("SELECT id, deleted FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1"),
    insert: db.prepare<[string, number, number, number, number, string]>(
      "INSERT INTO kv (name, created, deleted, create_revision, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    page: db.prepare<RangeParams & { limit: number }, Row>(`SELECT k.* FROM kv k WHERE ${visibleAt} ORDER BY k.name LIMIT @limit`),
    count: db.prepare<RangeParams, { n: number }>(`SELECT COUNT(*) AS n FROM kv k WHERE ${visibleAt}`),
    history: db.prepare<{ start: string; end: string; after: number; upTo: number }, EventRow>(`
      SELECT k.*, p.value AS prev_value FROM kv k LEFT JOIN kv p ON p.id = k.prev_revision AND k.created = 0
      WHERE k.id > @after AND k.id <= @upTo AND k.name >= @start AND k.name < @end ORDER BY k.id`),
    // Superseded rows and tombstones at or below @rev; what remains is each key's state at @rev plus everything later.
    compact: db.prepare<{ rev: number }>(`
      DELETE FROM kv WHERE id <= @rev AND (deleted = 1
        OR EXISTS (SELECT 1 FROM kv n WHERE n.name = kv.name AND n.id > kv.id AND n.id <= @rev))`),
    sequence: db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'kv'"),
    getMeta: db.prepare<[string], { value: number }>("SELECT value FROM meta WHERE name = ?"),
    setMeta: db.prepare<[string, number]>("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value"),
  };
}

import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** A statement for each SQL text, prepared the first time it is asked for. */
export type StatementCache = (sql: string) => StatementSync;

/**
 * Prepared statements kept per SQL text. Preparing is most of the cost of a small query, and a
 * sync run issues the same few queries thousands of times (the benchmark's profile showed it).
 * Bounded, least recently used first out, since a few queries build their WHERE clause.
 */
export function cachedStatements(db: DatabaseSync, limit = 256): StatementCache {
  const cache = new Map<string, StatementSync>();
  return (sql) => {
    const cached = cache.get(sql);
    if (cached) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = db.prepare(sql);
    cache.set(sql, statement);
    if (cache.size > limit) cache.delete(cache.keys().next().value!);
    return statement;
  };
}

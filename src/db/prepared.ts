import { createHash } from 'node:crypto';
import type pg from 'pg';

// How many distinct statements one connection keeps prepared; past that, queries run unprepared,
// so a query built with ever-changing text cannot grow the server's memory without bound.
const MAX_PREPARED_PER_CONNECTION = 500;

/**
 * Makes every parameterised query a named prepared statement on its connection: PostgreSQL parses
 * and plans it once per connection instead of on every call, which is most of the server's work for
 * the short statements Dovira sends.
 */
export function prepareStatementsOnEachConnection(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const prepared = new Set<string>();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return query(text, values, ...rest);
      const name = `dovira_${createHash('sha1').update(text).digest('base64url')}`;
      if (!prepared.has(name)) {
        if (prepared.size >= MAX_PREPARED_PER_CONNECTION) return query(text, values, ...rest);
        prepared.add(name);
      }
      return query({ name, text, values }, ...rest);
    };
  });
}

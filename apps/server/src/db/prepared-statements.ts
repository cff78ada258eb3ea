/**
 * Named prepared statements for the few queries every request runs. A query whose text
 * starts with a `/* prepared:NAME *\/` comment is sent to a PostgreSQL server as the named
 * statement NAME, so each connection parses and plans it once instead of per request.
 * Only fixed-shape lookups are marked: a prepared statement may settle on a generic plan,
 * which is right for "find by key" and wrong for searches with skewed filters.
 */
import type pg from 'pg';

const MARK = /^\/\* prepared:([a-z0-9_-]{1,60}) \*\//;
const patched = Symbol('casebook.prepared');

type Query = pg.PoolClient['query'];

function patch(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { [patched]?: true };
  if (marked[patched]) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  marked.query = ((text: unknown, ...rest: unknown[]) => {
    const name = typeof text === 'string' ? MARK.exec(text)?.[1] : undefined;
    if (name && Array.isArray(rest[0])) return query({ name, text, values: rest[0] }, ...rest.slice(1));
    return query(text, ...rest);
  }) as Query;
  marked[patched] = true;
  return client;
}

/** Makes the pool's clients honour the prepared-statement mark, each as it is opened. */
export function withPreparedStatements(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    patch(client);
  });
  return pool;
}

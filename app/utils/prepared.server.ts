import type { Queryable } from "#db/client";

interface Executable<Result> {
  execute(values: Record<string, unknown>): Promise<Result>;
}

/**
 * A hot read built once per database connection and sent as a prepared statement.
 *
 * drizzle rebuilds a query's SQL text on every call, and for a select with nested lists that
 * costs more CPU than PostgreSQL spends answering it; PostgreSQL, in turn, plans an unnamed
 * statement each time. `build` makes the query with `sql.placeholder(…)` for its inputs and
 * `.prepare(name)`; it runs once per underlying client (the process's pool, or a test's own
 * database) and the statement is reused from then on. Inside a transaction, which has no client
 * of its own to key on, the query is built for that call only.
 */
export function preparedQuery<Result>(build: (db: Queryable) => Executable<Result>) {
  const byClient = new WeakMap<object, Executable<Result>>();
  return (db: Queryable, values: Record<string, unknown>): Promise<Result> => {
    const client = connectionOf(db);
    if (!client) return build(db).execute(values);
    let query = byClient.get(client);
    if (!query) {
      query = build(db);
      byClient.set(client, query);
    }
    return query.execute(values);
  };
}

/**
 * The driver's client behind a database handle, to key what is kept per database (a test's own
 * database, or the process's pool); undefined for a transaction, which must not share it.
 */
export function connectionOf(db: Queryable): object | undefined {
  return (db as { $client?: object }).$client;
}

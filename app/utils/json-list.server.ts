import { Column, is, sql, type SQL } from "drizzle-orm";

type Fields = Record<string, Column | SQL>;

/** What a field of `jsonList` reads as: a column's own type (null where the column allows it), or an SQL's declared type. */
export type JsonListRow<F extends Fields> = {
  [K in keyof F]: F[K] extends Column ? (F[K]["_"]["notNull"] extends true ? F[K]["_"]["data"] : F[K]["_"]["data"] | null) : F[K] extends SQL<infer T> ? T : never;
};

/**
 * The rows of a small related list as one column of an enclosing select:
 * `(select json_agg(json_build_object(…) order by …) from …)`, decoded back with each column's
 * own mapping (timestamps become Dates, as in a plain select). A detail page that shows a
 * handful of short lists then costs one round trip instead of one per list; every query we
 * send costs the app and PostgreSQL far more than the few rows it reads (issue 8, tender detail).
 *
 * `from` is the list's FROM and WHERE, correlated with the outer query's tables. JSON carries
 * numbers without their declared scale: a numeric column in string mode would read "85.5", not
 * "85.50" (those we read here are in number mode).
 */
export function jsonList<F extends Fields>(fields: F, from: SQL, orderBy?: SQL): SQL<JsonListRow<F>[]> {
  const entries = Object.entries(fields);
  const object = sql.join(
    entries.map(([key, field]) => sql`${sql.raw(`'${key}'`)}, ${field}`),
    sql`, `,
  );
  const order = orderBy ? sql` order by ${orderBy}` : sql``;
  return sql<JsonListRow<F>[]>`(select coalesce(json_agg(json_build_object(${object})${order}), '[]'::json) from ${from})`.mapWith((value: unknown) => {
    const rows = (typeof value === "string" ? JSON.parse(value) : value) as Record<string, unknown>[];
    return rows.map((row) => {
      const decoded: Record<string, unknown> = {};
      for (const [key, field] of entries) {
        const raw = row[key];
        decoded[key] = raw === null || raw === undefined ? null : is(field, Column) ? field.mapFromDriverValue(raw) : raw;
      }
      return decoded as JsonListRow<F>;
    });
  });
}

/**
 * A value an enclosing select computes in a correlated subquery, `(select …)`.
 *
 * The subquery goes in as a nested SQL on purpose: in the fields of a select from a single
 * table, drizzle writes the columns it finds at a field's top level as bare names ("id"), which
 * inside a subquery would name the subquery's own columns and silently compare the wrong ones.
 * Nested, they keep their table ("organizations"."id").
 */
export function scalar<T>(query: SQL): SQL<T> {
  return sql<T>`(${query})`;
}

/** A JSON value computed in a correlated subquery (an object of aggregates, a grouped list), parsed; its type is the caller's to state. */
export function jsonValue<T>(query: SQL): SQL<T> {
  return scalar<T>(query).mapWith((value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as T);
}

import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or an open transaction: queries accept either. */
export type Queryable = Database | Tx;
export type DriverName = "postgres" | "pglite";

export interface DatabaseConnection {
  db: Database;
  driver: DriverName;
  close(): Promise<void>;
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";

/**
 * PostgreSQL through `postgres` when a URL is given, otherwise PGlite: embedded
 * PostgreSQL in this process, in a folder (or `memory://` for tests). PGlite is a
 * single connection: two processes must never open the same folder.
 */
export function connect(options: { url?: string; pgliteDir?: string; poolSize?: number } = {}): DatabaseConnection {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      // While the database is away a request waits for the next connection attempt. The
      // driver's default backoff grows to 20 s, so requests would hang that long and recovery
      // would lag; retrying at most every second keeps the 503s quick and the return prompt.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      connect_timeout: 10,
    });
    return {
      db: drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Database,
      driver: "postgres",
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  // PGlite creates its own folder but not the parents (.data/ on a fresh clone).
  if (!dir.includes("://")) fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const client = new PGlite(dir);
  return {
    db: drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Database,
    driver: "pglite",
    close: () => client.close(),
  };
}

export function connectFromEnv(): DatabaseConnection {
  return connect({ url: process.env.DATABASE_URL || undefined, pgliteDir: process.env.PGLITE_DIR || undefined });
}

declare global {
  // One connection per process, kept across dev-server rebuilds.
  var __sansheDb: DatabaseConnection | undefined;
}

export function getConnection(): DatabaseConnection {
  globalThis.__sansheDb ??= connectFromEnv();
  return globalThis.__sansheDb;
}

export const db: Database = new Proxy({} as Database, {
  get(_target, property) {
    const real = getConnection().db as unknown as Record<string | symbol, unknown>;
    const value = real[property];
    // Methods are bound to the real handle; the driver's client (a function for postgres-js) is
    // passed through as itself, so that it can key per-connection caches (prepared statements).
    return typeof value === "function" && property !== "$client" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
  },
});

export { schema };

import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DatabaseConnection } from "./client";

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

// Any constant shared by all processes: two app processes starting at once on one
// PostgreSQL must not apply the same migration twice.
const MIGRATION_LOCK = 72_000_001;

/** On PostgreSQL, pass a connection with a pool of one: the advisory lock is per session. */
export async function runMigrations(connection: DatabaseConnection, migrationsFolder = MIGRATIONS_FOLDER) {
  if (connection.driver === "pglite") {
    // drizzle's migrator only needs the session API, shared by both drivers.
    await migratePglite(connection.db as never, { migrationsFolder });
    return;
  }
  await connection.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    await migratePostgres(connection.db as never, { migrationsFolder });
  } finally {
    await connection.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}

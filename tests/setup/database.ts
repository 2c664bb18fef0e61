/**
 * Integration setupFile, run before each test file in that file's own module graph.
 *
 * PostgreSQL (globalSetup provided a URL): point the app's `db` at the run's database, already
 * migrated. PGlite: give this file its own in-memory database and migrate it, so files never
 * share rows and need no cleanup. Either way the app code under test reaches the database the
 * way it does in production, through `db` / getConnection() from db/client.ts.
 */
import { afterAll, beforeAll, inject } from "vitest";

const databaseUrl = inject("databaseUrl");

if (databaseUrl) {
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.PGLITE_DIR;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}

// A connection left by an earlier file in the same worker would point at another file's database;
// vitest isolates files (fresh globals per file), and this keeps it so if that ever changes.
globalThis.__sansheDb = undefined;

beforeAll(async () => {
  const { getConnection } = await import("#db/client");
  const connection = getConnection();
  if (connection.driver === "pglite") {
    const { runMigrations } = await import("#db/migrate-core");
    await runMigrations(connection);
  }
});

afterAll(async () => {
  const connection = globalThis.__sansheDb;
  globalThis.__sansheDb = undefined;
  await connection?.close();
});

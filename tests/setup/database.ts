/**
 * Integration setupFile, run before each test file (each file has its own module graph and,
 * with vitest's default isolation, its own process, so the `db` singleton is per file).
 *
 * PostgreSQL (globalSetup provided a URL): point the app's `db` at the run's database, migrated
 * once by globalSetup and shared by all files. PGlite: copy the migrated template folder that
 * globalSetup made and open the copy, so each file has a database of its own that no other file
 * sees. Copying a migrated folder takes a fraction of a second; creating and migrating a fresh
 * PGlite costs seconds per file. Either way the code under test connects as in production,
 * through `db` / getConnection() in db/client.ts reading DATABASE_URL or PGLITE_DIR, and only
 * when a test first touches the database.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { TEST_BID_SEALING_KEY } from "./sealing-key";

// A fixed sealing key for tests, so no run writes a key file into the working tree.
process.env.BID_SEALING_KEY ??= TEST_BID_SEALING_KEY;

const databaseUrl = inject("databaseUrl");
const template = inject("pgliteTemplate");
let copy: string | undefined;

if (databaseUrl) {
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.PGLITE_DIR;
} else {
  if (!template) throw new Error("tests/setup/global-database.ts provided neither a database URL nor a PGlite template");
  copy = path.join(path.dirname(template), crypto.randomUUID());
  fs.cpSync(template, copy, { recursive: true });
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = copy;
}

// Files do not share globals under vitest's isolation (checked with forks and threads); without
// isolation (--no-isolate) a connection left by the previous file would point at its database.
globalThis.__sansheDb = undefined;

afterAll(async () => {
  const connection = globalThis.__sansheDb;
  globalThis.__sansheDb = undefined;
  await connection?.close();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

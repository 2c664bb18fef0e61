/**
 * npm run db:reset — development only: throws the database away, applies the migrations and
 * seeds the demo data set again.
 */
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment as it is.
}

import fs from "node:fs";
import path from "node:path";

if (process.env.NODE_ENV === "production") {
  console.error("refusing to reset the database: NODE_ENV is production");
  process.exit(1);
}

const { sql } = await import("drizzle-orm");
const { connect, DEFAULT_PGLITE_DIR } = await import("./client");
const { runMigrations } = await import("./migrate-core");
const { seedDemoIfEmpty } = await import("./seed-demo");

const url = process.env.DATABASE_URL || undefined;
const pgliteDir = process.env.PGLITE_DIR || DEFAULT_PGLITE_DIR;

if (url) {
  const connection = connect({ url, poolSize: 1 });
  try {
    await connection.db.execute(sql.raw("drop schema if exists drizzle cascade"));
    await connection.db.execute(sql.raw("drop schema if exists public cascade"));
    await connection.db.execute(sql.raw("create schema public"));
  } finally {
    await connection.close();
  }
  console.log(`dropped and recreated the public and drizzle schemas of ${redact(url)}`);
} else if (pgliteDir.startsWith("memory://")) {
  console.log("PGlite in memory: nothing to delete");
} else {
  const dir = path.resolve(pgliteDir);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`deleted the PGlite data folder ${dir}`);
}

const connection = connect({ url, pgliteDir, poolSize: 1 });
try {
  await runMigrations(connection);
  console.log(`migrations applied (${connection.driver})`);
  const seeded = await seedDemoIfEmpty(connection.db);
  console.log(seeded ? `demo data seeded: ${JSON.stringify(seeded.counts)}` : "demo data already present");
} finally {
  await connection.close();
}

/** The URL without its password, for the log. */
function redact(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the DATABASE_URL database";
  }
}

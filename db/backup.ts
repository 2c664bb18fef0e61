/**
 * npm run db:backup [-- FILE] — writes a backup of the database the app uses.
 *
 * PostgreSQL (DATABASE_URL): `pg_dump --format=custom` (all schemas: the data and drizzle's
 * record of applied migrations), consistent as of one snapshot while the app keeps running.
 * PGlite: the data folder as a gzip'd tarball (`dumpDataDir`); PGlite is one process, so stop
 * the app first.
 * Without FILE the backup goes to .data/backups/sanshe-<engine>-<time>.<dump|tar.gz>.
 *
 * Bid contents stay sealed in a backup: BID_SEALING_KEY (or .data/bid-sealing.key beside a
 * PGlite folder) is not in it and must be kept apart to open those bids after a restore.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment as it is.
}

const { DEFAULT_PGLITE_DIR } = await import("./client");

const databaseUrl = process.env.DATABASE_URL || undefined;
const pgliteDir = process.env.PGLITE_DIR || DEFAULT_PGLITE_DIR;

function defaultFile(engine: "postgres" | "pglite") {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return path.join(".data/backups", `sanshe-${engine}-${stamp}.${engine === "postgres" ? "dump" : "tar.gz"}`);
}

const file = path.resolve(process.argv[2] ?? defaultFile(databaseUrl ? "postgres" : "pglite"));
fs.mkdirSync(path.dirname(file), { recursive: true });
const partial = `${file}.partial`;

if (databaseUrl) {
  const result = spawnSync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${databaseUrl}`], { stdio: ["ignore", "inherit", "inherit"] });
  if (result.error || result.status !== 0) {
    fs.rmSync(partial, { force: true });
    console.error(result.error ? `pg_dump could not run: ${result.error.message} (install the PostgreSQL client tools)` : `pg_dump failed (exit ${result.status})`);
    process.exit(1);
  }
} else {
  if (pgliteDir.includes("://")) {
    console.error(`PGLITE_DIR=${pgliteDir} is not a folder on disk: nothing to back up`);
    process.exit(1);
  }
  if (!fs.existsSync(path.join(pgliteDir, "PG_VERSION"))) {
    console.error(`no PGlite database in ${pgliteDir}`);
    process.exit(1);
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const client = new PGlite(pgliteDir);
  try {
    const tarball = await client.dumpDataDir("gzip");
    fs.writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
  } finally {
    await client.close();
  }
}

// Only a complete backup gets the final name.
fs.renameSync(partial, file);
const size = fs.statSync(file).size;
console.log(`backup written (${databaseUrl ? "postgres, pg_dump custom format" : "pglite data folder"}): ${file} (${(size / 1024 / 1024).toFixed(1)} MB)`);

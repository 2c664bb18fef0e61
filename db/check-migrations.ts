/**
 * npm run db:check — CI check that db/schema and the committed migrations agree: runs
 * drizzle-kit generate against a scratch copy of db/migrations and fails when it would write a
 * new migration. The real migrations folder is never touched.
 */
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment as it is.
}

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dbDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(dbDir, "..");
const migrationsDir = path.join(dbDir, "migrations");
const schemaFile = path.join(dbDir, "schema", "index.ts");

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-db-check-"));
const scratchMigrations = path.join(scratch, "migrations");
const scratchConfig = path.join(scratch, "drizzle.config.ts");

const sqlFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".sql")) : []);

let exitCode = 0;
try {
  if (fs.existsSync(migrationsDir)) fs.cpSync(migrationsDir, scratchMigrations, { recursive: true });
  else fs.mkdirSync(scratchMigrations);
  // Imports nothing (drizzle-kit is not resolvable from the scratch folder): a plain object
  // mirroring drizzle.config.ts. drizzle-kit reads snapshots from `./${out}/...`, so `out` must be
  // relative to the working directory (an absolute one silently finds no snapshots to read).
  const out = path.relative(root, scratchMigrations).split(path.sep).join("/");
  fs.writeFileSync(
    scratchConfig,
    `export default ${JSON.stringify({ dialect: "postgresql", schema: schemaFile, out, casing: "snake_case" }, null, 2)};\n`,
  );
  const before = new Set(sqlFiles(scratchMigrations));

  const localBin = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "drizzle-kit.cmd" : "drizzle-kit");
  const [command, args] = fs.existsSync(localBin) ? [localBin, [] as string[]] : ["npx", ["drizzle-kit"]];
  const run = spawnSync(command, [...args, "generate", "--config", scratchConfig, "--name", "schema-check"], {
    cwd: root,
    encoding: "utf8",
    // No terminal: a rename question from drizzle-kit must fail the check, not wait for an answer.
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 180_000,
  });
  const added = sqlFiles(scratchMigrations).filter((f) => !before.has(f));
  // drizzle-kit exits 0 after some errors (an unreadable snapshot, for one): trust only its
  // "nothing to migrate" message or a new migration file.
  const unchanged = /No schema changes, nothing to migrate/.test(run.stdout ?? "");
  if (added.length) {
    for (const file of added) {
      console.log(`--- ${file} (what npm run db:generate would add)`);
      console.log(fs.readFileSync(path.join(scratchMigrations, file), "utf8"));
    }
    console.error("schema and migrations disagree: run npm run db:generate");
    exitCode = 1;
  } else if (run.error || run.status !== 0 || !unchanged) {
    console.error(run.stdout ?? "");
    console.error(run.stderr ?? "");
    const why = run.error ? run.error.message : run.status !== 0 ? `exit status ${run.status}` : "no result reported";
    console.error(`drizzle-kit generate failed (${why}): the schema may not load, or it needs an answer to a rename question.`);
    console.error("schema and migrations disagree: run npm run db:generate");
    exitCode = 1;
  } else {
    console.log("migrations match the schema");
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);

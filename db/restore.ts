/**
 * npm run db:restore -- FILE [--replace] — restores a backup made by `npm run db:backup` into
 * the database the app uses (DATABASE_URL, or the PGlite folder). Stop the app processes first.
 *
 * A database that already holds tables is left alone unless --replace is given; then its
 * contents are replaced as one step: on PostgreSQL the drop and the whole restore run in one
 * transaction (pg_restore's SQL through psql --single-transaction), so a failed restore leaves
 * the old data; on PGlite the backup is unpacked and opened in a new folder first, and only a
 * good copy takes the old folder's place.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment as it is.
}

const { DEFAULT_PGLITE_DIR } = await import("./client");

const args = process.argv.slice(2);
const replace = args.includes("--replace");
const fileArg = args.find((a) => !a.startsWith("--"));
if (!fileArg) {
  console.error("usage: npm run db:restore -- FILE [--replace]");
  process.exit(2);
}
const file = path.resolve(fileArg);
if (!fs.existsSync(file)) {
  console.error(`no such backup: ${file}`);
  process.exit(2);
}
const head = Buffer.alloc(5);
const fd = fs.openSync(file, "r");
fs.readSync(fd, head, 0, 5, 0);
fs.closeSync(fd);
const kind = head.toString("latin1") === "PGDMP" ? "postgres" : head[0] === 0x1f && head[1] === 0x8b ? "pglite" : null;

const databaseUrl = process.env.DATABASE_URL || undefined;
const target = databaseUrl ? "postgres" : "pglite";
if (kind !== target) {
  console.error(
    kind === null
      ? `${file} is not a backup made by npm run db:backup`
      : `${file} is a ${kind} backup, but the target is ${target} (${databaseUrl ? "DATABASE_URL is set" : "DATABASE_URL is unset"})`,
  );
  process.exit(2);
}

/** Runs a command, piping one's stdout into the next; rejects with what went wrong. */
function pipeline(first: [string, string[]], second: [string, string[]]): Promise<void> {
  return new Promise((resolve, reject) => {
    const a = spawn(first[0], first[1], { stdio: ["ignore", "pipe", "inherit"] });
    const b = spawn(second[0], second[1], { stdio: ["pipe", "ignore", "inherit"] });
    a.stdout.pipe(b.stdin);
    let aCode: number | null = null;
    a.on("error", reject);
    b.on("error", reject);
    a.on("exit", (code) => {
      aCode = code;
    });
    b.on("exit", (code) => {
      if (code !== 0) reject(new Error(`${second[0]} failed (exit ${code}): nothing was changed`));
      else if (aCode !== 0) reject(new Error(`${first[0]} failed (exit ${aCode})`));
      else resolve();
    });
  });
}

async function restorePostgres(url: string) {
  const postgres = (await import("postgres")).default;
  const client = postgres(url, { max: 1, onnotice: () => {} });
  let tables: number;
  try {
    const [row] = await client`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`;
    tables = row.n;
  } finally {
    await client.end({ timeout: 5 });
  }
  if (tables > 0 && !replace) {
    console.error(`the target database already has ${tables} tables: add --replace to replace its contents with the backup`);
    process.exit(1);
  }
  const script = path.join(path.dirname(file), `.restore-${process.pid}.sql`);
  fs.writeFileSync(script, "set client_min_messages = warning;\ndrop schema if exists drizzle cascade;\ndrop schema if exists public cascade;\ncreate schema public;\n");
  try {
    // The drop above and the dump's SQL run in one transaction: all or nothing.
    await pipeline(
      ["sh", ["-c", `cat "$0" && pg_restore --no-owner --no-privileges --file=- "$1"`, script, file]],
      ["psql", ["--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--single-transaction", `--dbname=${url}`]],
    );
  } finally {
    fs.rmSync(script, { force: true });
  }
}

async function restorePglite(dir: string) {
  if (dir.includes("://")) {
    console.error(`PGLITE_DIR=${dir} is not a folder on disk`);
    process.exit(2);
  }
  const exists = fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
  if (exists && !replace) {
    console.error(`${dir} already holds a database: add --replace to replace it with the backup`);
    process.exit(1);
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const fresh = `${path.resolve(dir)}.restoring-${process.pid}`;
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(fresh), { recursive: true });
  const client = new PGlite({ dataDir: fresh, loadDataDir: new Blob([fs.readFileSync(file)]) });
  try {
    await client.query("select count(*) from information_schema.tables");
  } catch (error) {
    fs.rmSync(fresh, { recursive: true, force: true });
    throw error;
  } finally {
    await client.close();
  }
  const old = `${path.resolve(dir)}.replaced-${process.pid}`;
  if (exists) fs.renameSync(dir, old);
  else fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(fresh, dir);
  fs.rmSync(old, { recursive: true, force: true });
}

try {
  if (databaseUrl) await restorePostgres(databaseUrl);
  else await restorePglite(process.env.PGLITE_DIR || DEFAULT_PGLITE_DIR);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
console.log(`restored ${file} into ${databaseUrl ? "PostgreSQL" : (process.env.PGLITE_DIR || DEFAULT_PGLITE_DIR)}; check it with npm run audit:verify`);

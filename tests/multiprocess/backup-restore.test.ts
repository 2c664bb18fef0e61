/**
 * npm run db:backup / db:restore round-trip the demo data on both engines: every table has the
 * same number of rows after the restore, the audit chain verifies with the same length, and a
 * restore never overwrites a database that holds tables unless told to (--replace).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, SEALING_KEY, type TestDatabase } from "./harness";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-backup-"));
const databases: TestDatabase[] = [];

afterAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  for (const database of databases) await database.drop();
});

/** Runs one of the db/ scripts as `npm run` would, on the given database. */
function script(name: string, args: string[], target: { DATABASE_URL?: string; PGLITE_DIR?: string }) {
  const env: NodeJS.ProcessEnv = { ...process.env, BID_SEALING_KEY: SEALING_KEY, NODE_ENV: "production" };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  Object.assign(env, target);
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "db", name), ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function ok(name: string, args: string[], target: { DATABASE_URL?: string; PGLITE_DIR?: string }) {
  const result = await script(name, args, target);
  if (result.code !== 0) throw new Error(`db/${name} ${args.join(" ")} failed:\n${result.output}`);
  return result.output;
}

const TABLES_SQL = "select table_schema || '.' || table_name as name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1";

async function postgresCounts(url: string): Promise<Record<string, number>> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await client.unsafe<{ name: string }[]>(TABLES_SQL);
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (await client.unsafe<{ n: number }[]>(`select count(*)::int as n from ${name}`))[0].n;
    return counts;
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function pgliteCounts(dir: string): Promise<Record<string, number>> {
  const client = new PGlite(dir);
  try {
    const tables = await client.query<{ name: string }>(TABLES_SQL);
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) counts[name] = (await client.query<{ n: number }>(`select count(*)::int as n from ${name}`)).rows[0].n;
    return counts;
  } finally {
    await client.close();
  }
}

function auditLength(output: string) {
  const match = /^OK: (\d+) entries/m.exec(output);
  if (!match) throw new Error(`audit chain did not verify:\n${output}`);
  return Number(match[1]);
}

describe("backup and restore", () => {
  it("round-trips the demo data on PostgreSQL with pg_dump", async () => {
    const source = await createDatabase("backup_src");
    const target = await createDatabase("backup_dst");
    databases.push(source, target);
    await ok("seed.ts", [], { DATABASE_URL: source.url });
    const before = await postgresCounts(source.url);
    expect(before["public.audit_log"]).toBeGreaterThan(100);
    expect(before["public.tenders"]).toBeGreaterThan(5);
    const chain = auditLength(await ok("audit-verify.ts", [], { DATABASE_URL: source.url }));

    const file = path.join(work, "demo.dump");
    await ok("backup.ts", [file], { DATABASE_URL: source.url });
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("PGDMP");

    // The target is a migrated database: its tables are not silently overwritten.
    const refused = await script("restore.ts", [file], { DATABASE_URL: target.url });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("--replace");

    await ok("restore.ts", [file, "--replace"], { DATABASE_URL: target.url });
    expect(await postgresCounts(target.url)).toEqual(before);
    expect(auditLength(await ok("audit-verify.ts", [], { DATABASE_URL: target.url }))).toBe(chain);

    // A PGlite tarball is not restored into PostgreSQL by mistake.
    const wrong = path.join(work, "wrong.tar.gz");
    fs.writeFileSync(wrong, Buffer.from([0x1f, 0x8b, 0, 0, 0]));
    const mismatch = await script("restore.ts", [wrong], { DATABASE_URL: target.url });
    expect(mismatch.code).toBe(2);
    expect(mismatch.output).toContain("pglite backup");
  });

  it("round-trips the demo data on PGlite with its data-folder dump", async () => {
    const source = path.join(work, "pglite-source");
    const target = path.join(work, "pglite-target");
    await ok("migrate.ts", [], { PGLITE_DIR: source });
    await ok("seed.ts", [], { PGLITE_DIR: source });
    const chain = auditLength(await ok("audit-verify.ts", [], { PGLITE_DIR: source }));
    const before = await pgliteCounts(source);
    expect(before["public.audit_log"]).toBe(chain);

    const file = path.join(work, "demo.tar.gz");
    await ok("backup.ts", [file], { PGLITE_DIR: source });
    await ok("restore.ts", [file], { PGLITE_DIR: target });
    expect(await pgliteCounts(target)).toEqual(before);
    expect(auditLength(await ok("audit-verify.ts", [], { PGLITE_DIR: target }))).toBe(chain);

    const again = await script("restore.ts", [file], { PGLITE_DIR: target });
    expect(again.code).toBe(1);
    expect(again.output).toContain("--replace");
  });
});

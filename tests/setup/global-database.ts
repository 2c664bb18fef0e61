/**
 * Integration globalSetup: prepares one migrated database for the run.
 *
 * With DATABASE_URL (CI): a fresh database on that server, named for this run, migrated once
 * here and dropped at the end. Test files share it and run in parallel on it, as app processes
 * would; they never see data of an earlier run.
 * Without it: a migrated PGlite data folder in a temporary directory, which every test file
 * copies as its own database (tests/setup/database.ts); removed at the end.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { connect, type DatabaseConnection } from "#db/client";
import { runMigrations } from "#db/migrate-core";
import { seedDemo } from "#db/seed-demo";
import { TEST_BID_SEALING_KEY } from "./sealing-key";

declare module "vitest" {
  interface ProvidedContext {
    /** The run's own database on the DATABASE_URL server, or null for PGlite. */
    databaseUrl: string | null;
    /** PGlite: the migrated data folder each test file copies, or null for PostgreSQL. */
    pgliteTemplate: string | null;
  }
}

async function migrate(connection: DatabaseConnection) {
  try {
    await runMigrations(connection);
  } finally {
    await connection.close();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer(serverUrl: string, statement: string) {
  const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(statement);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * PGlite: the demo data is seeded once into the template, so that each file's copy starts with
 * it and `useDemoData` finds it there (seeding takes seconds; copying a folder does not). With
 * the sealing key the files use, so the demo's sealed bids open in every copy.
 */
async function seedTemplate(template: string) {
  process.env.BID_SEALING_KEY ??= TEST_BID_SEALING_KEY;
  const connection = connect({ pgliteDir: template });
  try {
    await seedDemo(connection.db);
  } finally {
    await connection.close();
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;

  if (!serverUrl) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-test-"));
    const removeRoot = () => fs.rmSync(root, { recursive: true, force: true });
    const template = path.join(root, "template");
    try {
      await migrate(connect({ pgliteDir: template }));
      await seedTemplate(template);
    } catch (error) {
      removeRoot();
      throw error;
    }
    project.provide("databaseUrl", null);
    project.provide("pgliteTemplate", template);
    return removeRoot;
  }

  // Only [a-z0-9_]: the name goes into DDL, which takes no bind parameters.
  const name = `sanshe_test_${Date.now()}_${process.pid}`;
  const drop = () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
  await onServer(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  try {
    // A pool of one: runMigrations' advisory lock is held by one session.
    await migrate(connect({ url, poolSize: 1 }));
  } catch (error) {
    await drop();
    throw error;
  }
  project.provide("databaseUrl", url);
  project.provide("pgliteTemplate", null);
  return drop;
}

/**
 * Integration globalSetup. With DATABASE_URL (CI), every run gets a fresh database on that
 * server, migrated once here, and dropped at the end: test files share it (they run in parallel
 * on one PostgreSQL, like two app processes would) and never see data of an earlier run.
 * Without DATABASE_URL each test file migrates its own in-memory PGlite (tests/setup/database.ts).
 */
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { connect } from "#db/client";
import { runMigrations } from "#db/migrate-core";

declare module "vitest" {
  interface ProvidedContext {
    /** The run's own database on the DATABASE_URL server, or null for PGlite. */
    databaseUrl: string | null;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide("databaseUrl", null);
    return;
  }

  // Only [a-z0-9_]: the name goes into DDL, which takes no bind parameters.
  const name = `sanshe_test_${Date.now()}_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }

  const url = withDatabase(serverUrl, name);
  const connection = connect({ url, poolSize: 1 });
  try {
    await runMigrations(connection);
  } finally {
    await connection.close();
  }
  project.provide("databaseUrl", url);

  return async () => {
    const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await cleanup.end({ timeout: 5 });
    }
  };
}

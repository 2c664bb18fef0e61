/**
 * vitest globalSetup of the multiprocess project: the PostgreSQL server from DATABASE_URL (these
 * tests exist to prove several app processes share one PostgreSQL; PGlite cannot do that) and a
 * private copy of the production build that every app process of the run starts from.
 *
 * build/index.js must exist: `npm run build` first (CI builds before this suite). A build older
 * than the sources is tested with a warning.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import type { TestProject } from "vitest/node";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCES = ["app", "db", "remix.config.js", "package.json"];

function newestSourceTime(): number {
  let newest = 0;
  const visit = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (!p.endsWith(".test.ts")) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

/** build/ and public/ copied (with package.json for "type": "module" and node_modules linked), or null if incomplete. */
function snapshotBuild(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-mp-app-"));
  try {
    fs.cpSync(path.join(root, "build"), path.join(dir, "build"), { recursive: true });
    fs.cpSync(path.join(root, "public"), path.join(dir, "public"), { recursive: true });
    fs.copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    const server = fs.readFileSync(path.join(dir, "build/index.js"), "utf8");
    const assets = [...server.matchAll(/"\/build\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    if (assets.length > 0 && assets.every((asset) => fs.existsSync(path.join(dir, "public/build", asset)))) return dir;
  } catch {
    // A file went away while copying: another build is under way.
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return null;
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error("The multiprocess suite needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:multiprocess");
  }
  const probe = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await probe`select 1`;
  } finally {
    await probe.end({ timeout: 5 });
  }

  const entry = path.join(root, "build/index.js");
  const builtAt = fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (builtAt === 0) throw new Error("build/index.js is missing: run `npm run build` before the multiprocess suite");
  if (builtAt < newestSourceTime()) {
    console.warn("[multiprocess] build/index.js is older than some sources: the suite tests that build (`npm run build` to refresh it)");
  }
  let appDir: string | null = null;
  for (let attempt = 0; appDir === null && attempt < 5; attempt++) {
    appDir = snapshotBuild();
    if (appDir === null) await new Promise((r) => setTimeout(r, 3_000));
  }
  if (appDir === null) throw new Error("could not copy a complete build (build/ and public/build) after 5 attempts");
  const dir = appDir;
  project.provide("multiprocessAppDir", dir);
  project.provide("multiprocessServerUrl", serverUrl);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * vitest globalSetup of the e2e project: the built portal on a fresh database, on a free port.
 *
 * 1. `npx remix build` when build/index.js is missing or older than any source file, then a
 *    private copy of build/ and public/ under os.tmpdir() that the server runs from: other
 *    engineers' builds in the shared tree replace public/build (new asset hashes) while a run is
 *    under way, and a server still rendering the old manifest would then serve pages whose
 *    scripts 404, so that nothing hydrates;
 * 2. a fresh database, migrated (db/migrate.ts) and seeded (db/seed.ts) with the demo data set:
 *    a PGlite folder under os.tmpdir(), or, when E2E_DATABASE_URL is set, a database of the
 *    run's own created on that PostgreSQL server (like tests/setup/global-database.ts), so that
 *    reruns never meet an account locked by the previous run;
 * 3. `NODE_ENV=production node build/index.js` on 127.0.0.1 and a free port, ready when
 *    /healthz answers 200;
 * 4. the base URL goes to the tests: `inject("baseUrl")`, and so does a loopback control URL
 *    (`inject("databaseControl")`, with a random token) through which a test runs SQL on the
 *    server's database: on PostgreSQL directly; on PGlite, which only one process may open, the
 *    server is stopped, the statement run here and the server started again on the same port.
 *    Tests use it to let time pass (browser.ts runSql), never to set up what a user could do.
 * Teardown stops the server and deletes the folders (or drops the database). The server's log is kept in
 * tests/e2e/artifacts/server.log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseControl: { url: string; token: string } | null;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const artifacts = path.join(root, "tests/e2e/artifacts");
const serverEntry = path.join(root, "build/index.js");

/** Files whose change makes build/index.js stale. */
const SOURCES = ["app", "db", "public", "remix.config.js", "package.json", "tsconfig.json"];

function newestSourceTime(): number {
  let newest = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      const name = path.basename(p);
      // public/build is the compiler's own output.
      if (name === "node_modules" || p === path.join(root, "public/build")) return;
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

/** The server URL with another database name. */
function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer(serverUrl: string, statement: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${label} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/**
 * build/ and public/ copied to a folder of the run's own (with package.json for "type": "module"
 * and a link to node_modules), or null when the copy is not a complete build: a build in
 * progress elsewhere can leave the server without the assets its manifest names.
 */
function snapshotBuild(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-e2e-app-"));
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, log: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} before it was ready:\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/healthz did not answer 200 within ${timeoutMs} ms (last: ${last}):\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  fs.mkdirSync(artifacts, { recursive: true });

  // No browser, not on CI: browser.ts skips every suite, so there is nothing to serve.
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") && process.env.CI !== "true") {
    project.provide("baseUrl", "");
    project.provide("databaseControl", null);
    return;
  }

  // 1. Build when stale, and run from a copy of the build.
  let appDir: string | null = null;
  for (let attempt = 1; appDir === null; attempt++) {
    const builtAt = fs.existsSync(serverEntry) ? fs.statSync(serverEntry).mtimeMs : 0;
    if (attempt > 1 || builtAt < newestSourceTime()) {
      console.log(`[e2e] build/index.js is ${attempt > 1 ? "incomplete (another build under way?)" : "missing or stale"}: npx remix build`);
      await run("npx", ["remix", "build"], { ...process.env, NODE_ENV: "production" }, "npx remix build");
    }
    appDir = snapshotBuild();
    if (appDir === null && attempt >= 3) throw new Error("[e2e] could not copy a complete build of build/ and public/build after 3 builds");
  }
  const runDir = appDir;

  // 2. A fresh database, migrated and seeded.
  // The seed and the server must seal and unseal bids with one key.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", BID_SEALING_KEY: process.env.BID_SEALING_KEY ?? crypto.randomBytes(32).toString("hex") };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  let dataDir: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  const tsx = path.join(root, "node_modules/.bin/tsx");
  const serverUrl = process.env.E2E_DATABASE_URL;
  if (serverUrl) {
    // Only [a-z0-9_]: the name goes into DDL, which takes no bind parameters.
    const name = `sanshe_e2e_${Date.now()}_${process.pid}`;
    try {
      await onServer(serverUrl, `create database ${name}`);
    } catch (error) {
      fs.rmSync(runDir, { recursive: true, force: true });
      throw error;
    }
    dropDatabase = () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
    env.DATABASE_URL = withDatabase(serverUrl, name);
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-e2e-"));
    env.PGLITE_DIR = dataDir;
  }
  const cleanUp = async () => {
    fs.rmSync(runDir, { recursive: true, force: true });
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase?.();
  };
  let seedLog: string;
  try {
    await run(tsx, ["db/migrate.ts"], env, "db/migrate.ts");
    seedLog = await run(tsx, ["db/seed.ts"], env, "db/seed.ts");
  } catch (error) {
    await cleanUp();
    throw error;
  }
  console.log(`[e2e] ${seedLog.trim().split("\n").join(" / ")}`);

  // 3. The server.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = fs.createWriteStream(path.join(artifacts, "server.log"));
  let recent = "";
  const startServer = () => {
    const child = spawn(process.execPath, [path.join(runDir, "build/index.js")], {
      // express.static("public/build") is relative to the working directory: the copy's.
      cwd: runDir,
      env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    return child;
  };
  const keep = (chunk: Buffer) => {
    logFile.write(chunk);
    recent = (recent + chunk.toString()).slice(-8_000);
  };
  let server = startServer();

  // 4. SQL on the server's database, for tests that let time pass.
  const token = crypto.randomBytes(16).toString("hex");
  const runSql = async (statement: string) => {
    if (env.DATABASE_URL) return onServer(env.DATABASE_URL, statement);
    await stop(server);
    try {
      const { PGlite } = await import("@electric-sql/pglite");
      const pglite = new PGlite(dataDir!);
      try {
        await pglite.exec(statement);
      } finally {
        await pglite.close();
      }
    } finally {
      server = startServer();
      await waitForHealth(baseUrl, server, () => recent);
    }
  };
  const control = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(403).end();
        return;
      }
      runSql(body).then(
        () => response.writeHead(204).end(),
        (error: unknown) => response.writeHead(500, { "Content-Type": "text/plain" }).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const controlAddress = control.address();
  const controlUrl = `http://127.0.0.1:${typeof controlAddress === "object" && controlAddress ? controlAddress.port : 0}/sql`;

  const teardown = async () => {
    await new Promise((resolve) => control.close(resolve));
    await stop(server);
    logFile.end();
    await cleanUp();
  };

  try {
    await waitForHealth(baseUrl, server, () => recent);
  } catch (error) {
    await teardown();
    throw error;
  }
  console.log(`[e2e] portal ready at ${baseUrl} (${dataDir ? "PGlite" : "PostgreSQL"}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("baseUrl", baseUrl);
  project.provide("databaseControl", { url: controlUrl, token });
  return teardown;
}

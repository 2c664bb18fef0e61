/**
 * Production app processes on PostgreSQL for the multiprocess suite: a database of the test's
 * own on the DATABASE_URL server, `node build/index.js` processes on free ports pointed at it,
 * and a TCP proxy between an app and PostgreSQL that a test can cut and restore.
 *
 * The processes run from a private copy of build/ and public/ made once per run by
 * ./global-setup.ts (other engineers' builds replace public/build in the shared tree while a
 * run is under way).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { inject } from "vitest";
import { connect } from "#db/client";
import { runMigrations } from "#db/migrate-core";

declare module "vitest" {
  export interface ProvidedContext {
    /** Folder holding the copied build the app processes run from. */
    multiprocessAppDir: string;
    /** The PostgreSQL server URL (any database name) on which each test file makes its own database. */
    multiprocessServerUrl: string;
  }
}

/** A fixed sealing key shared by every process of a test: bids sealed by one open in the other. */
export const SEALING_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

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

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the suite's PostgreSQL server. */
export async function createDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = inject("multiprocessServerUrl");
  // Only [a-z0-9_]: the name goes into DDL, which takes no bind parameters.
  const name = `sanshe_mp_${label}_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const connection = connect({ url, poolSize: 1 });
  try {
    await runMigrations(connection);
  } finally {
    await connection.close();
  }
  return { url, name, drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`) };
}

export function freePort(): Promise<number> {
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

export interface AppProcess {
  baseUrl: string;
  port: number;
  child: ChildProcess;
  /** The last 20,000 characters the process printed. */
  log(): string;
  /** Resolves when the process has exited, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** `NODE_ENV=production node build/index.js` against the database, ready when /healthz answers 200. */
export async function startApp(databaseUrl: string, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<AppProcess> {
  const appDir = inject("multiprocessAppDir");
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    BID_SEALING_KEY: SEALING_KEY,
    PORT: String(port),
    HOST: "127.0.0.1",
    ...options.env,
  };
  delete env.PGLITE_DIR;
  const child = spawn(process.execPath, [path.join(appDir, "build/index.js")], { cwd: appDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let recent = "";
  const keep = (chunk: Buffer) => {
    recent = (recent + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    baseUrl,
    port,
    child,
    log: () => recent,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it was ready:\n${recent}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return app;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await app.stop();
  throw new Error(`/healthz did not answer 200 within 60 s (last: ${last}):\n${recent}`);
}

/**
 * A TCP proxy in front of PostgreSQL. `cut()` closes the listener and destroys every open
 * connection (what an app sees when the database host goes away: its connections break and
 * new ones are refused); `restore()` listens again on the same port.
 */
export class DatabaseProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(serverUrl: string): Promise<DatabaseProxy> {
    const parsed = new URL(serverUrl);
    const proxy = new DatabaseProxy(await freePort(), { host: parsed.hostname, port: Number(parsed.port || 5432) });
    await proxy.restore();
    return proxy;
  }

  /** The database URL with the proxy in place of the server. */
  urlFor(databaseUrl: string) {
    const parsed = new URL(databaseUrl);
    parsed.hostname = "127.0.0.1";
    parsed.port = String(this.port);
    return parsed.toString();
  }

  restore(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((client) => {
        const upstream = net.connect(this.target.port, this.target.host);
        this.sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          this.sockets.delete(client);
          this.sockets.delete(upstream);
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        this.server = server;
        resolve();
      });
    });
  }

  cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

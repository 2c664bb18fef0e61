/**
 * npm run bench [-- --scales 1,10 --duration 10 --connections 16 --pages "burst,PDF"]
 *
 * For each scale: the database sanshe_bench_<scale> on the PostgreSQL server of BENCH_DATABASE_URL
 * (or DATABASE_URL; default postgres://postgres@127.0.0.1:5432/postgres), filled by
 * `npm run bench:data` first when it is empty; the production build (`npm run build` first) on it;
 * then each page of PAGES under autocannon at the given concurrency for a fixed duration, after a
 * short warm-up. It prints and writes (tests/bench/results/, JSON and Markdown) requests per
 * second, p50/p95/p99 latency, each page's throughput as a share of the baseline page's
 * (measured on the same server just before and after the page, so that a machine whose speed
 * drifts does not tilt the ratio), how p95
 * grew from the first scale to the last, and the server's peak memory, with the core count and
 * date. Figures, not a test: nothing here fails on a slow page.
 *
 * A page is one line of PAGES: a name, whether it is public, and its request from the fixtures.
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";
import { connect } from "#db/client";
import { runMigrations } from "#db/migrate-core";
import { BENCH_SEALING_KEY, elapsed, PER_CITY } from "./common";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const resultsDir = path.join(root, "tests/bench/results");

// ---------------------------------------------------------------------------------------------
// What is measured
// ---------------------------------------------------------------------------------------------

interface Fixtures {
  districtId: string;
  category: string;
  awardedTenderId: string;
  openTenderId: string;
  organizationId: string;
  /** Bodies and cookies of signed-in bidders for the open tender. */
  bidders: { cookie: string; body: string }[];
  origin: string;
}

interface PageRequest {
  path: string;
  method?: "GET" | "POST";
  /** Requests cycled through (different users and bodies); the path's GET otherwise. */
  rotate?: { headers: Record<string, string>; body: string }[];
}

interface Page {
  name: string;
  /** Public pages must reach half the baseline's throughput (issue 8). */
  public: boolean;
  request: (f: Fixtures) => PageRequest;
  /** The status a good answer has. */
  expect: number;
}

const BASELINE = "baseline: static Remix page";

/** One line per page: a new page to measure is one more entry. */
const PAGES: Page[] = [
  { name: BASELINE, public: true, expect: 200, request: () => ({ path: "/bench/baseline" }) },
  { name: "tender list, district + category, page 1", public: true, expect: 200, request: (f) => ({ path: `/tenders?district=${f.districtId}&category=${f.category}` }) },
  { name: "tender list, page 50", public: true, expect: 200, request: () => ({ path: "/tenders?page=50" }) },
  { name: "tender detail (awarded)", public: true, expect: 200, request: (f) => ({ path: `/tenders/${f.awardedTenderId}` }) },
  { name: "organization profile", public: true, expect: 200, request: (f) => ({ path: `/organizations/${f.organizationId}` }) },
  { name: "sign-in page", public: true, expect: 200, request: () => ({ path: "/login" }) },
  { name: "statistics page", public: true, expect: 200, request: () => ({ path: "/statistics" }) },
  { name: "OCDS release package (awarded tender)", public: true, expect: 200, request: (f) => ({ path: `/api/ocds/tenders/${f.awardedTenderId}/releases` }) },
  { name: "tender notice PDF", public: true, expect: 200, request: (f) => ({ path: `/tenders/${f.openTenderId}/notice.pdf` }) },
  {
    name: "bid submission burst",
    public: false,
    expect: 302,
    request: (f) => ({
      path: `/tenders/${f.openTenderId}/bid`,
      method: "POST",
      rotate: f.bidders.map((b) => ({ headers: { cookie: b.cookie, origin: f.origin, "content-type": "application/x-www-form-urlencoded" }, body: b.body })),
    }),
  },
];

// ---------------------------------------------------------------------------------------------

interface Options {
  scales: number[];
  /** Only the pages whose name contains one of these (and the baseline); every page when empty. */
  pages: string[];
  duration: number;
  connections: number;
  warmup: number;
}

function options(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  };
  const scales = (value("scales") ?? value("scale") ?? "1,10").split(",").map(Number);
  if (scales.some((s) => !Number.isInteger(s) || s < 1)) throw new Error("--scales takes whole numbers, e.g. 1,10");
  const pages = (value("pages") ?? "").split(",").filter(Boolean);
  return { scales, pages, duration: Number(value("duration") ?? 10), connections: Number(value("connections") ?? 16), warmup: Number(value("warmup") ?? 2) };
}

function databaseUrl(scale: number) {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/sanshe_bench_${scale}`;
  return url.toString();
}

async function tenderCount(url: string): Promise<number> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [row] = await client<{ n: number }[]>`select count(*)::int as n from tenders`;
    return row.n;
  } catch {
    return 0;
  } finally {
    await client.end({ timeout: 5 });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process, in bytes (Linux), and its peak so far. */
function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/** The Node flags of `npm run serve` (package.json: the heap limit), so that the server measured is the one deployed. */
function serveFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  return pkg.scripts.serve.match(/--[\w-]+=\S+/g) ?? [];
}

async function startServer(url: string, port: number) {
  const child = spawn(process.execPath, [...serveFlags(), path.join(root, "build/index.js")], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, BID_SEALING_KEY: process.env.BID_SEALING_KEY ?? BENCH_SEALING_KEY, PORT: String(port), HOST: "127.0.0.1" },
    // The request log goes where production sends it when nobody reads it.
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr!.on("data", (c) => (errors = (errors + c).slice(-4_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${errors}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).status === 200) return { child, baseUrl };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`server did not become healthy: ${errors}`);
}

async function stopServer(child: ReturnType<typeof spawn>) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Queries a stopped server left running (a slow page's backlog) are cancelled, so the next page starts clean. */
async function cancelLeftoverQueries(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    await client`select pg_cancel_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid() and state = 'active'`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Pages' subjects in city 1's first district, so that every scale measures the same kind of page. */
async function fixtures(url: string, origin: string): Promise<Fixtures> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [district] = await client<{ id: string }[]>`select id from regions where level = 'district' order by code limit 1`;
    const [awarded] = await client<{ id: string }[]>`
      select t.id from tenders t join bureaus b on b.id = t.bureau_id
      where b.district_id = ${district.id} and t.status = 'awarded' order by t.id limit 1`;
    const [open] = await client<{ id: string; ceiling: number }[]>`
      select t.id, t.ceiling_price::float8 as ceiling from tenders t join bureaus b on b.id = t.bureau_id
      where b.district_id = ${district.id} and t.status = 'published' and t.method <> 'venture_call' and t.bid_deadline > now() + interval '1 day'
      order by t.bid_deadline desc limit 1`;
    const [organization] = await client<{ id: string }[]>`
      select a.organization_id as id from awards a group by 1 order by count(*) desc, 1 limit 1`;
    const bidders = await client<{ user_id: string; staff: string[] }[]>`
      select m.user_id, array(select s.id::text from staff s where s.organization_id = o.id order by s.id limit 2) as staff
      from organizations o
      join organization_members m on m.organization_id = o.id and m.member_role = 'owner'
      join organization_districts d on d.organization_id = o.id and d.district_id = ${district.id}
      where o.kind = 'agency' and o.verification_status = 'verified' and o.credit_status = 'normal'
      order by o.id limit 200`;
    const tokens = bidders.map(() => crypto.randomBytes(32).toString("base64url"));
    await client`insert into sessions ${client(
      bidders.map((b, i) => ({
        token_hash: crypto.createHash("sha256").update(tokens[i]).digest("hex"),
        user_id: b.user_id,
        expires_at: new Date(Date.now() + 86_400_000),
        ip: "127.0.0.1",
        user_agent: "bench",
      })),
    )}`;
    const priceYuan = Math.floor((open.ceiling * 0.9) / 100 / 100) * 100;
    const people = Math.floor(priceYuan * 0.6);
    return {
      districtId: district.id,
      category: "elderly_care",
      awardedTenderId: awarded.id,
      openTenderId: open.id,
      organizationId: organization.id,
      origin,
      bidders: bidders.map((b, i) => {
        const form = new URLSearchParams({
          price: String(priceYuan),
          servicePlan: "每周三次入户探访，每日中午助餐配送。",
          activities: "探访、助餐、健康讲座",
          beneficiaries: "120",
          sessions: "48",
          volunteerHours: "300",
          "budget.0.item": "人员经费",
          "budget.0.amount": String(people),
          "budget.1.item": "活动经费",
          "budget.1.amount": String(priceYuan - people),
        });
        for (const id of b.staff) form.append("teamStaffIds", id);
        return { cookie: `sanshe_session=${tokens[i]}`, body: form.toString() };
      }),
    };
  } finally {
    await client.end({ timeout: 5 });
  }
}

interface Measurement {
  page: string;
  public: boolean;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  /** Answers with another status than the page's good one, plus socket errors and timeouts. */
  failures: number;
  peakRssMb: number;
  /** The baseline's throughput on the same server just before and after this page (their mean). */
  baselineRequestsPerSecond?: number;
  ratioToBaseline?: number;
}

/** How long each of the two baseline runs beside a page lasts: half the page's, at least 4 s. */
const pairedDuration = (o: Options) => Math.max(4, Math.round(o.duration / 2));

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function load(baseUrl: string, request: PageRequest, connections: number, duration: number, onResponse?: (status: number, ms: number) => void) {
  let next = 0;
  const rotate = request.rotate;
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: request.method ?? "GET",
        path: request.path,
        ...(rotate
          ? {
              setupRequest: (r) => {
                const pick = rotate[next++ % rotate.length];
                return { ...r, headers: { ...r.headers, ...pick.headers }, body: pick.body };
              },
            }
          : {}),
      },
    ],
  });
  if (onResponse) instance.on("response", (_client, status, _bytes, ms) => onResponse(status, ms));
  return instance;
}

async function measure(baseUrl: string, pid: number, page: Page, f: Fixtures, o: Options): Promise<Measurement> {
  const request = page.request(f);
  // Warm-up: one answer first (a page computed once and then cached, such as the statistics,
  // is computed here and not while 16 connections wait), then the timed warm-up load.
  if (!request.method || request.method === "GET") await fetch(baseUrl + request.path, { signal: AbortSignal.timeout(300_000) }).then((r) => r.arrayBuffer());
  if (o.warmup > 0) await load(baseUrl, request, o.connections, o.warmup);
  const latencies: number[] = [];
  let failures = 0;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid).rss)), 200);
  const started = performance.now();
  const result = await load(baseUrl, request, o.connections, o.duration, (status, ms) => {
    latencies.push(ms);
    if (status !== page.expect) failures += 1;
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    page: page.name,
    public: page.public,
    requestsPerSecond: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    requests: latencies.length,
    failures: failures + result.errors + result.timeouts,
    peakRssMb: Math.round(Math.max(peak, memoryOf(pid).rss) / 1024 / 1024),
  };
}

interface ScaleResult {
  scale: number;
  tenders: number;
  measurements: Measurement[];
  peakRssMb: number;
}

async function benchScale(scale: number, o: Options): Promise<ScaleResult> {
  const url = databaseUrl(scale);
  let tenders = await tenderCount(url);
  if (tenders === 0) {
    console.log(`sanshe_bench_${scale} is empty: npm run bench:data -- --scale ${scale}`);
    const fill = spawnSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "tests/bench/data.ts"), "--scale", String(scale)], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: "inherit",
    });
    if (fill.status !== 0) throw new Error(`bench:data failed at scale ${scale}`);
    tenders = await tenderCount(url);
  }
  // As `npm start` does: a database filled before a schema change gets the new migrations (indexes).
  const migration = connect({ url, poolSize: 1 });
  try {
    await runMigrations(migration);
  } finally {
    await migration.close();
  }
  if (tenders < scale * PER_CITY.tenders) console.warn(`sanshe_bench_${scale} has ${tenders} tenders, fewer than scale ${scale} generates`);
  // Each page gets a server of its own (same port, so the bid form's Origin stays valid): a slow
  // page's backlog never spills into the next page's figures, and each page's peak memory is its own.
  const port = await freePort();
  const f = await fixtures(url, `http://127.0.0.1:${port}`);
  const measurements: Measurement[] = [];
  const baselinePage = PAGES.find((p) => p.name === BASELINE)!;
  for (const page of PAGES.filter((p) => p.name === BASELINE || o.pages.length === 0 || o.pages.some((name) => p.name.includes(name)))) {
    const { child, baseUrl } = await startServer(url, port);
    try {
      // The machine's speed drifts (other work, a shared host), so each page's ratio is taken
      // against the baseline measured on the same server just before and just after it.
      const paired = page === baselinePage ? [] : [await measure(baseUrl, child.pid!, baselinePage, f, { ...o, duration: pairedDuration(o) })];
      const m = await measure(baseUrl, child.pid!, page, f, o);
      if (paired.length) paired.push(await measure(baseUrl, child.pid!, baselinePage, f, { ...o, duration: pairedDuration(o), warmup: 0 }));
      m.peakRssMb = Math.max(m.peakRssMb, Math.round(memoryOf(child.pid!).peak / 1024 / 1024));
      const base = paired.length ? paired.reduce((sum, b) => sum + b.requestsPerSecond, 0) / paired.length : m.requestsPerSecond;
      m.baselineRequestsPerSecond = Math.round(base * 10) / 10;
      m.ratioToBaseline = Math.round((m.requestsPerSecond / base) * 100) / 100;
      measurements.push(m);
      const figures = m.requests === 0 ? `no answer within ${o.duration} s` : `${m.requestsPerSecond} req/s, p50 ${m.p50} ms, p95 ${m.p95} ms, p99 ${m.p99} ms`;
      const ratio = paired.length ? ` (baseline beside it ${m.baselineRequestsPerSecond} req/s: ${m.ratioToBaseline}×)` : "";
      console.log(`  scale ${scale} · ${m.page}: ${figures}${ratio}${m.failures ? `, ${m.failures} failures` : ""}, peak RSS ${m.peakRssMb} MB`);
    } finally {
      await stopServer(child);
      await cancelLeftoverQueries(url);
    }
  }
  return { scale, tenders, measurements, peakRssMb: Math.max(...measurements.map((m) => m.peakRssMb)) };
}

// ---------------------------------------------------------------------------------------------
// Goals (issue 8) and the report
// ---------------------------------------------------------------------------------------------

interface Goal {
  goal: string;
  met: boolean;
  detail: string;
}

function goals(results: ScaleResult[]): Goal[] {
  const out: Goal[] = [];
  const first = results[0];
  const last = results[results.length - 1];
  for (const r of results) {
    for (const m of r.measurements.filter((m) => m.public && m.page !== BASELINE)) {
      const met = (m.ratioToBaseline ?? 0) >= 0.5;
      out.push({ goal: `scale ${r.scale}: ${m.page} ≥ 0.5 × baseline throughput`, met, detail: `${m.ratioToBaseline}×${met ? "" : ` (short by ${Math.round((0.5 - (m.ratioToBaseline ?? 0)) * 100) / 100})`}` });
    }
    // Latency goals of issue 8: the PDF at every scale, the statistics page at scale 10.
    const latencyGoals: [string, number, boolean][] = [
      ["tender notice PDF", 250, true],
      ["statistics page", 150, r.scale >= 10],
    ];
    for (const [page, limit, applies] of latencyGoals) {
      const m = r.measurements.find((x) => x.page === page);
      if (!m || !applies) continue;
      const met = m.requests > 0 && m.p95 <= limit;
      out.push({ goal: `scale ${r.scale}: ${page} p95 ≤ ${limit} ms`, met, detail: m.requests === 0 ? "no answer within the duration" : `${m.p95} ms${met ? "" : ` (${Math.round(m.p95 - limit)} ms over)`}` });
    }
    out.push({ goal: `scale ${r.scale}: server RSS ≤ 400 MB under load`, met: r.peakRssMb <= 400, detail: `peak ${r.peakRssMb} MB` });
  }
  if (first !== last) {
    for (const m of last.measurements) {
      const before = first.measurements.find((x) => x.page === m.page);
      if (!before) continue;
      if (m.requests === 0 || before.requests === 0) {
        out.push({ goal: `${m.page}: p95 at scale ${last.scale} ≤ 1.5 × p95 at scale ${first.scale}`, met: false, detail: `no answer within the duration at scale ${m.requests === 0 ? last.scale : first.scale}` });
        continue;
      }
      const growth = Math.round((m.p95 / before.p95) * 100) / 100;
      out.push({ goal: `${m.page}: p95 at scale ${last.scale} ≤ 1.5 × p95 at scale ${first.scale}`, met: growth <= 1.5, detail: `${before.p95} → ${m.p95} ms (${growth}×)` });
    }
  }
  return out;
}

function markdown(report: { date: string; cores: number; cpu: string; node: string; loadAverage: number[]; options: Options; results: ScaleResult[]; goals: Goal[] }) {
  const { results } = report;
  const lines = [
    `# Benchmark ${report.date}`,
    "",
    `${report.cores} cores (${report.cpu}), ${Math.round(os.totalmem() / 1024 ** 3)} GB, Node ${report.node}, PostgreSQL on the same machine; autocannon, ${report.options.connections} connections, ${report.options.duration} s per page after ${report.options.warmup} s of warm-up; one production server process (\`node build/index.js\`) per page. Load average at the end: ${report.loadAverage.join(", ")} (other work on the machine).`,
    "",
    `Scales: ${results.map((r) => `${r.scale} (${r.tenders} tenders)`).join(", ")}. Latencies in ms; base = the baseline page's throughput measured on the same server just before and just after the page (the mean of the two), ×base = the page's throughput as a share of it; — = no answer within the duration. Each page runs on a fresh server process.`,
    "",
  ];
  const head = ["page", ...results.flatMap((r) => [`s${r.scale} req/s`, "base", "×base", "p50", "p95", "p99"])];
  if (results.length > 1) head.push(`p95 growth s${results[0].scale}→s${results[results.length - 1].scale}`);
  lines.push(`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`);
  for (const page of PAGES.filter((p) => results[0].measurements.some((m) => m.page === p.name))) {
    const cells = [page.name];
    for (const r of results) {
      const m = r.measurements.find((x) => x.page === page.name)!;
      const base = String(m.baselineRequestsPerSecond ?? "—");
      if (m.requests === 0) cells.push("0", base, "0", "—", "—", "—");
      else cells.push(String(m.requestsPerSecond), base, String(m.ratioToBaseline), String(m.p50), String(m.p95), String(m.p99));
    }
    if (results.length > 1) {
      const a = results[0].measurements.find((x) => x.page === page.name)!;
      const b = results[results.length - 1].measurements.find((x) => x.page === page.name)!;
      cells.push(a.requests && b.requests ? `${Math.round((b.p95 / a.p95) * 100) / 100}×` : "—");
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  lines.push("", `Peak server RSS: ${results.map((r) => `scale ${r.scale} ${r.peakRssMb} MB`).join(", ")}.`, "", "## Goals", "", "| goal | met | measured |", "|---|---|---|");
  for (const g of report.goals) lines.push(`| ${g.goal} | ${g.met ? "yes" : "**no**"} | ${g.detail} |`);
  const failures = results.flatMap((r) => r.measurements.filter((m) => m.failures > 0).map((m) => `scale ${r.scale} ${m.page}: ${m.failures}`));
  if (failures.length) lines.push("", `Unexpected answers: ${failures.join("; ")}.`);
  return lines.join("\n") + "\n";
}

async function main() {
  const o = options(process.argv.slice(2));
  if (!fs.existsSync(path.join(root, "build/index.js"))) throw new Error("build/index.js is missing: npm run build first");
  const started = performance.now();
  const results: ScaleResult[] = [];
  for (const scale of o.scales) {
    console.log(`scale ${scale}: ${databaseUrl(scale).replace(/\/\/[^@]*@/, "//")}`);
    results.push(await benchScale(scale, o));
  }
  const date = new Date().toISOString();
  const report = {
    date,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    node: process.version,
    // Other work on the machine while measuring (1, 5, 15-minute load averages at the end).
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
    options: o,
    results,
    goals: goals(results),
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  const stem = path.join(resultsDir, `bench-${date.slice(0, 10)}-scales-${o.scales.join("-")}${o.pages.length ? "-some-pages" : ""}`);
  fs.writeFileSync(`${stem}.json`, JSON.stringify(report, null, 2) + "\n");
  const md = markdown(report);
  fs.writeFileSync(`${stem}.md`, md);
  console.log(`\n${md}\nwritten: ${path.relative(root, stem)}.json and .md (${elapsed(started)})`);
}

await main();

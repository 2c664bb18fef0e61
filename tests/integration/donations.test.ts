/**
 * Co-funding through Stripe (DESIGN §4.7, issue 5) against a real database: the donate form
 * opening a Checkout Session, the webhook endpoint verifying signatures on the raw body and
 * recording each event once, the donor's receipt page and PDF, and the portal without Stripe keys.
 *
 * Stripe itself is never called. Session creation goes to a small HTTP server on 127.0.0.1 that
 * answers like Stripe's API (the Stripe client is pointed at it with STRIPE_API_BASE, i.e. its
 * host/port/protocol options), so the test sees exactly what the portal sends. Webhook events are
 * signed with the stripe library's own test-header helper and posted to the route's action as
 * Stripe would post them. Projects are active contracts from tests/helpers/contracts.ts.
 */
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray, like, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, contracts, donations, stripeEvents } from "#db/schema";
import { donationsSummary, donationTotals, getDonationReceipt, getDonationPage, processStripeEvent } from "~/modules/donations/donations.server";
import * as donatePage from "~/routes/projects.$id_.donate";
import * as receiptPdfRoute from "~/routes/projects.$id_.donations.$token.receipt[.]pdf";
import * as receiptPage from "~/routes/projects.$id_.donations.$token";
import * as webhookRoute from "~/routes/api.stripe.webhook";
import { givenActiveContract, givenDraftContract, type GivenContract } from "../helpers/contracts";
import { context, getRequest, isPostgres, postRequest, settle, thrownResponse, useDemoData } from "../helpers/demo";

useDemoData();

const SECRET_KEY = "sk_test_portal_fake";
const WEBHOOK_SECRET = "whsec_test_portal_webhook_secret";
const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });

// ---------------------------------------------------------------------------------------------
// A stand-in for Stripe's API on 127.0.0.1: records what the portal sends, answers like Stripe.
// ---------------------------------------------------------------------------------------------

interface SentSession {
  params: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  session: { id: string; url: string; amount_total: number; currency: string; metadata: Record<string, string> };
}

type FakeMode = "ok" | "server-error" | "amount-too-small";

const fake = {
  mode: "ok" as FakeMode,
  sent: [] as SentSession[],
  server: undefined as http.Server | undefined,
  base: "",
};

function metadataOf(params: URLSearchParams) {
  const metadata: Record<string, string> = {};
  for (const [key, value] of params) {
    const match = /^metadata\[(\w+)\]$/.exec(key);
    if (match) metadata[match[1]] = value;
  }
  return metadata;
}

async function startFakeStripe() {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${crypto.randomBytes(6).toString("hex")}` });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== "POST" || req.url !== "/v1/checkout/sessions") return reply(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${req.url})` } });
      if (fake.mode === "server-error") return reply(500, { error: { type: "api_error", message: "An unknown error occurred" } });
      const params = new URLSearchParams(body);
      if (fake.mode === "amount-too-small") {
        return reply(400, { error: { type: "invalid_request_error", code: "amount_too_small", param: "line_items[0][price_data][unit_amount]", message: "The Checkout Session's total amount due must add up to at least $0.50 usd" } });
      }
      const id = `cs_test_${crypto.randomBytes(12).toString("hex")}`;
      const session = {
        id,
        object: "checkout.session",
        url: `https://checkout.stripe.com/c/pay/${id}`,
        amount_total: Number(params.get("line_items[0][price_data][unit_amount]")),
        currency: params.get("line_items[0][price_data][currency]") ?? "",
        metadata: metadataOf(params),
        mode: params.get("mode"),
        payment_status: "unpaid",
        status: "open",
      };
      fake.sent.push({ params, headers: req.headers, session });
      reply(200, session);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.server = server;
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: Stripe's API "unreachable". */
async function closedPort() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const STRIPE_ENV = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "STRIPE_PAYMENT_METHODS", "PUBLIC_URL"] as const;
const savedEnv = Object.fromEntries(STRIPE_ENV.map((k) => [k, process.env[k]]));

function configureStripe(apiBase = fake.base) {
  process.env.STRIPE_SECRET_KEY = SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_BASE = apiBase;
  delete process.env.STRIPE_PAYMENT_METHODS;
  delete process.env.PUBLIC_URL;
}

function unconfigureStripe() {
  for (const key of STRIPE_ENV) delete process.env[key];
}

// ---------------------------------------------------------------------------------------------
// Webhook events as Stripe sends them
// ---------------------------------------------------------------------------------------------

type CheckoutEventType = "checkout.session.completed" | "checkout.session.async_payment_succeeded" | "checkout.session.expired";

function checkoutEvent(type: CheckoutEventType, session: SentSession["session"], options: { id?: string; paymentStatus?: string; created?: Date; amount?: number } = {}) {
  return {
    id: options.id ?? `evt_${crypto.randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor((options.created ?? new Date()).getTime() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: session.id,
        object: "checkout.session",
        mode: "payment",
        amount_total: options.amount ?? session.amount_total,
        currency: session.currency,
        metadata: session.metadata,
        payment_status: options.paymentStatus ?? (type === "checkout.session.expired" ? "unpaid" : "paid"),
        status: type === "checkout.session.expired" ? "expired" : "complete",
      },
    },
  };
}

function signed(payload: string, options: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });
}

function webhookRequest(payload: string, signature: string | null, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)", ...extraHeaders };
  if (signature !== null) headers["Stripe-Signature"] = signature;
  return new Request("http://localhost/api/stripe/webhook", { method: "POST", body: payload, headers });
}

async function postWebhook(payload: string, signature: string | null) {
  return settle(() => webhookRoute.action(args(webhookRequest(payload, signature))));
}

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

async function donate(contractId: string, fields: Record<string, string>) {
  return settle(() => donatePage.action(args(postRequest(`/projects/${contractId}/donate`, fields), { id: contractId })));
}

/** A pending donation made through the donate form; the session Stripe (the fake) was asked for. */
async function pendingDonation(contractId: string, fields: Record<string, string> = { amount: "50" }) {
  const response = await donate(contractId, fields);
  expect(response.status).toBe(303);
  const sent = fake.sent.at(-1)!;
  expect(response.headers.get("Location")).toBe(sent.session.url);
  const [row] = await db.select().from(donations).where(eq(donations.stripeSessionId, sent.session.id));
  return { sent, donation: row };
}

async function donationRow(id: string) {
  const [row] = await db.select().from(donations).where(eq(donations.id, id));
  return row;
}

async function auditActions(subjectId: string) {
  const rows = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, subjectId));
  return rows.map((r) => r.action).sort();
}

async function eventRows(id: string) {
  return db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
}

async function fieldErrorsOf(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: Record<string, { message: string }> };
  return Object.fromEntries(Object.entries(body.errors).map(([field, e]) => [field, e.message]));
}

// ---------------------------------------------------------------------------------------------

let project: GivenContract;

beforeAll(async () => {
  await startFakeStripe();
  project = await givenActiveContract();
});

afterAll(async () => {
  await new Promise<void>((resolve) => fake.server?.close(() => resolve()) ?? resolve());
  for (const key of STRIPE_ENV) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

beforeEach(() => {
  fake.mode = "ok";
  configureStripe();
});

afterEach(() => {
  fake.mode = "ok";
});

describe("donating: the form opens a Stripe Checkout Session and records a pending donation", () => {
  it("sends the amount in fen in CNY, the contract and donation in the metadata, card + Alipay + WeChat Pay for the web, then redirects (303) to Stripe", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "88.80", donorName: "爱心居民\u202e", message: "祝老人们健康！" });
    const p = sent.params;
    expect(p.get("mode")).toBe("payment");
    expect(p.get("line_items[0][price_data][currency]")).toBe("cny");
    expect(p.get("line_items[0][price_data][unit_amount]")).toBe("8880");
    expect(p.get("line_items[0][quantity]")).toBe("1");
    expect(p.getAll("payment_method_types[0]").concat(p.getAll("payment_method_types[1]"), p.getAll("payment_method_types[2]"))).toEqual(["card", "alipay", "wechat_pay"]);
    expect(p.get("payment_method_options[wechat_pay][client]")).toBe("web");
    expect(sent.session.metadata).toMatchObject({ contract_id: project.contractId, donation_id: donation.id });
    expect(p.get("success_url")).toBe(`http://localhost/projects/${project.contractId}/donations/${donation.receiptToken}`);
    expect(p.get("cancel_url")).toBe(`http://localhost/projects/${project.contractId}/donate?cancelled=1`);
    // One donation, one session, even when the client retries the request.
    expect(sent.headers["idempotency-key"]).toBe(`donation-${donation.id}`);
    expect(sent.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);

    expect(donation).toMatchObject({ contractId: project.contractId, amount: 8880, currency: "cny", status: "pending", donorName: "爱心居民", message: "祝老人们健康！", paidAt: null, receiptNumber: null });
    expect(donation.receiptToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await auditActions(donation.id)).toEqual(["donation.checkout"]);
  });

  it("uses PUBLIC_URL for Stripe's return links when it is set", async () => {
    process.env.PUBLIC_URL = "https://sanshe.example.cn/";
    const { sent, donation } = await pendingDonation(project.contractId);
    expect(sent.params.get("success_url")).toBe(`https://sanshe.example.cn/projects/${project.contractId}/donations/${donation.receiptToken}`);
  });

  it("refuses a bad amount on the field, without asking Stripe or storing anything", async () => {
    const before = fake.sent.length;
    const count = await db.$count(donations);
    expect(await fieldErrorsOf(await donate(project.contractId, { amount: "0.5" }))).toEqual({ amount: expect.stringMatching(/^donations\.error\.tooSmall\|/) });
    expect(await fieldErrorsOf(await donate(project.contractId, { amount: "十元" }))).toEqual({ amount: "errors.money" });
    expect(await fieldErrorsOf(await donate(project.contractId, { amount: "10", message: "很长".repeat(101) }))).toEqual({ message: expect.stringMatching(/^errors\.tooLong\|/) });
    expect(fake.sent.length).toBe(before);
    expect(await db.$count(donations)).toBe(count);
  });

  it("gives a clear message, not a 500, when Stripe's API cannot be reached or fails; nothing is stored", async () => {
    const count = await db.$count(donations);
    configureStripe(await closedPort());
    expect(await fieldErrorsOf(await donate(project.contractId, { amount: "20" }))).toEqual({ root: "donations.checkoutUnavailable" });
    configureStripe();
    fake.mode = "server-error";
    expect(await fieldErrorsOf(await donate(project.contractId, { amount: "20" }))).toEqual({ root: "donations.checkoutUnavailable" });
    expect(await db.$count(donations)).toBe(count);
  });

  it("puts Stripe's minimum-charge refusal on the amount field", async () => {
    fake.mode = "amount-too-small";
    expect(await fieldErrorsOf(await donate(project.contractId, { amount: "1" }))).toEqual({ amount: "donations.error.belowStripeMinimum" });
  });

  it("takes no donation for a draft contract (404) or a terminated one (message)", async () => {
    const draft = await givenDraftContract();
    expect((await thrownResponse(getDonationPage(db, draft.contractId))).status).toBe(404);
    expect((await donate(draft.contractId, { amount: "10" })).status).toBe(404);
    expect((await thrownResponse(getDonationPage(db, "not-a-uuid"))).status).toBe(404);

    const ended = await givenActiveContract();
    await db.update(contracts).set({ status: "terminated" }).where(eq(contracts.id, ended.contractId));
    expect(await getDonationPage(db, ended.contractId)).toMatchObject({ accepting: false, configured: true });
    expect(await fieldErrorsOf(await donate(ended.contractId, { amount: "10" }))).toEqual({ root: "donations.notAccepting" });
  });
});

describe("the webhook: signature verified on the raw body, each event recorded once", () => {
  it("marks the donation paid on checkout.session.completed, with a receipt number and an audit entry", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "50", donorName: "张女士", message: "加油" });
    const event = checkoutEvent("checkout.session.completed", sent.session);
    const payload = JSON.stringify(event);
    const response = await postWebhook(payload, signed(payload));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "paid" });

    const paid = await donationRow(donation.id);
    expect(paid).toMatchObject({ status: "paid", stripeEventId: event.id, paidAt: new Date(event.created * 1000) });
    expect(paid.receiptNumber).toMatch(/^JZ-\d{4}-\d{6}$/);
    expect(await auditActions(donation.id)).toEqual(["donation.checkout", "donation.paid"]);
    expect(await eventRows(event.id)).toHaveLength(1);

    const summary = await donationsSummary(db, project.contractId);
    expect(summary.donations.find((d) => d.id === donation.id)).toMatchObject({ donorName: "张女士", amount: 5000, message: "加油" });
  });

  it("refuses a tampered body (400) and changes nothing", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "30" });
    const payload = JSON.stringify(checkoutEvent("checkout.session.completed", sent.session));
    const signature = signed(payload);
    const tampered = payload.replace('"amount_total":3000', '"amount_total":300000');
    expect(tampered).not.toBe(payload);
    const response = await postWebhook(tampered, signature);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/signature/i);
    expect((await donationRow(donation.id)).status).toBe("pending");
  });

  it("refuses a missing signature, a signature made with another secret, and a stale one (400)", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "30" });
    const event = checkoutEvent("checkout.session.completed", sent.session);
    const payload = JSON.stringify(event);
    expect((await postWebhook(payload, null)).status).toBe(400);
    expect((await postWebhook(payload, "")).status).toBe(400);
    expect((await postWebhook(payload, "t=1,v1=deadbeef")).status).toBe(400);
    expect((await postWebhook(payload, signed(payload, { secret: "whsec_someone_else" }))).status).toBe(400);
    // Older than Stripe's 5-minute tolerance: a captured request replayed later.
    expect((await postWebhook(payload, signed(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(400);
    expect((await donationRow(donation.id)).status).toBe("pending");
    expect(await eventRows(event.id)).toHaveLength(0);
  });

  it("passes the raw bytes through: a body with non-ASCII text verifies as Stripe signed it", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "12", donorName: "王先生" });
    const event = checkoutEvent("checkout.session.completed", { ...sent.session, metadata: { ...sent.session.metadata, note: "社区 ❤ 捐赠" } });
    const payload = JSON.stringify(event, null, 2);
    expect((await postWebhook(payload, signed(payload))).status).toBe(200);
    expect((await donationRow(donation.id)).status).toBe("paid");
  });

  it("records a donation once when the same event arrives ten times at once: one payment, one receipt number", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "66" });
    const event = checkoutEvent("checkout.session.completed", sent.session);
    const payload = JSON.stringify(event);
    const signature = signed(payload);
    const responses = await Promise.all(Array.from({ length: 10 }, () => postWebhook(payload, signature)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const outcomes = await Promise.all(responses.map(async (r) => ((await r.json()) as { outcome: string }).outcome));
    expect(outcomes.filter((o) => o === "paid")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(9);

    const paid = await donationRow(donation.id);
    expect(paid.status).toBe("paid");
    const sameNumber = await db.select({ id: donations.id }).from(donations).where(eq(donations.receiptNumber, paid.receiptNumber!));
    expect(sameNumber).toHaveLength(1);
    expect(await eventRows(event.id)).toHaveLength(1);
    expect(await auditActions(donation.id)).toEqual(["donation.checkout", "donation.paid"]);

    // Replayed later (Stripe retries): still 200, still nothing changes.
    const again = await postWebhook(payload, signed(payload));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await donationRow(donation.id)).toEqual(paid);
  });

  it("gives concurrent payments of different donations different receipt numbers", async () => {
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await pendingDonation(project.contractId, { amount: String(10 + i) }));
    await Promise.all(
      made.map(({ sent }) => {
        const payload = JSON.stringify(checkoutEvent("checkout.session.completed", sent.session));
        return postWebhook(payload, signed(payload));
      }),
    );
    const rows = await Promise.all(made.map(({ donation }) => donationRow(donation.id)));
    expect(rows.every((r) => r.status === "paid")).toBe(true);
    expect(new Set(rows.map((r) => r.receiptNumber)).size).toBe(5);
  });

  it("waits for async_payment_succeeded when the session completed unpaid; a second paid event changes nothing", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "40" });
    const completed = JSON.stringify(checkoutEvent("checkout.session.completed", sent.session, { paymentStatus: "unpaid" }));
    expect(await (await postWebhook(completed, signed(completed))).json()).toEqual({ received: true, outcome: "unchanged" });
    expect((await donationRow(donation.id)).status).toBe("pending");

    const succeeded = checkoutEvent("checkout.session.async_payment_succeeded", sent.session);
    const payload = JSON.stringify(succeeded);
    expect(await (await postWebhook(payload, signed(payload))).json()).toEqual({ received: true, outcome: "paid" });
    const paid = await donationRow(donation.id);
    expect(paid).toMatchObject({ status: "paid", stripeEventId: succeeded.id });

    const another = JSON.stringify(checkoutEvent("checkout.session.completed", sent.session));
    expect(await (await postWebhook(another, signed(another))).json()).toEqual({ received: true, outcome: "unchanged" });
    expect(await donationRow(donation.id)).toEqual(paid);
  });

  it("does not mark a donation paid when the paid amount differs from the donation", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "25" });
    const payload = JSON.stringify(checkoutEvent("checkout.session.completed", sent.session, { amount: 100 }));
    expect(await (await postWebhook(payload, signed(payload))).json()).toEqual({ received: true, outcome: "unchanged" });
    expect((await donationRow(donation.id)).status).toBe("pending");
  });

  it("closes a pending donation whose session expired, and ignores events it does not handle", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "15" });
    const expired = JSON.stringify(checkoutEvent("checkout.session.expired", sent.session));
    expect(await (await postWebhook(expired, signed(expired))).json()).toEqual({ received: true, outcome: "expired" });
    expect((await donationRow(donation.id)).status).toBe("expired");
    expect(await auditActions(donation.id)).toEqual(["donation.checkout", "donation.expired"]);

    const other = JSON.stringify({ id: `evt_${crypto.randomBytes(8).toString("hex")}`, object: "event", type: "customer.created", created: 1, data: { object: { id: "cus_1", object: "customer" } } });
    expect(await (await postWebhook(other, signed(other))).json()).toEqual({ received: true, outcome: "ignored" });
  });

  it("answers GET with 405 and, without Stripe keys, POST with 503", async () => {
    expect(webhookRoute.loader().status).toBe(405);
    unconfigureStripe();
    const payload = JSON.stringify({ id: "evt_x", object: "event", type: "checkout.session.completed" });
    expect((await postWebhook(payload, signed(payload))).status).toBe(503);
  });

  it.runIf(isPostgres())("on PostgreSQL: the same event processed by ten separate connections at once is recorded once", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "77" });
    const event = checkoutEvent("checkout.session.completed", sent.session) as unknown as Stripe.Event;
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => processStripeEvent(db, event)));
    expect(outcomes.filter((o) => o === "paid")).toHaveLength(1);
    expect((await donationRow(donation.id)).status).toBe("paid");
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(and(eq(auditLog.subjectId, donation.id), eq(auditLog.action, "donation.paid")));
    expect(n).toBe(1);
  });
});

// pdftotext (poppler-utils) reads the receipt back as a reader's viewer would; required on CI.
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
if (!hasPdftotext && process.env.CI === "true") throw new Error("[donations] pdftotext not found (apt-get install poppler-utils)");

describe("the donor's receipt behind the token of Stripe's return link", () => {
  it("shows the status while pending, and once paid the receipt PDF in Chinese", async () => {
    const { sent, donation } = await pendingDonation(project.contractId, { amount: "50", donorName: "李阿姨", message: "感谢社工们" });
    const pagePath = `/projects/${project.contractId}/donations/${donation.receiptToken}`;
    const params = { id: project.contractId, token: donation.receiptToken };

    const pending = await receiptPage.loader(args(getRequest(pagePath), params));
    expect(pending.headers.get("Cache-Control")).toBe("no-store");
    expect(await pending.json()).toMatchObject({ donation: { status: "pending", amount: 5000, receiptNumber: null } });
    expect((await settle(() => receiptPdfRoute.loader(args(getRequest(`${pagePath}/receipt.pdf`), params)))).status).toBe(404);

    const payload = JSON.stringify(checkoutEvent("checkout.session.completed", sent.session));
    expect((await postWebhook(payload, signed(payload))).status).toBe(200);
    const { donation: paid } = await getDonationReceipt(db, project.contractId, donation.receiptToken);
    expect(paid.status).toBe("paid");

    const pdfResponse = await receiptPdfRoute.loader(args(getRequest(`${pagePath}/receipt.pdf`), params));
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdfResponse.headers.get("Content-Disposition")).toContain(encodeURIComponent(`捐赠收据-${paid.receiptNumber}.pdf`));
    const pdf = Buffer.from(await pdfResponse.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    if (hasPdftotext) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "donation-receipt-"));
      const file = path.join(dir, "receipt.pdf");
      fs.writeFileSync(file, pdf);
      // Without white space: the viewer's line breaks fall anywhere in a long Chinese sentence.
      const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8").replace(/\s+/g, "");
      fs.rmSync(dir, { recursive: true, force: true });
      for (const expected of ["捐赠收据", paid.receiptNumber!, "李阿姨", "¥50.00", "人民币伍拾元整", "感谢社工们", "不作为财政部门监制的公益事业捐赠票据"]) {
        expect(text).toContain(expected);
      }
    }
  });

  it("answers 404 to a wrong token, a token of another project, or a malformed one", async () => {
    const { donation } = await pendingDonation(project.contractId);
    const other = await givenActiveContract();
    expect((await thrownResponse(getDonationReceipt(db, project.contractId, crypto.randomBytes(24).toString("base64url")))).status).toBe(404);
    expect((await thrownResponse(getDonationReceipt(db, other.contractId, donation.receiptToken))).status).toBe(404);
    expect((await thrownResponse(getDonationReceipt(db, project.contractId, "../../etc"))).status).toBe(404);
  });
});

describe("the project's donations: panel data and the 社会捐赠 figure", () => {
  it("lists paid donations only, anonymous ones without a name, and totals them", async () => {
    const fresh = await givenActiveContract();
    const named = await pendingDonation(fresh.contractId, { amount: "100", donorName: "金水区某企业" });
    const anonymous = await pendingDonation(fresh.contractId, { amount: "20.50" });
    await pendingDonation(fresh.contractId, { amount: "999" });
    for (const { sent } of [named, anonymous]) {
      const payload = JSON.stringify(checkoutEvent("checkout.session.completed", sent.session));
      await postWebhook(payload, signed(payload));
    }
    const summary = await donationsSummary(db, fresh.contractId);
    expect(summary).toMatchObject({ projectId: fresh.contractId, accepting: true, configured: true, total: 12_050, count: 2 });
    expect(summary.donations.map((d) => [d.donorName, d.amount])).toHaveLength(2);
    expect(summary.donations.map((d) => [d.donorName, d.amount])).toEqual(
      expect.arrayContaining([
        ["金水区某企业", 10_000],
        [null, 2_050],
      ]),
    );
    expect(await donationTotals(db, [fresh.contractId])).toEqual([{ contractId: fresh.contractId, total: 12_050, count: 2 }]);
    expect(await donationTotals(db, [])).toEqual([]);
    expect((await donationTotals(db)).find((r) => r.contractId === fresh.contractId)?.total).toBe(12_050);
  });

  it("without Stripe keys: the panel is told online donation is not configured, the form refuses with that message, the rest works", async () => {
    unconfigureStripe();
    const summary = await donationsSummary(db, project.contractId);
    expect(summary.configured).toBe(false);
    expect(summary.accepting).toBe(true);
    expect(summary.total).toBeGreaterThan(0);
    const page = await donatePage.loader(args(getRequest(`/projects/${project.contractId}/donate`), { id: project.contractId }));
    expect(await page.json()).toMatchObject({ configured: false, accepting: true });
    expect(await fieldErrorsOf(await donate(project.contractId, { amount: "10" }))).toEqual({ root: "donations.notConfigured" });
  });
});

describe("the demo data", () => {
  it("holds donations recorded from signed webhook events: five paid with receipt numbers, one expired, one pending", async () => {
    const rows = await db.select().from(donations).where(like(donations.receiptToken, "demo-receipt-%"));
    expect(rows.map((r) => r.status).sort()).toEqual(["expired", "paid", "paid", "paid", "paid", "paid", "pending"]);
    const paid = rows.filter((r) => r.status === "paid");
    expect(paid.every((r) => /^JZ-\d{4}-\d{6}$/.test(r.receiptNumber ?? "") && r.stripeEventId?.startsWith("evt_demo_") && r.paidAt !== null)).toBe(true);
    expect(new Set(paid.map((r) => r.receiptNumber)).size).toBe(5);
    // Each through the webhook processing: its event recorded once, its audit entry written.
    const events = await db.select().from(stripeEvents).where(like(stripeEvents.id, "evt_demo_%"));
    expect(events.map((e) => e.type).sort()).toEqual([...Array(5).fill("checkout.session.completed"), "checkout.session.expired"]);
    const audited = await db
      .select({ subjectId: auditLog.subjectId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "donation.paid"), inArray(auditLog.subjectId, paid.map((r) => r.id))));
    expect(audited).toHaveLength(5);
    // The first project's 社会捐赠: ¥5,000 + ¥200 + ¥100 paid (the ¥50 session expired).
    const first = rows.find((r) => r.receiptToken === "demo-receipt-0001")!;
    expect(await donationsSummary(db, first.contractId)).toMatchObject({ accepting: true, total: 530_000, count: 3 });
  });
});

import crypto from "node:crypto";
import { and, desc, eq, inArray, like, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { bureaus, contracts, donations, organizations, stripeEvents } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { notFound } from "~/modules/auth/auth.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { logger } from "~/utils/logger.server";
import {
  acceptsDonations,
  beijingYear,
  checkoutSessionParams,
  isPublicProject,
  LISTED_DONATIONS,
  receiptNumber,
  receiptPrefix,
  type DonationStatus,
} from "./donation-rules";
import type { DonationInput } from "./donations-schema";
import { Stripe, stripeClient, stripeSettings, stripeWebhooks, type StripeCheckoutSession, type StripeEvent, type StripeSettings } from "./stripe.server";

// Receipt numbers count up per year: two payments confirmed at once must not take the same one.
const RECEIPT_NUMBER_LOCK = 72_000_050;

/** The project (a signed contract) as donors see it; 404 for an unknown id or a draft contract. */
async function loadProject(db: Queryable, contractId: string) {
  if (!isUuid(contractId)) notFound();
  const [project] = await db
    .select({
      id: contracts.id,
      number: contracts.number,
      title: contracts.title,
      status: contracts.status,
      amount: contracts.amount,
      organizationName: organizations.name,
      bureauName: bureaus.nameZh,
      bureauNameEn: bureaus.nameEn,
    })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
    .where(eq(contracts.id, contractId))
    .limit(1);
  if (!project || !isPublicProject(project.status)) notFound();
  return project;
}

/** Whether online donation is set up on this server (both Stripe secrets present). */
export function donationsConfigured(): boolean {
  return stripeSettings() !== null;
}

/** What the donate page shows: the project, and whether it takes a donation now. */
export async function getDonationPage(db: Queryable, contractId: string) {
  const project = await loadProject(db, contractId);
  return { project, accepting: acceptsDonations(project.status), configured: donationsConfigured() };
}

/**
 * The donations panel of a public project page: the paid donations (the latest first, the
 * name a donor chose or none for 匿名), their total — the project's 社会捐赠 funding — and
 * whether the donate button works.
 */
export async function donationsSummary(db: Queryable, contractId: string) {
  const project = await loadProject(db, contractId);
  const [totals, listed] = await Promise.all([
    donationTotals(db, [contractId]),
    db
      .select({ id: donations.id, donorName: donations.donorName, amount: donations.amount, message: donations.message, paidAt: donations.paidAt })
      .from(donations)
      .where(and(eq(donations.contractId, contractId), eq(donations.status, "paid")))
      .orderBy(desc(donations.paidAt), desc(donations.id))
      .limit(LISTED_DONATIONS),
  ]);
  return {
    projectId: project.id,
    accepting: acceptsDonations(project.status),
    configured: donationsConfigured(),
    total: totals[0]?.total ?? 0,
    count: totals[0]?.count ?? 0,
    donations: listed.map((d) => ({ ...d, paidAt: d.paidAt ?? new Date(0) })),
  };
}
export type DonationsSummary = Awaited<ReturnType<typeof donationsSummary>>;

/**
 * 社会捐赠 per project: the paid donations' total (fen) and count, for the project page's
 * funding and for statistics; all projects with a paid donation when no ids are given.
 */
export async function donationTotals(db: Queryable, contractIds?: readonly string[]) {
  if (contractIds && contractIds.length === 0) return [];
  const rows = await db
    .select({
      contractId: donations.contractId,
      total: sql<string>`coalesce(sum(${donations.amount}), 0)`,
      count: sql<number>`count(*)::int`,
    })
    .from(donations)
    .where(and(eq(donations.status, "paid"), contractIds ? inArray(donations.contractId, contractIds.filter(isUuid)) : undefined))
    .groupBy(donations.contractId);
  // sum(bigint) is numeric, which the drivers return as text: exact up to 2^53 fen.
  return rows.map((r) => ({ contractId: r.contractId, total: Number(r.total), count: Number(r.count) }));
}

export interface StartDonationOptions {
  /** The portal's address as the donor reached it; PUBLIC_URL wins when set. */
  origin: string;
  locale: "zh-CN" | "en";
  now?: Date;
  settings?: StripeSettings | null;
}

/**
 * Opens a Stripe Checkout Session for a donation and records it as pending; the donor is then
 * sent to the session's page. The session is created first and the row written after it, with
 * the session id, in one transaction with its audit entry: when Stripe cannot be reached nothing
 * is stored and the donor gets a message instead of an error page.
 */
export async function startDonation(db: Queryable, contractId: string, input: DonationInput, options: StartDonationOptions) {
  const settings = options.settings === undefined ? stripeSettings() : options.settings;
  if (!settings) throw new UserError("donations.notConfigured");
  const project = await loadProject(db, contractId);
  if (!acceptsDonations(project.status)) throw new UserError("donations.notAccepting");
  const donationId = crypto.randomUUID();
  const receiptToken = crypto.randomBytes(24).toString("base64url");
  const params = checkoutSessionParams({
    donationId,
    contract: project,
    amount: input.amount,
    baseUrl: settings.publicUrl ?? options.origin,
    receiptToken,
    locale: options.locale,
    paymentMethods: settings.paymentMethods,
  });
  let session: StripeCheckoutSession;
  try {
    session = await stripeClient(settings).checkout.sessions.create(params, { idempotencyKey: `donation-${donationId}` });
  } catch (error) {
    throw checkoutRefusal(error, donationId);
  }
  if (!session.url) {
    logger.error("stripe checkout session without url", { donationId, sessionId: session.id });
    throw new UserError("donations.checkoutUnavailable");
  }
  await recordCheckout(db, { donationId, contractId: project.id, input, stripeSessionId: session.id, receiptToken, now: options.now ?? new Date() });
  return { donationId, url: session.url, receiptToken };
}

/**
 * The pending donation of a Checkout Session Stripe has opened, with its audit entry. Also how
 * the demo data records donations (db/seed-donations.ts), whose sessions never existed at Stripe.
 */
export async function recordCheckout(
  db: Queryable,
  spec: { donationId: string; contractId: string; input: DonationInput; stripeSessionId: string; receiptToken: string; now: Date },
) {
  await db.transaction(async (tx) => {
    await tx.insert(donations).values({
      id: spec.donationId,
      contractId: spec.contractId,
      amount: spec.input.amount,
      currency: "cny",
      donorName: spec.input.donorName ?? null,
      message: spec.input.message ?? null,
      status: "pending",
      stripeSessionId: spec.stripeSessionId,
      receiptToken: spec.receiptToken,
      createdAt: spec.now,
    });
    await appendAudit(tx, {
      actorId: null,
      action: "donation.checkout",
      subjectType: "donation",
      subjectId: spec.donationId,
      after: { contractId: spec.contractId, amount: spec.input.amount, status: "pending", stripeSessionId: spec.stripeSessionId },
    });
  });
}

/** A failed session creation as the donor's message; the cause goes to the log. */
function checkoutRefusal(error: unknown, donationId: string): UserError {
  const stripeError = error instanceof Stripe.errors.StripeError ? error : null;
  logger.error("stripe checkout session failed", {
    donationId,
    type: stripeError?.type ?? (error instanceof Error ? error.name : typeof error),
    code: stripeError?.code,
    error: error instanceof Error ? error.message : String(error),
  });
  // Below Stripe's minimum charge (about ¥4, the equivalent of US$0.50): the donor can fix that.
  if (stripeError?.code === "amount_too_small") return new UserError("donations.error.belowStripeMinimum", { field: "amount" });
  if (stripeError?.code === "amount_too_large") return new UserError("donations.error.aboveStripeMaximum", { field: "amount" });
  return new UserError("donations.checkoutUnavailable");
}

// ---------------------------------------------------------------------------------------------
// Webhook
// ---------------------------------------------------------------------------------------------

export type WebhookOutcome = "paid" | "expired" | "unchanged" | "duplicate" | "ignored";

/**
 * Verifies a webhook request's signature on its raw body with the endpoint's signing secret and
 * processes the event. A missing or wrong signature, a changed body or a stale timestamp
 * (older than Stripe's 5-minute tolerance at `receivedAt`) is refused and changes nothing.
 */
export async function receiveStripeWebhook(
  db: Queryable,
  payload: Uint8Array | string,
  signature: string | null,
  options: { secret: string; receivedAt?: Date },
): Promise<{ ok: true; outcome: WebhookOutcome; eventId: string } | { ok: false; reason: string }> {
  if (!signature) return { ok: false, reason: "missing Stripe-Signature header" };
  let event: StripeEvent;
  try {
    event = stripeWebhooks.constructEvent(payload, signature, options.secret, undefined, undefined, options.receivedAt?.getTime());
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : "invalid signature" };
  }
  return { ok: true, outcome: await processStripeEvent(db, event, options.receivedAt), eventId: event.id };
}

/**
 * Applies one verified event, once: its id goes into stripe_events in the same transaction as
 * its effect, so a replayed event (Stripe retries, or the same delivery twice at once) finds the
 * id taken and changes nothing. checkout.session.completed with the payment made, or
 * async_payment_succeeded for a method that confirms later, marks the donation paid;
 * checkout.session.expired and async_payment_failed close a pending one.
 */
export async function processStripeEvent(db: Queryable, event: StripeEvent, receivedAt = new Date()): Promise<WebhookOutcome> {
  return db.transaction(async (tx) => {
    const fresh = await tx.insert(stripeEvents).values({ id: event.id, type: event.type, receivedAt }).onConflictDoNothing().returning({ id: stripeEvents.id });
    if (fresh.length === 0) return "duplicate";
    switch (event.type) {
      case "checkout.session.completed":
        return event.data.object.payment_status === "paid" ? markPaid(tx, event.data.object, event) : "unchanged";
      case "checkout.session.async_payment_succeeded":
        return markPaid(tx, event.data.object, event);
      case "checkout.session.expired":
      case "checkout.session.async_payment_failed":
        return markClosed(tx, event.data.object, event);
      default:
        return "ignored";
    }
  });
}

async function donationOfSession(tx: Tx, session: StripeCheckoutSession, event: StripeEvent) {
  const [donation] = await tx.select().from(donations).where(eq(donations.stripeSessionId, session.id)).for("update").limit(1);
  if (!donation) logger.error("stripe event for an unknown checkout session", { eventId: event.id, type: event.type, sessionId: session.id, metadata: session.metadata });
  return donation;
}

async function markPaid(tx: Tx, session: StripeCheckoutSession, event: StripeEvent): Promise<WebhookOutcome> {
  const donation = await donationOfSession(tx, session, event);
  if (!donation || donation.status === "paid") return "unchanged";
  if (session.amount_total !== donation.amount || session.currency !== donation.currency || session.metadata?.contract_id !== donation.contractId) {
    logger.error("stripe payment does not match its donation", {
      eventId: event.id,
      donationId: donation.id,
      expected: { amount: donation.amount, currency: donation.currency, contractId: donation.contractId },
      got: { amount: session.amount_total, currency: session.currency, contractId: session.metadata?.contract_id },
    });
    return "unchanged";
  }
  // The time Stripe recorded the payment, not the time the event reached us (retries come late).
  const paidAt = new Date(event.created * 1000);
  const number = await nextReceiptNumber(tx, beijingYear(paidAt));
  await tx.update(donations).set({ status: "paid", paidAt, receiptNumber: number, stripeEventId: event.id }).where(eq(donations.id, donation.id));
  await appendAudit(tx, {
    actorId: null,
    action: "donation.paid",
    subjectType: "donation",
    subjectId: donation.id,
    before: { status: donation.status },
    after: { status: "paid", contractId: donation.contractId, amount: donation.amount, receiptNumber: number, stripeEventId: event.id, paidAt },
  });
  return "paid";
}

async function markClosed(tx: Tx, session: StripeCheckoutSession, event: StripeEvent): Promise<WebhookOutcome> {
  const donation = await donationOfSession(tx, session, event);
  if (!donation || donation.status !== "pending") return "unchanged";
  await tx.update(donations).set({ status: "expired" }).where(eq(donations.id, donation.id));
  await appendAudit(tx, {
    actorId: null,
    action: "donation.expired",
    subjectType: "donation",
    subjectId: donation.id,
    before: { status: donation.status },
    after: { status: "expired", stripeEventId: event.id, eventType: event.type },
  });
  return "expired";
}

async function nextReceiptNumber(tx: Tx, year: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(${RECEIPT_NUMBER_LOCK})`);
  const prefix = receiptPrefix(year);
  const [last] = await tx
    .select({ number: donations.receiptNumber })
    .from(donations)
    .where(like(donations.receiptNumber, `${prefix}%`))
    .orderBy(desc(donations.receiptNumber))
    .limit(1);
  const sequence = last?.number ? Number(last.number.slice(prefix.length)) + 1 : 1;
  return receiptNumber(year, sequence);
}

// ---------------------------------------------------------------------------------------------
// Receipt
// ---------------------------------------------------------------------------------------------

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The donor's own page, reached through the unguessable token in Stripe's return link: the
 * donation's status and, once paid, its receipt. A wrong token or project answers 404.
 */
export async function getDonationReceipt(db: Queryable, contractId: string, token: string) {
  if (!isUuid(contractId) || !TOKEN_PATTERN.test(token)) notFound();
  const project = await loadProject(db, contractId);
  const [donation] = await db
    .select({
      id: donations.id,
      amount: donations.amount,
      donorName: donations.donorName,
      message: donations.message,
      status: donations.status,
      receiptNumber: donations.receiptNumber,
      createdAt: donations.createdAt,
      paidAt: donations.paidAt,
    })
    .from(donations)
    .where(and(eq(donations.receiptToken, token), eq(donations.contractId, contractId)))
    .limit(1);
  if (!donation) notFound();
  return { project, donation: { ...donation, status: donation.status as DonationStatus } };
}
export type DonationReceipt = Awaited<ReturnType<typeof getDonationReceipt>>;

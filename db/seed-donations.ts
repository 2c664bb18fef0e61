/**
 * Demo donations (社会捐赠) on the demo's projects in force, recorded the way real ones are: a
 * pending donation for a Checkout Session, then Stripe's webhook event for it, signed with the
 * stripe library's test-header helper and a demo signing secret and fed through the same
 * verification and processing as the webhook endpoint. No Stripe account is involved: the
 * session and event ids are invented (cs_demo_…, evt_demo_…).
 *
 * The receipt tokens are fixed (demo-receipt-0001 …) so that a demo receipt can be opened:
 * /projects/<project id>/donations/demo-receipt-0001.
 */
import crypto from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import Stripe from "stripe";
import { recordCheckout, receiveStripeWebhook } from "~/modules/donations/donations.server";
import type { Tx } from "./client";
import { contracts } from "./schema";

/** Signs the demo's events only; the running portal verifies with STRIPE_WEBHOOK_SECRET. */
const DEMO_WEBHOOK_SECRET = "whsec_sanshe_demo_seed_only";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DonationSpec {
  /** Which project, in contract-number order among those in force. */
  project: number;
  yuan: number;
  donorName?: string;
  message?: string;
  /** Days after the project became active. */
  afterDays: number;
  outcome: "paid" | "expired" | "pending";
}

const SPECS: DonationSpec[] = [
  { project: 0, yuan: 5000, donorName: "郑州市金水区某爱心企业", message: "愿项目惠及更多居民。", afterDays: 3, outcome: "paid" },
  { project: 0, yuan: 200, message: "一点心意，感谢社工们的付出！", afterDays: 6, outcome: "paid" },
  { project: 0, yuan: 100, donorName: "热心居民 王阿姨", afterDays: 9, outcome: "paid" },
  { project: 0, yuan: 50, afterDays: 10, outcome: "expired" },
  { project: 1, yuan: 1000, donorName: "河南某公益基金会志愿者", message: "为项目加油，感谢每一位服务者。", afterDays: 4, outcome: "paid" },
  { project: 1, yuan: 88.8, afterDays: 12, outcome: "paid" },
  { project: 1, yuan: 30, afterDays: 13, outcome: "pending" },
];

const demoId = (kind: string, n: number) => `${kind}_demo_${String(n).padStart(4, "0")}`;

function checkoutEvent(n: number, type: "checkout.session.completed" | "checkout.session.expired", session: { id: string; amount: number; contractId: string; donationId: string }, at: Date) {
  return {
    id: demoId("evt", n),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor(at.getTime() / 1000),
    type,
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: session.id,
        object: "checkout.session",
        mode: "payment",
        amount_total: session.amount,
        currency: "cny",
        metadata: { contract_id: session.contractId, donation_id: session.donationId },
        payment_status: type === "checkout.session.completed" ? "paid" : "unpaid",
        status: type === "checkout.session.completed" ? "complete" : "expired",
      },
    },
  };
}

/**
 * Donations on the first two projects in force (by contract number), or on the given ones: paid,
 * one expired and one still pending. Returns how many donations it recorded.
 */
export async function seedDonations(tx: Tx, now: Date, contractIds?: string[]): Promise<number> {
  const projects = await tx
    .select({ id: contracts.id, activatedAt: contracts.activatedAt })
    .from(contracts)
    .where(contractIds ? inArray(contracts.id, contractIds) : inArray(contracts.status, ["active", "completed"]))
    .orderBy(asc(contracts.number));
  let count = 0;
  for (const [i, spec] of SPECS.entries()) {
    const project = projects[spec.project];
    if (!project) continue;
    const n = i + 1;
    const startedAt = new Date(Math.min((project.activatedAt ?? now).getTime() + spec.afterDays * DAY, now.getTime() - HOUR));
    const donationId = crypto.randomUUID();
    const session = { id: demoId("cs", n), amount: Math.round(spec.yuan * 100), contractId: project.id, donationId };
    await recordCheckout(tx, {
      donationId,
      contractId: project.id,
      input: { amount: session.amount, donorName: spec.donorName, message: spec.message },
      stripeSessionId: session.id,
      receiptToken: `demo-receipt-${String(n).padStart(4, "0")}`,
      now: startedAt,
    });
    count += 1;
    if (spec.outcome === "pending") continue;
    // Paid two minutes after the checkout began; an unpaid session expires after 24 hours.
    const at = new Date(Math.min(startedAt.getTime() + (spec.outcome === "paid" ? 2 * 60_000 : DAY), now.getTime() - 60_000));
    const payload = JSON.stringify(checkoutEvent(n, spec.outcome === "paid" ? "checkout.session.completed" : "checkout.session.expired", session, at));
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: DEMO_WEBHOOK_SECRET, timestamp: Math.floor(at.getTime() / 1000) });
    const result = await receiveStripeWebhook(tx, payload, signature, { secret: DEMO_WEBHOOK_SECRET, receivedAt: new Date(at.getTime() + 3_000) });
    if (!result.ok || result.outcome !== spec.outcome) throw new Error(`demo donation ${n}: the webhook answered ${JSON.stringify(result)}`);
  }
  return count;
}

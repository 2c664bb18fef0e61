import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { receiveStripeWebhook } from "~/modules/donations/donations.server";
import { stripeSettings } from "~/modules/donations/stripe.server";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";

// Stripe's events are small; anything larger is not from Stripe.
const MAX_BODY_BYTES = 512 * 1024;

const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });

export function loader() {
  return text("405 Method Not Allowed: Stripe posts its webhook events here.", 405, { Allow: "POST" });
}

/**
 * Stripe's webhook endpoint. The signature is checked on the body exactly as it arrived: the
 * Express server parses no bodies (app/server.ts), and the request carries no Origin, so the
 * cross-site check lets it through. A bad or missing signature answers 400 and changes nothing;
 * a verified event answers 200, also when it was seen before (Stripe then stops retrying).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return text("405 Method Not Allowed", 405, { Allow: "POST" });
  const settings = stripeSettings();
  if (!settings) return text("503: online donation is not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)", 503);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) return text("413 Payload Too Large", 413);
  const payload = new Uint8Array(await request.arrayBuffer());
  if (payload.byteLength > MAX_BODY_BYTES) return text("413 Payload Too Large", 413);
  const result = await receiveStripeWebhook(db, payload, request.headers.get("Stripe-Signature"), { secret: settings.webhookSecret });
  const requestId = (context as { requestId?: string }).requestId;
  if (!result.ok) {
    logger.warn("stripe webhook refused", { requestId, reason: result.reason });
    return text(`400 Bad Request: ${result.reason}`, 400);
  }
  logger.info("stripe webhook", { requestId, eventId: result.eventId, outcome: result.outcome });
  return json({ received: true, outcome: result.outcome });
}

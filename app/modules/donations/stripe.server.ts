import Stripe from "stripe";
import { PAYMENT_METHODS, type PaymentMethod } from "./donation-rules";

/**
 * Stripe settings, read from the environment at each use (not once at start) so that tests and
 * a restarted process see the current values. Online donation is on only when both the secret
 * key and the webhook signing secret are set: taking money whose confirmation could not be
 * verified would leave donations pending forever.
 */
export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** The portal's public address for Stripe's return links; the request's own origin otherwise. */
  publicUrl: string | null;
  paymentMethods: readonly PaymentMethod[];
  /** Another API address (stripe-mock, a test double); Stripe's own API otherwise. */
  apiBase: URL | null;
}

export function stripeSettings(env: Record<string, string | undefined> = process.env): StripeSettings | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secretKey || !webhookSecret) return null;
  return {
    secretKey,
    webhookSecret,
    publicUrl: env.PUBLIC_URL?.trim().replace(/\/+$/, "") || null,
    paymentMethods: paymentMethodsFrom(env.STRIPE_PAYMENT_METHODS),
    apiBase: env.STRIPE_API_BASE?.trim() ? new URL(env.STRIPE_API_BASE.trim()) : null,
  };
}

/** STRIPE_PAYMENT_METHODS=card,alipay: the methods an account has activated (default: all three). */
function paymentMethodsFrom(value: string | undefined): readonly PaymentMethod[] {
  if (!value?.trim()) return PAYMENT_METHODS;
  const chosen = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = chosen.filter((m) => !(PAYMENT_METHODS as readonly string[]).includes(m));
  if (unknown.length > 0 || chosen.length === 0) {
    throw new Error(`STRIPE_PAYMENT_METHODS: expected a comma-separated subset of ${PAYMENT_METHODS.join(",")}, got "${value}"`);
  }
  return chosen as PaymentMethod[];
}

const clients = new Map<string, Stripe>();

/** One client per key and address (it keeps its connections alive between requests). */
export function stripeClient(settings: StripeSettings): Stripe {
  const cacheKey = `${settings.secretKey}\n${settings.apiBase?.href ?? ""}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const base = settings.apiBase;
    client = new Stripe(settings.secretKey, {
      // A donor waits on this request: give up after 20 s and show the message instead.
      timeout: 20_000,
      maxNetworkRetries: 1,
      appInfo: { name: "sanshe-portal" },
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === "http:" ? 80 : 443),
            protocol: base.protocol === "http:" ? ("http" as const) : ("https" as const),
          }
        : {}),
    });
    clients.set(cacheKey, client);
  }
  return client;
}

/** Webhook verification needs no API access: the library's helpers alone. */
export const stripeWebhooks = Stripe.webhooks;
export type StripeEvent = Stripe.Event;
export type StripeCheckoutSession = Stripe.Checkout.Session;
export { Stripe };

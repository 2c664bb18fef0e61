import type { Fen } from "~/modules/budgets/money";

/**
 * Co-funding rules (社会捐赠, DESIGN §4.7), free of I/O so that they are unit tested: what a
 * donation may be, which projects take one, the receipt number and the Checkout Session a
 * donation opens at Stripe.
 */

/**
 * ¥1: the smallest donation the portal takes (issue 5). Stripe's own minimum charge is the
 * equivalent of US$0.50 in the account's settlement currency (about ¥4), so a smaller amount may
 * still be refused by Stripe: that refusal comes back as a message on the amount field.
 */
export const MIN_DONATION: Fen = 100;
/** ¥999,999.99: Stripe takes at most eight digits in the smallest currency unit. */
export const MAX_DONATION: Fen = 99_999_999;
export const DONOR_NAME_MAX = 30;
export const DONATION_MESSAGE_MAX = 200;
/** Donations listed on the project page; the total counts them all. */
export const LISTED_DONATIONS = 50;

export type DonationStatus = "pending" | "paid" | "expired";
type ContractStatus = "draft" | "active" | "completed" | "terminated";

/** Only a project whose contract both sides signed takes donations: while it runs or once done. */
export function acceptsDonations(status: ContractStatus): boolean {
  return status === "active" || status === "completed";
}

/** A project the public may see at all (a draft contract is not yet public: 102号令 art. 23). */
export function isPublicProject(status: ContractStatus): boolean {
  return status !== "draft";
}

// Control and format characters (bidirectional overrides, zero-width and invisible characters)
// except line breaks and tabs: a name or message shown to everyone must not reorder the text
// around it or hide what it says.
const HIDDEN = /(?![\n\t])[\p{Cc}\p{Cf}]/gu;

/**
 * Text a donor wants shown publicly: hidden characters removed, line breaks kept (at most two in
 * a row), runs of spaces folded; empty means "not given". React escapes it when rendered.
 */
export function publicText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(HIDDEN, "")
    .replace(/[ \t\u00a0\u3000]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A name shown publicly: as publicText, on one line. */
export function publicName(value: string): string {
  return publicText(value).replace(/\s*\n\s*/g, " ");
}

/** 捐赠收据 number: JZ-2026-000042, counted per calendar year of payment (Beijing time). */
export function receiptNumber(year: number, sequence: number): string {
  return `JZ-${year}-${String(sequence).padStart(6, "0")}`;
}

/** The prefix shared by one year's receipt numbers, for finding the last one issued. */
export function receiptPrefix(year: number): string {
  return `JZ-${year}-`;
}

/** The calendar year in Beijing time: a donation paid at 23:30 UTC on 31 Dec counts for the next year. */
export function beijingYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
}

export const PAYMENT_METHODS = ["card", "alipay", "wechat_pay"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface CheckoutSpec {
  donationId: string;
  contract: { id: string; number: string; title: string; organizationName: string };
  amount: Fen;
  /** The portal's public address without a trailing slash (PUBLIC_URL or the request's origin). */
  baseUrl: string;
  receiptToken: string;
  locale: "zh-CN" | "en";
  paymentMethods: readonly PaymentMethod[];
}

/**
 * The Checkout Session create parameters for one donation: one line in CNY, the contract and the
 * donation in the metadata (also on the PaymentIntent, so that a payment found in the Stripe
 * dashboard leads back to its project), WeChat Pay shown as a QR code for the web.
 */
export function checkoutSessionParams(spec: CheckoutSpec) {
  const metadata = { contract_id: spec.contract.id, contract_number: spec.contract.number, donation_id: spec.donationId };
  const description = `${spec.contract.title}（${spec.contract.organizationName}承接，合同编号 ${spec.contract.number}）`;
  return {
    mode: "payment" as const,
    submit_type: "donate" as const,
    client_reference_id: spec.donationId,
    locale: spec.locale === "en" ? ("en" as const) : ("zh" as const),
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: "cny",
          unit_amount: spec.amount,
          product_data: { name: `社会捐赠：${spec.contract.title}`.slice(0, 250), description: description.slice(0, 500) },
        },
      },
    ],
    payment_method_types: [...spec.paymentMethods],
    ...(spec.paymentMethods.includes("wechat_pay") ? { payment_method_options: { wechat_pay: { client: "web" as const } } } : {}),
    metadata,
    payment_intent_data: { description: description.slice(0, 1000), metadata },
    success_url: `${spec.baseUrl}/projects/${spec.contract.id}/donations/${spec.receiptToken}`,
    cancel_url: `${spec.baseUrl}/projects/${spec.contract.id}/donate?cancelled=1`,
  };
}

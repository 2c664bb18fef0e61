import { describe, expect, it } from "vitest";
import {
  acceptsDonations,
  beijingYear,
  checkoutSessionParams,
  isPublicProject,
  PAYMENT_METHODS,
  publicName,
  publicText,
  receiptNumber,
  type CheckoutSpec,
} from "~/modules/donations/donation-rules";
import { donationSchema } from "~/modules/donations/donations-schema";
import { amountInCapitals } from "~/modules/donations/receipt.server";
import { stripeSettings } from "~/modules/donations/stripe.server";

describe("donation form: amount in yuan read as fen, at least ¥1", () => {
  const parse = (fields: Record<string, string>) => donationSchema.safeParse(fields);
  const messageOf = (fields: Record<string, string>, path: string) => {
    const result = parse(fields);
    expect(result.success).toBe(false);
    return result.error?.issues.find((i) => i.path.join(".") === path)?.message;
  };

  it.each([
    ["1", 100],
    ["1.00", 100],
    ["¥50.5", 5050],
    ["1,000", 100_000],
    ["999999.99", 99_999_999],
  ])("%s → %d fen", (amount, fen) => {
    const result = parse({ amount });
    expect(result.success).toBe(true);
    expect(result.data?.amount).toBe(fen);
  });

  it("refuses less than ¥1, more than Stripe's eight digits, and what is not an amount, each with its message", () => {
    expect(messageOf({ amount: "0.99" }, "amount")).toMatch(/^donations\.error\.tooSmall\|/);
    expect(messageOf({ amount: "0" }, "amount")).toMatch(/^donations\.error\.tooSmall\|/);
    expect(messageOf({ amount: "1000000" }, "amount")).toMatch(/^donations\.error\.tooLarge\|/);
    expect(messageOf({ amount: "-5" }, "amount")).toBe("errors.money");
    expect(messageOf({ amount: "1.234" }, "amount")).toBe("errors.money");
    expect(messageOf({ amount: "abc" }, "amount")).toBe("errors.money");
    expect(messageOf({ amount: "" }, "amount")).toBe("errors.required");
    expect(messageOf({}, "amount")).toBe("errors.required");
  });

  it("takes an empty name or message as not given (anonymous), and limits both", () => {
    const result = parse({ amount: "10", donorName: "  ", message: "" });
    expect(result.data).toEqual({ amount: 1000, donorName: undefined, message: undefined });
    expect(messageOf({ amount: "10", donorName: "名".repeat(31) }, "donorName")).toMatch(/^errors\.tooLong\|/);
    expect(messageOf({ amount: "10", message: "谢".repeat(201) }, "message")).toMatch(/^errors\.tooLong\|/);
    expect(parse({ amount: "10", message: "谢".repeat(200) }).success).toBe(true);
  });

  it("counts the length after hidden characters are removed: padding with invisible characters gains nothing", () => {
    const padded = `爱心${"\u200b".repeat(500)}人士`;
    expect(parse({ amount: "10", donorName: padded }).data?.donorName).toBe("爱心人士");
  });
});

describe("publicText: a donor's text shown to everyone", () => {
  it("removes bidirectional overrides, zero-width and control characters", () => {
    expect(publicText("abc\u202Eevil\u202C")).toBe("abcevil");
    expect(publicText("a\u200bb\u200fc\ufeffd\u0007e\u0000f")).toBe("abcdef");
  });

  it("keeps line breaks (at most one blank line) and folds runs of spaces", () => {
    expect(publicText("  第一行  \r\n\r\n\r\n\r\n第二行\u3000\u3000结束 ")).toBe("第一行\n\n第二行 结束");
  });

  it("leaves markup as text: the page escapes it", () => {
    expect(publicText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });

  it("puts a name on one line", () => {
    expect(publicName("张\n\n三")).toBe("张 三");
  });
});

describe("which projects take donations", () => {
  it("active and completed ones; a draft is not public, a terminated one is public but closed", () => {
    expect(acceptsDonations("active")).toBe(true);
    expect(acceptsDonations("completed")).toBe(true);
    expect(acceptsDonations("terminated")).toBe(false);
    expect(acceptsDonations("draft")).toBe(false);
    expect(isPublicProject("draft")).toBe(false);
    expect(isPublicProject("terminated")).toBe(true);
  });
});

describe("receipt numbers and amounts", () => {
  it("numbers receipts per year with six digits", () => {
    expect(receiptNumber(2026, 1)).toBe("JZ-2026-000001");
    expect(receiptNumber(2026, 123_456)).toBe("JZ-2026-123456");
  });

  it("counts the year in Beijing time", () => {
    expect(beijingYear(new Date("2026-12-31T15:59:59Z"))).toBe(2026);
    expect(beijingYear(new Date("2026-12-31T16:00:00Z"))).toBe(2027);
  });

  it.each([
    [100, "人民币壹元整"],
    [10_000, "人民币壹佰元整"],
    [123_456, "人民币壹仟贰佰叁拾肆元伍角陆分"],
    [5, "人民币伍分"],
    [150, "人民币壹元伍角整"],
    [100_100, "人民币壹仟零壹元整"],
    [99_999_999, "人民币玖拾玖万玖仟玖佰玖拾玖元玖角玖分"],
  ])("%d fen in capitals: %s", (fen, capitals) => {
    expect(amountInCapitals(fen)).toBe(capitals);
  });
});

describe("the Checkout Session a donation opens", () => {
  const spec: CheckoutSpec = {
    donationId: "6f1c2d3e-0000-4000-8000-000000000001",
    contract: { id: "6f1c2d3e-0000-4000-8000-0000000000aa", number: "金水民政购〔2026〕7号", title: "丰乐社区居家养老服务项目", organizationName: "金水区安园社会工作服务中心" },
    amount: 5000,
    baseUrl: "https://portal.example.cn",
    receiptToken: "tok_abcdefghijklmnopqrstuvwx",
    locale: "zh-CN",
    paymentMethods: PAYMENT_METHODS,
  };

  it("charges the amount in CNY once, offers card, Alipay and WeChat Pay (as a web QR code), and names the contract and donation", () => {
    const params = checkoutSessionParams(spec);
    expect(params.mode).toBe("payment");
    expect(params.line_items).toEqual([
      expect.objectContaining({ quantity: 1, price_data: expect.objectContaining({ currency: "cny", unit_amount: 5000 }) }),
    ]);
    expect(params.payment_method_types).toEqual(["card", "alipay", "wechat_pay"]);
    expect(params.payment_method_options).toEqual({ wechat_pay: { client: "web" } });
    expect(params.metadata).toEqual({ contract_id: spec.contract.id, contract_number: spec.contract.number, donation_id: spec.donationId });
    expect(params.payment_intent_data.metadata).toEqual(params.metadata);
    expect(params.client_reference_id).toBe(spec.donationId);
    expect(params.success_url).toBe(`https://portal.example.cn/projects/${spec.contract.id}/donations/${spec.receiptToken}`);
    expect(params.cancel_url).toBe(`https://portal.example.cn/projects/${spec.contract.id}/donate?cancelled=1`);
    expect(params.locale).toBe("zh");
  });

  it("leaves out WeChat Pay's options when the account offers only some methods", () => {
    const params = checkoutSessionParams({ ...spec, paymentMethods: ["card"], locale: "en" });
    expect(params.payment_method_types).toEqual(["card"]);
    expect("payment_method_options" in params).toBe(false);
    expect(params.locale).toBe("en");
  });
});

describe("Stripe settings from the environment", () => {
  it("needs both the secret key and the webhook secret", () => {
    expect(stripeSettings({})).toBeNull();
    expect(stripeSettings({ STRIPE_SECRET_KEY: "sk_test_1" })).toBeNull();
    expect(stripeSettings({ STRIPE_WEBHOOK_SECRET: "whsec_1" })).toBeNull();
    expect(stripeSettings({ STRIPE_SECRET_KEY: " ", STRIPE_WEBHOOK_SECRET: "whsec_1" })).toBeNull();
    const settings = stripeSettings({ STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1", PUBLIC_URL: "https://portal.example.cn/" });
    expect(settings).toMatchObject({ secretKey: "sk_test_1", webhookSecret: "whsec_1", publicUrl: "https://portal.example.cn", paymentMethods: PAYMENT_METHODS, apiBase: null });
  });

  it("reads the payment methods an account has activated and refuses unknown ones at once", () => {
    const base = { STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1" };
    expect(stripeSettings({ ...base, STRIPE_PAYMENT_METHODS: "card, alipay" })?.paymentMethods).toEqual(["card", "alipay"]);
    expect(() => stripeSettings({ ...base, STRIPE_PAYMENT_METHODS: "card,paypal" })).toThrow(/STRIPE_PAYMENT_METHODS/);
  });
});

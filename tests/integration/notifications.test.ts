/**
 * Subscriptions and notifications (issue 7): publishing a tender notifies exactly the users
 * whose subscriptions match it, once each, inside the publishing transaction; the page lets a
 * user subscribe (with field messages for bad input) and read their notifications.
 */
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { notifications, subscriptions } from "#db/schema";
import { listNotifications, markRead, subscribe, unreadCount } from "~/modules/notifications/notifications.server";
import { publishTender } from "~/modules/tenders/tenders.server";
import * as notificationsRoute from "~/routes/notifications";
import { context, cookieFor, getRequest, postRequest, refusal, regionId, sessionUsers, settle, unique, useDemoData } from "../helpers/demo";
import { draftTender, minuteNow, plus, publishedTender, purchaser } from "../helpers/procurement";

useDemoData();

const args = (request: Request) => ({ request, params: {}, context });

describe("announcing a new tender", () => {
  it("reaches exactly the matching subscribers, once each", async () => {
    const buyer = await purchaser("erqi", 1_000_000);
    const [byCategoryAndDistrict, otherCategory, otherDistrict, byKeyword, twoMatching, everything] = await sessionUsers(
      "agency.nuancheng",
      "agency.linli",
      "agency.huilin",
      "resident2.fengle",
      "resident3.fengle",
      "resident4.fengle",
    );
    const [erqi, jinshui] = await Promise.all([regionId("二七区"), regionId("金水区")]);
    const word = unique("关键词");
    await subscribe(db, byCategoryAndDistrict, { categories: ["elderly_care"], districtIds: [erqi] });
    await subscribe(db, otherCategory, { categories: ["children_youth"], districtIds: [] });
    await subscribe(db, otherDistrict, { categories: ["elderly_care"], districtIds: [jinshui] });
    await subscribe(db, byKeyword, { categories: [], districtIds: [], keyword: word });
    await subscribe(db, twoMatching, { categories: ["elderly_care"], districtIds: [] });
    await subscribe(db, twoMatching, { categories: [], districtIds: [erqi], keyword: word });
    await subscribe(db, everything, { categories: [], districtIds: [], everything: true });

    const tender = await publishedTender(buyer, { title: `二七区居家养老服务项目${word}`, category: "elderly_care" });
    const rows = await db.select().from(notifications).where(eq(notifications.subjectId, tender.id));
    const notified = rows.map((r) => r.userId).sort();
    // The demo's own subscribers match too: 安园 (elderly care in 金水区 and 二七区) and 心远 (anything in 二七区).
    const [anyuan, xinyuan] = await sessionUsers("agency.anyuan", "agency.xinyuan");
    expect(notified).toEqual([byCategoryAndDistrict.id, byKeyword.id, twoMatching.id, everything.id, anyuan.id, xinyuan.id].sort());
    expect(rows.every((r) => r.kind === "tender.published" && r.link === `/tenders/${tender.id}`)).toBe(true);

    // The notification names the tender, in the reader's language.
    const [first] = await listNotifications(db, twoMatching);
    expect(first.subjectId).toBe(tender.id);
    expect(first.message).toContain(word);
    expect(await unreadCount(db, twoMatching.id)).toBeGreaterThanOrEqual(1);
    await markRead(db, twoMatching, first.id);
    const [after] = await db.select().from(notifications).where(eq(notifications.id, first.id));
    expect(after.readAt).not.toBeNull();
  });

  it("notifies nobody when publishing is refused", async () => {
    const buyer = await purchaser("erqi", 1_000_000);
    const [listener] = await sessionUsers("applicant.erqi");
    const word = unique("拒绝");
    await subscribe(db, listener, { categories: [], districtIds: [], keyword: word });
    const now = minuteNow();
    // A bid period of 3 days is below the legal 20: publishing is refused and rolls back.
    const draft = await draftTender(buyer, { title: `测试${word}`, enquiryDeadline: plus(now, 1), bidDeadline: plus(now, 3) });
    await refusal(publishTender(db, buyer.officer, draft.id, now));
    const rows = await db.select().from(notifications).where(eq(notifications.subjectId, draft.id));
    expect(rows).toHaveLength(0);
  });
});

describe("the notifications page", () => {
  it("subscribes through the form and refuses an empty subscription on the field", async () => {
    const [user] = await sessionUsers("applicant.jinshui");
    const cookie = await cookieFor(user.id);
    const before = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));

    const empty = await settle(() => notificationsRoute.action(args(postRequest("/notifications", { intent: "subscribe" }, cookie))));
    expect(empty.status).toBe(400);
    const body = (await empty.json()) as { errors: Record<string, { message: string }> };
    expect(body.errors.categories.message).toContain("notifications.subscribe.chooseSomething");

    const bogus = await settle(() => notificationsRoute.action(args(postRequest("/notifications", { intent: "subscribe", categories: "not-a-category" }, cookie))));
    expect(bogus.status).toBe(400);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id))).toHaveLength(before.length);

    const ok = await settle(() =>
      notificationsRoute.action(args(postRequest("/notifications", { intent: "subscribe", categories: ["elderly_care", "disability"], keyword: "助餐" }, cookie))),
    );
    expect(ok.status).toBe(302);
    const mine = await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
    expect(mine).toHaveLength(before.length + 1);
    expect(mine.find((s) => s.keyword === "助餐")?.categories.sort()).toEqual(["disability", "elderly_care"]);

    const page = await settle(() => notificationsRoute.loader(args(getRequest("/notifications", cookie))));
    const data = (await page.json()) as { subscriptions: { keyword: string | null }[] };
    expect(data.subscriptions.some((s) => s.keyword === "助餐")).toBe(true);

    // Someone else cannot remove it.
    const [other] = await sessionUsers("applicant.erqi");
    const sub = mine.find((s) => s.keyword === "助餐")!;
    const otherCookie = await cookieFor(other.id);
    const foreign = await settle(() => notificationsRoute.action(args(postRequest("/notifications", { intent: "unsubscribe", subjectId: sub.id }, otherCookie))));
    expect(foreign.status).toBe(400);
    expect(await db.select().from(subscriptions).where(and(eq(subscriptions.id, sub.id)))).toHaveLength(1);
    const gone = await settle(() => notificationsRoute.action(args(postRequest("/notifications", { intent: "unsubscribe", subjectId: sub.id }, cookie))));
    expect(gone.status).toBe(302);
    expect(await db.select().from(subscriptions).where(inArray(subscriptions.id, [sub.id]))).toHaveLength(0);
  });

  it("sends anonymous visitors to sign in", async () => {
    const response = await settle(() => notificationsRoute.loader(args(getRequest("/notifications"))));
    expect(response.status).toBe(302);
  });
});

/**
 * Subscriptions and in-portal notifications (DESIGN §5). Fan-out is one set-based INSERT …
 * SELECT inside the transaction of the event it announces, and the unique (user, kind,
 * subject) index makes it idempotent: a user with several matching subscriptions, or an event
 * announced twice, still gets exactly one notification.
 */
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { bureaus, notifications, organizationMembers, regions, subscriptions, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import type { SubscriptionInput } from "./notifications-schema";

export const MAX_SUBSCRIPTIONS = 20;
export const NOTIFICATIONS_PAGE_SIZE = 50;

export async function listSubscriptions(db: Queryable, user: SessionUser) {
  return db.select().from(subscriptions).where(eq(subscriptions.userId, user.id)).orderBy(desc(subscriptions.createdAt));
}

export async function subscribe(db: Queryable, user: SessionUser, input: SubscriptionInput, now = new Date()) {
  return db.transaction(async (tx) => {
    if (input.districtIds.length > 0) {
      const known = await tx
        .select({ id: regions.id })
        .from(regions)
        .where(and(inArray(regions.id, input.districtIds), eq(regions.level, "district")));
      if (known.length !== new Set(input.districtIds).size) throw new UserError("errors.invalidChoice", { field: "districtIds" });
    }
    const [{ n }] = await tx.select({ n: count() }).from(subscriptions).where(eq(subscriptions.userId, user.id));
    if (n >= MAX_SUBSCRIPTIONS) throw new UserError("notifications.subscribe.tooMany", { vars: { max: MAX_SUBSCRIPTIONS } });
    const [row] = await tx
      .insert(subscriptions)
      .values({
        userId: user.id,
        categories: [...new Set(input.categories)],
        districtIds: [...new Set(input.districtIds)],
        keyword: input.keyword ?? null,
        createdAt: now,
      })
      .returning();
    await appendAudit(tx, { actorId: user.id, action: "subscription.create", subjectType: "subscription", subjectId: row.id, after: { categories: row.categories, districtIds: row.districtIds, keyword: row.keyword } });
    return row;
  });
}

export async function unsubscribe(db: Queryable, user: SessionUser, subscriptionId: string) {
  if (!isUuid(subscriptionId)) throw new UserError("notifications.subscribe.notFound");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(subscriptions)
      .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.userId, user.id)))
      .returning();
    if (!row) throw new UserError("notifications.subscribe.notFound");
    await appendAudit(tx, { actorId: user.id, action: "subscription.delete", subjectType: "subscription", subjectId: row.id, before: { categories: row.categories, districtIds: row.districtIds, keyword: row.keyword } });
  });
}

/**
 * Announces a newly published tender to every matching subscriber, once. Called inside the
 * publishing transaction, so a tender that fails to publish notifies nobody. Returns how many
 * users were notified.
 */
export async function announceTender(tx: Tx, tenderId: string, now: Date): Promise<number> {
  const result = await tx.execute(sql`
    insert into ${notifications} (user_id, kind, subject_type, subject_id, message, link, created_at)
    select distinct s.user_id, 'tender.published', 'tender', t.id,
           'notifications.message.tenderPublished|' || json_build_object('title', t.title)::text,
           '/tenders/' || t.id, ${now.toISOString()}::timestamptz
    from ${tenders} t
    join ${bureaus} b on b.id = t.bureau_id
    join ${subscriptions} s
      on (cardinality(s.categories) = 0 or t.category = any(s.categories))
     and (cardinality(s.district_ids) = 0 or b.district_id = any(s.district_ids))
     and (s.keyword is null or strpos(lower(t.title), lower(s.keyword)) > 0)
    where t.id = ${tenderId}
    on conflict (user_id, kind, subject_id) do nothing
    returning user_id`);
  return rowCount(result);
}

/**
 * Notifies the members of organizations about an event on a subject (e.g. the award of a tender
 * they bid on), once per user.
 */
export async function notifyOrganizations(
  tx: Tx,
  organizationIds: string[],
  event: { kind: string; subjectType: string; subjectId: string; message: string; link: string },
  now: Date,
): Promise<number> {
  if (organizationIds.length === 0) return 0;
  const members = await tx
    .selectDistinct({ userId: organizationMembers.userId })
    .from(organizationMembers)
    .where(inArray(organizationMembers.organizationId, organizationIds));
  if (members.length === 0) return 0;
  const inserted = await tx
    .insert(notifications)
    .values(members.map((m) => ({ userId: m.userId, ...event, createdAt: now })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
}

function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const r = result as { rows?: unknown[]; affectedRows?: number; count?: number };
  return r.rows?.length ?? r.affectedRows ?? r.count ?? 0;
}

export async function listNotifications(db: Queryable, user: SessionUser) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, user.id))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE);
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return n;
}

/** Marks one notification (or, without an id, all of them) read. Reading is not audited: it changes nothing public. */
export async function markRead(db: Queryable, user: SessionUser, notificationId: string | null, now = new Date()) {
  if (notificationId !== null && !isUuid(notificationId)) throw new UserError("notifications.notFound");
  const conditions = [eq(notifications.userId, user.id), isNull(notifications.readAt)];
  if (notificationId) conditions.push(eq(notifications.id, notificationId));
  await db.update(notifications).set({ readAt: now }).where(and(...conditions));
}

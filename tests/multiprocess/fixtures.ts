/**
 * Data for the multiprocess tests, written straight into the test's database by the test
 * process (the app processes only serve HTTP): many bidding organizations with signed-in
 * members, tenders with a deadline seconds away, many publishable drafts. Set-based where the
 * numbers are large; through the domain commands where one record is enough.
 */
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { db } from "#db/client";
import { organizationMembers, organizations, sessions, staff, users } from "#db/schema";
import { hashToken, SESSION_COOKIE } from "~/modules/auth/session.server";
import { randomUscc, unique } from "../helpers/demo";
import { DAY, draftTender, publishedTender, type Purchaser } from "../helpers/procurement";

export interface Bidder {
  organizationId: string;
  userId: string;
  staffIds: string[];
  /** Cookie header of a live session of the organization's owner. */
  cookie: string;
}

/** `count` verified organizations, each with an owner signed in and two qualified social workers. */
export async function bidders(count: number): Promise<Bidder[]> {
  const out: Bidder[] = [];
  const tag = unique("mp");
  for (let start = 0; start < count; start += 250) {
    const n = Math.min(250, count - start);
    const batch = Array.from({ length: n }, (_, i) => {
      const index = start + i;
      const token = crypto.randomBytes(32).toString("base64url");
      return {
        organizationId: crypto.randomUUID(),
        userId: crypto.randomUUID(),
        staffIds: [crypto.randomUUID(), crypto.randomUUID()],
        token,
        cookie: `${SESSION_COOKIE}=${token}`,
        name: `并发测试社工服务中心${tag}-${index}`,
        username: `${tag}.${index}`,
      };
    });
    await db.transaction(async (tx) => {
      await tx.insert(users).values(batch.map((b) => ({ id: b.userId, username: b.username, displayName: b.name, passwordHash: "x" })));
      await tx.insert(organizations).values(
        batch.map((b) => ({
          id: b.organizationId,
          name: b.name,
          uscc: randomUscc(),
          registrationType: "private_non_enterprise" as const,
          serviceCategories: ["elderly_care"],
          contactName: "联系人",
          contactPhone: "0371-60000000",
          verificationStatus: "verified" as const,
          verifiedAt: new Date(),
        })),
      );
      await tx.insert(organizationMembers).values(batch.map((b) => ({ organizationId: b.organizationId, userId: b.userId, memberRole: "owner" as const })));
      await tx.insert(staff).values(
        batch.flatMap((b) => b.staffIds.map((id, k) => ({ id, organizationId: b.organizationId, name: `社工${k + 1}`, qualification: "social_worker" as const }))),
      );
      await tx
        .insert(sessions)
        .values(batch.map((b) => ({ tokenHash: hashToken(b.token), userId: b.userId, expiresAt: new Date(Date.now() + DAY), ip: "127.0.0.1", userAgent: "multiprocess" })));
    });
    out.push(...batch.map(({ organizationId, userId, staffIds, cookie }) => ({ organizationId, userId, staffIds, cookie })));
  }
  return out;
}

/** An open tender of the purchaser (ceiling ¥300,000) whose bids close at `deadline`. */
export async function tenderClosingAt(buyer: Purchaser, deadline: Date) {
  const publishedAt = new Date(deadline.getTime() - 21 * DAY);
  return publishedTender(buyer, { publishedAt, enquiryDeadline: new Date(publishedAt.getTime() + 5 * DAY), bidDeadline: deadline });
}

/** The form a browser without JavaScript posts to /tenders/:id/bid. */
export function bidForm(bidder: Bidder, priceYuan: number): URLSearchParams {
  const people = Math.floor(priceYuan * 0.6);
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
  for (const id of bidder.staffIds) form.append("teamStaffIds", id);
  return form;
}

/**
 * `count` drafts of the purchaser, ready to publish: one made through the commands, the others
 * copied from it in SQL with a need of their own each (publishing moves a need to "tendered",
 * so drafts must not share one). Every table that refers to the tender is copied, so new
 * child tables are covered without changes here.
 */
export async function publishableDrafts(buyer: Purchaser, count: number, ceilingPrice: number): Promise<string[]> {
  const now = Date.now();
  const draft = await draftTender(buyer, { ceilingPrice, enquiryDeadline: new Date(now + 10 * DAY), bidDeadline: new Date(now + 40 * DAY) });
  const children = rowsOf<{ table: string; column: string }>(await db.execute(sql`
    select c.conrelid::regclass::text as "table", a.attname as "column"
    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.confrelid = 'tenders'::regclass`));
  const hasId = async (table: string) =>
    rowsOf(await db.execute(sql`select 1 from information_schema.columns where table_schema = 'public' and table_name = ${table} and column_name = 'id'`)).length > 0;

  await db.transaction(async (tx) => {
    await tx.execute(sql`create temp table clone_map on commit drop as
      select g as n, gen_random_uuid() as tender_id, gen_random_uuid() as need_id from generate_series(1, ${count - 1}) g`);
    const copy = async (table: string, where: string, set: string) => {
      await tx.execute(sql.raw(`create temp table clone_rows on commit drop as select t.*, m.n as clone_n, m.tender_id as clone_tender, m.need_id as clone_need from ${table} t cross join clone_map m where ${where}`));
      await tx.execute(sql.raw(`update clone_rows set ${set}`));
      await tx.execute(sql.raw(`alter table clone_rows drop column clone_n, drop column clone_tender, drop column clone_need`));
      await tx.execute(sql.raw(`insert into ${table} select * from clone_rows`));
      await tx.execute(sql.raw(`drop table clone_rows`));
    };
    await copy("needs", `t.id = '${draft.needIds[0]}'`, "id = clone_need, title = title || ' #' || clone_n");
    await copy("tenders", `t.id = '${draft.id}'`, "id = clone_tender, title = title || ' #' || clone_n");
    for (const { table, column } of children) {
      const sets = [`${column} = clone_tender`];
      if (await hasId(table)) sets.push("id = gen_random_uuid()");
      if (table === "tender_needs") sets.push("need_id = clone_need");
      await copy(table, `t.${column} = '${draft.id}'`, sets.join(", "));
    }
  });
  const rows = rowsOf<{ id: string }>(await db.execute(sql`select id from tenders where title like ${draft.title + "%"} and status = 'draft'`));
  return rows.map((r) => r.id);
}

/** Rows of `db.execute` (the postgres driver returns the array itself). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Runs the tasks with at most `limit` in flight; results in task order. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The first message key of a 400 answer's field errors (`{ errors: { root: { message } } }`). */
export function refusalKey(body: string): string | null {
  try {
    const errors = (JSON.parse(body) as { errors?: Record<string, { message?: string }> }).errors ?? {};
    const message = Object.values(errors)[0]?.message;
    return message ? message.split("|")[0] : null;
  } catch {
    return null;
  }
}

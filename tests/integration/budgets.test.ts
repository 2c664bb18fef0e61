import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, budgetLines, budgetMovements } from "#db/schema";
import { getBudgetLine, listBudgetLines, release, reserve } from "~/modules/budgets/budgets.server";
import * as budgetLinePage from "~/routes/bureau.budgets.$id";
import * as budgetList from "~/routes/bureau.budgets._index";
import { UserError } from "~/utils/errors";
import { context, cookieFor, getRequest, postRequest, refusal, sessionUser, settle, unique, useDemoData, userId } from "../helpers/demo";
import { budgetLine, lineRow } from "../helpers/procurement";

useDemoData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });

async function officer(username = "bureau.jinshui") {
  return sessionUser({ username });
}

async function movementsOf(id: string) {
  return db.select().from(budgetMovements).where(eq(budgetMovements.budgetLineId, id));
}

const tenderMovement = (lineId: string, amount: number, actorId: string | null) => ({ lineId, amount, subjectType: "tender", subjectId: crypto.randomUUID(), actorId });

describe("adding a budget line on /bureau/budgets", () => {
  it("reads the amount typed in yuan as fen, writes the line and an audit entry, and lists it with its totals", async () => {
    const cookie = await cookieFor(await userId("bureau.jinshui"));
    const name = unique("社区养老服务购买");
    const response = await settle(() =>
      budgetList.action(args(postRequest("/bureau/budgets", { fiscalYear: "2026", fundSource: "general_budget", name, amount: "¥1,500,000.50" }, cookie))),
    );
    expect(response.status).toBe(302);

    const [line] = await db.select().from(budgetLines).where(eq(budgetLines.name, name));
    expect(line).toMatchObject({ fiscalYear: 2026, fundSource: "general_budget", amount: 150_000_050, reserved: 0, committed: 0, paid: 0 });
    expect(response.headers.get("Location")).toBe(`/bureau/budgets?created=${line.id}`);

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "budgetLine.create"), eq(auditLog.subjectId, line.id)));
    expect(entry).toMatchObject({ actorId: await userId("bureau.jinshui"), subjectType: "budgetLine" });
    expect(entry.after).toMatchObject({ name, amount: 150_000_050 });

    const page = await settle(() => budgetList.loader(args(getRequest(`/bureau/budgets?created=${line.id}`, cookie))));
    const data = (await page.json()) as {
      created: { id: string; name: string } | null;
      years: { fiscalYear: number; lines: { id: string; available: number }[]; totals: Record<string, number> }[];
    };
    expect(data.created).toMatchObject({ id: line.id, name });
    const year = data.years.find((y) => y.fiscalYear === 2026)!;
    expect(year.lines.find((l) => l.id === line.id)?.available).toBe(150_000_050);
    const sum = (key: "amount" | "available") => year.lines.reduce((total, l) => total + (l as unknown as Record<string, number>)[key], 0);
    expect(year.totals.amount).toBe(sum("amount"));
    expect(year.totals.available).toBe(sum("available"));
  });

  it.each([
    ["12.345", "errors.money"],
    ["-100", "errors.money"],
    ["1234,56", "errors.money"],
    ["0", "budgets.amountPositive"],
  ])("answers an amount of %s with 400 and a message on the field, writing nothing", async (amount, key) => {
    const cookie = await cookieFor(await userId("bureau.jinshui"));
    const name = unique("错误金额");
    const response = await settle(() => budgetList.action(args(postRequest("/bureau/budgets", { fiscalYear: "2026", fundSource: "general_budget", name, amount }, cookie))));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, { message: string }>; values: Record<string, string> };
    expect(Object.keys(body.errors)).toEqual(["amount"]);
    expect(body.errors.amount.message).toBe(key);
    expect(body.values.name).toBe(name);
    expect(await db.select().from(budgetLines).where(eq(budgetLines.name, name))).toEqual([]);
    expect(await db.select().from(auditLog).where(sql`${auditLog.after}->>'name' = ${name}`)).toEqual([]);
  });

  it("is for bureau officers only", async () => {
    const cookie = await cookieFor(await userId("agency.anyuan"));
    expect((await settle(() => budgetList.loader(args(getRequest("/bureau/budgets", cookie))))).status).toBe(403);
    const name = unique("越权");
    const response = await settle(() => budgetList.action(args(postRequest("/bureau/budgets", { fiscalYear: "2026", fundSource: "general_budget", name, amount: "100" }, cookie))));
    expect(response.status).toBe(403);
    expect(await db.select().from(budgetLines).where(eq(budgetLines.name, name))).toEqual([]);
  });
});

describe("a line's page and scope", () => {
  it("shows the line with its movements, newest first, naming who moved the money", async () => {
    const user = await officer();
    const line = await budgetLine(user, 100, "welfare_lottery");
    await db.transaction((tx) => reserve(tx, tenderMovement(line.id, 3_000, user.id)));
    await db.transaction((tx) => release(tx, tenderMovement(line.id, 1_000, user.id)));

    const cookie = await cookieFor(user.id);
    const page = await settle(() => budgetLinePage.loader(args(getRequest(`/bureau/budgets/${line.id}`, cookie), { id: line.id })));
    expect(page.status).toBe(200);
    const { line: shown } = (await page.json()) as { line: { reserved: number; available: number; movements: { kind: string; amount: number; actorName: string }[] } };
    expect(shown).toMatchObject({ reserved: 2_000, available: 8_000 });
    expect(shown.movements.map((m) => [m.kind, m.amount])).toEqual([
      ["release", 1_000],
      ["reserve", 3_000],
    ]);
    expect(shown.movements[0].actorName).toBe(user.displayName);
  });

  it("answers 404 for another bureau's line and leaves it out of that bureau's list", async () => {
    const jinshui = await officer("bureau.jinshui");
    const line = await budgetLine(jinshui, 100, "welfare_lottery");
    const erqi = await officer("bureau.erqi");
    const cookie = await cookieFor(erqi.id);
    expect((await settle(() => budgetLinePage.loader(args(getRequest(`/bureau/budgets/${line.id}`, cookie), { id: line.id })))).status).toBe(404);
    expect((await settle(() => budgetLinePage.loader(args(getRequest("/bureau/budgets/not-a-uuid", cookie), { id: "not-a-uuid" })))).status).toBe(404);
    expect((await listBudgetLines(db, erqi)).map((l) => l.id)).not.toContain(line.id);
    await expect(getBudgetLine(db, erqi, line.id)).rejects.toMatchObject({ status: 404 });
    expect((await getBudgetLine(db, jinshui, line.id)).id).toBe(line.id);
  });
});

describe("reserving and releasing inside a transaction", () => {
  it("adjusts the figures and writes a movement for each", async () => {
    const user = await officer();
    const line = await budgetLine(user, 100, "welfare_lottery");
    const reservation = tenderMovement(line.id, 3_000, user.id);
    await db.transaction((tx) => reserve(tx, reservation));
    expect(await lineRow(line.id)).toMatchObject({ amount: 10_000, reserved: 3_000, committed: 0, paid: 0 });

    await db.transaction((tx) => release(tx, { ...reservation, amount: 3_000 }));
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
    const movements = await movementsOf(line.id);
    expect(movements.map((m) => ({ kind: m.kind, amount: m.amount, subjectId: m.subjectId, actorId: m.actorId })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: "release", amount: 3_000, subjectId: reservation.subjectId, actorId: user.id },
      { kind: "reserve", amount: 3_000, subjectId: reservation.subjectId, actorId: user.id },
    ]);
  });

  it("refuses more than is available with budgets.insufficient and changes nothing", async () => {
    const user = await officer();
    const line = await budgetLine(user, 100, "welfare_lottery");
    await db.transaction((tx) => reserve(tx, tenderMovement(line.id, 7_000, user.id)));

    const error = await refusal(db.transaction((tx) => reserve(tx, tenderMovement(line.id, 3_001, user.id))));
    expect(error.messageKey).toBe("budgets.insufficient");
    expect(error.options).toMatchObject({ field: "budgetLineId", vars: { available: "¥30.00", needed: "¥30.01" } });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 7_000 });
    expect(await movementsOf(line.id)).toHaveLength(1);

    // Exactly what is left still fits.
    await db.transaction((tx) => reserve(tx, tenderMovement(line.id, 3_000, user.id)));
    expect(await lineRow(line.id)).toMatchObject({ reserved: 10_000 });
  });

  it("undoes a reservation when the rest of its transaction fails (publishing is all or nothing)", async () => {
    const user = await officer();
    const line = await budgetLine(user, 100, "welfare_lottery");
    await expect(
      db.transaction(async (tx) => {
        await reserve(tx, tenderMovement(line.id, 5_000, user.id));
        throw new Error("the tender could not be published");
      }),
    ).rejects.toThrow("the tender could not be published");
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
    expect(await movementsOf(line.id)).toEqual([]);
  });

  it("refuses movements that would be bugs: zero, negative, or releasing more than is reserved", async () => {
    const user = await officer();
    const line = await budgetLine(user, 100, "welfare_lottery");
    await expect(db.transaction((tx) => reserve(tx, tenderMovement(line.id, -500, user.id)))).rejects.toThrow(RangeError);
    await expect(db.transaction((tx) => reserve(tx, tenderMovement(line.id, 0, user.id)))).rejects.toThrow(RangeError);
    await db.transaction((tx) => reserve(tx, tenderMovement(line.id, 1_000, user.id)));
    await expect(db.transaction((tx) => release(tx, tenderMovement(line.id, 1_001, user.id)))).rejects.toThrow(/exceeds/);
    expect(await lineRow(line.id)).toMatchObject({ reserved: 1_000 });
  });
});

describe("the database itself refuses an overdraw", () => {
  async function constraintError(run: () => Promise<unknown>) {
    const error = await run().then(
      () => null,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(error).not.toBeNull();
    return `${error!.message} ${error!.cause?.message ?? ""}`;
  }

  it("even through a raw update that bypasses the module", async () => {
    const user = await officer();
    const line = await budgetLine(user, 100, "welfare_lottery");
    await db.transaction((tx) => reserve(tx, tenderMovement(line.id, 6_000, user.id)));

    expect(await constraintError(() => db.execute(sql`update budget_lines set committed = 4001 where id = ${line.id}`))).toContain("budget_lines_within_amount");
    expect(await constraintError(() => db.update(budgetLines).set({ reserved: 10_001 }).where(eq(budgetLines.id, line.id)))).toContain("budget_lines_within_amount");
    expect(await constraintError(() => db.update(budgetLines).set({ reserved: -1 }).where(eq(budgetLines.id, line.id)))).toContain("budget_lines_non_negative");
    expect(await lineRow(line.id)).toMatchObject({ reserved: 6_000, committed: 0 });

    // Right up to the amount is allowed.
    await db.execute(sql`update budget_lines set committed = 4000 where id = ${line.id}`);
    expect(await lineRow(line.id)).toMatchObject({ reserved: 6_000, committed: 4_000 });
  });
});

describe("concurrent reservations on PostgreSQL", () => {
  it.runIf(Boolean(process.env.DATABASE_URL))("10 publishers reserving ¥30 each on a ¥100 line: exactly 3 succeed, never above the amount", async () => {
    const user = await officer();
    const line = await budgetLine(user, 100, "welfare_lottery");
    const attempts = Array.from({ length: 10 }, () => db.transaction((tx) => reserve(tx, tenderMovement(line.id, 3_000, user.id))));
    const results = await Promise.allSettled(attempts);

    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(3);
    expect(rejected).toHaveLength(7);
    for (const r of rejected) {
      expect(r.reason).toBeInstanceOf(UserError);
      expect((r.reason as UserError).messageKey).toBe("budgets.insufficient");
    }
    const row = await lineRow(line.id);
    expect(row).toMatchObject({ amount: 10_000, reserved: 9_000 });
    expect(row.reserved + row.committed + row.paid).toBeLessThanOrEqual(row.amount);
    const movements = await movementsOf(line.id);
    expect(movements).toHaveLength(3);
    expect(movements.reduce((total, m) => total + m.amount, 0)).toBe(9_000);
  });
});

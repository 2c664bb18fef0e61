/**
 * survey_counts (migration 0011): tokens handed out and answers received per project and Beijing
 * year, kept by triggers in the writing transaction, so that the statistics' response rates read
 * a few rows instead of counting every token and answer (issue 8). Whatever the write, the counts
 * equal what counting the tables gives.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { contracts, surveyCounts, surveyResponses, surveyTokens } from "#db/schema";
import { surveyResponseRates } from "~/modules/stats/stats.server";
import { sqlRows, useDemoData } from "../helpers/demo";

useDemoData();

/** Per project and year, from the kept counts and from counting the tables; zero rows left out. */
async function bothWays(contractId: string) {
  const kept = await db
    .select({ year: surveyCounts.year, tokens: surveyCounts.tokens, responses: surveyCounts.responses })
    .from(surveyCounts)
    .where(eq(surveyCounts.contractId, contractId));
  const counted = await sqlRows<{ year: number; tokens: number; responses: number }>(sql`
    select year, sum(tokens)::int as tokens, sum(responses)::int as responses from (
      select extract(year from (issued_at at time zone 'Asia/Shanghai'))::int as year, count(*) as tokens, 0 as responses from ${surveyTokens} where contract_id = ${contractId} group by 1
      union all
      select extract(year from answered_on)::int, 0, count(*) from ${surveyResponses} where contract_id = ${contractId} group by 1) x
    group by year`);
  const tidy = (list: { year: number; tokens: number; responses: number }[]) =>
    list
      .filter((r) => r.tokens !== 0 || r.responses !== 0)
      .map((r) => ({ year: Number(r.year), tokens: Number(r.tokens), responses: Number(r.responses) }))
      .sort((a, b) => a.year - b.year);
  return { kept: tidy(kept), counted: tidy(counted) };
}

async function projectWithAnswers() {
  const [row] = await db
    .select({ contractId: surveyResponses.contractId })
    .from(surveyResponses)
    .groupBy(surveyResponses.contractId)
    .having(sql`count(*) >= 2`)
    .limit(1);
  return row.contractId;
}

describe("survey counts", () => {
  it("hold what the demo's tokens and answers add up to, for every project", async () => {
    const mismatches = await sqlRows(sql`
      with counted as (
        select contract_id, year, sum(tokens)::int as tokens, sum(responses)::int as responses from (
          select contract_id, extract(year from (issued_at at time zone 'Asia/Shanghai'))::int as year, count(*) as tokens, 0 as responses from survey_tokens group by 1, 2
          union all
          select contract_id, extract(year from answered_on)::int, 0, count(*) from survey_responses group by 1, 2) x
        group by 1, 2)
      select * from counted full join survey_counts k using (contract_id, year)
      where coalesce(counted.tokens, 0) <> coalesce(k.tokens, 0) or coalesce(counted.responses, 0) <> coalesce(k.responses, 0)`);
    expect(mismatches).toEqual([]);
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(surveyCounts))[0].n).toBeGreaterThan(0);
  });

  it("follow tokens issued, used, moved to another year or project, and deleted, and answers given and deleted", async () => {
    const contractId = await projectWithAnswers();
    const [other] = await db.select({ id: contracts.id }).from(contracts).where(sql`${contracts.id} <> ${contractId}`).limit(1);
    const [token] = await db.select().from(surveyTokens).where(eq(surveyTokens.contractId, contractId)).limit(1);

    // A batch of tokens in one statement, on the last evening of a Beijing year (UTC is still the day before).
    await db.insert(surveyTokens).values(
      [1, 2, 3].map((i) => ({ contractId, communityId: token.communityId, code: `SC${Date.now()}${i}`, issuedBy: token.issuedBy, issuedAt: new Date("2025-12-31T16:30:00Z"), expiresOn: "2026-03-31" })),
    );
    // Marking a token used changes no count; moving one to another project or year does.
    await db.update(surveyTokens).set({ usedOn: "2026-01-02" }).where(eq(surveyTokens.id, token.id));
    await db.update(surveyTokens).set({ issuedAt: new Date("2024-06-01T02:00:00Z") }).where(eq(surveyTokens.id, token.id));
    await db.update(surveyTokens).set({ contractId: other.id }).where(eq(surveyTokens.id, token.id));
    // Answers given, one moved to another day, and one deleted.
    const answers = await db
      .insert(surveyResponses)
      .values([0, 1].map(() => ({ contractId, scores: [5, 4, 5, 4], answeredOn: "2026-01-05" })))
      .returning({ id: surveyResponses.id });
    await db.update(surveyResponses).set({ answeredOn: "2025-12-30" }).where(eq(surveyResponses.id, answers[0].id));
    await db.delete(surveyResponses).where(eq(surveyResponses.id, answers[1].id));
    // A token deleted.
    await db.delete(surveyTokens).where(eq(surveyTokens.id, token.id));

    for (const id of [contractId, other.id]) {
      const { kept, counted } = await bothWays(id);
      expect(kept).toEqual(counted);
    }
    expect((await bothWays(contractId)).kept.find((r) => r.year === 2026)?.tokens).toBeGreaterThanOrEqual(3);
  });

  it("give the response rates by category, for all years and for one", async () => {
    const all = await surveyResponseRates(db, {});
    const total = all.find((r) => r.category === "all")!;
    const [raw] = await sqlRows<{ tokens: number; responses: number }>(sql`
      select (select count(*) from survey_tokens)::int as tokens,
             (select count(*) from survey_responses r where exists (select 1 from survey_tokens t where t.contract_id = r.contract_id))::int as responses`);
    expect({ tokens: total.tokens, responses: total.responses }).toEqual({ tokens: Number(raw.tokens), responses: Number(raw.responses) });
    const years = await surveyResponseRates(db, { year: 2026 });
    expect(years.find((r) => r.category === "all")?.tokens ?? 0).toBeLessThanOrEqual(total.tokens);
  });
});

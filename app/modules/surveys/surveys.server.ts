/**
 * The satisfaction survey (服务对象满意度, DESIGN §4.8). The staff of a service community set
 * the questions, issue single-use tokens (at most one per person served so far) and hand them
 * out as a printed sheet of QR codes; anyone holding a token answers once, without signing in.
 * An answer is stored with no link to a person or a token: the token is only marked used, on
 * the day, and the answer carries the contract and the day, nothing else. The community sees
 * the count, the rate and the results in aggregate; the survey closes when the evaluation is graded.
 */
import crypto from "node:crypto";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { contractCommunities, contracts, organizations, outcomeEvaluations, progressReports, regions, surveyResponses, surveys, surveyTokens } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { satisfactionScore } from "~/modules/outcomes/composite";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { codeGuessingBlocked, recordUnknownCode } from "./code-guard.server";
import { DEFAULT_QUESTIONS, drawCode, normalizeCode, questionSummaries, responseRate, tokenExpiry, type SurveyQuestion } from "./survey-rules";
import type { IssueTokensInput, QuestionsInput, SurveyAnswerInput } from "./surveys-schema";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

type ContractRow = typeof contracts.$inferSelect;

function communityIdsOf(user: SessionUser) {
  return grantsFor(user, "community")
    .map((g) => g.communityId)
    .filter((id): id is string => Boolean(id));
}

/**
 * The contract, if one of the user's communities is among its service communities (404
 * otherwise), with that community. `lock` takes the contract's row lock: issuing and editing
 * questions for one contract happen one at a time.
 */
async function communityContract(db: Queryable, user: SessionUser, contractId: string, lock = false): Promise<{ contract: ContractRow; communityId: string }> {
  const mine = communityIdsOf(user);
  if (!isUuid(contractId) || mine.length === 0) notFound();
  const [served] = await db
    .select({ communityId: contractCommunities.communityId })
    .from(contractCommunities)
    .where(and(eq(contractCommunities.contractId, contractId), inArray(contractCommunities.communityId, mine)))
    .limit(1);
  if (!served) notFound();
  const query = db.select().from(contracts).where(eq(contracts.id, contractId)).limit(1);
  const [contract] = lock ? await query.for("update") : await query;
  if (!contract) notFound();
  return { contract, communityId: served.communityId };
}

export function parseQuestions(value: unknown): SurveyQuestion[] {
  if (!Array.isArray(value)) return [...DEFAULT_QUESTIONS];
  return value.filter((q): q is SurveyQuestion => typeof q?.key === "string" && typeof q?.text === "string");
}

/** The survey's questions: the stored ones, or the defaults while none are stored. */
export async function surveyQuestions(db: Queryable, contractId: string): Promise<SurveyQuestion[]> {
  const [row] = await db.select({ questions: surveys.questions }).from(surveys).where(eq(surveys.contractId, contractId)).limit(1);
  return row ? parseQuestions(row.questions) : [...DEFAULT_QUESTIONS];
}

/** People served so far: the beneficiaries (person-times) of the agency's submitted progress reports. */
export async function beneficiariesServed(db: Queryable, contractId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${progressReports.beneficiaries}), 0)::int` })
    .from(progressReports)
    .where(and(eq(progressReports.contractId, contractId), eq(progressReports.status, "submitted")));
  return Number(row?.total ?? 0);
}

/** Tokens issued and used, and responses, for the contract (all its communities). */
export async function surveyCounts(db: Queryable, contractId: string) {
  const [[tokens], [responses]] = await Promise.all([
    db
      .select({ issued: count(), used: sql<number>`count(${surveyTokens.usedOn})::int` })
      .from(surveyTokens)
      .where(eq(surveyTokens.contractId, contractId)),
    db.select({ n: count() }).from(surveyResponses).where(eq(surveyResponses.contractId, contractId)),
  ]);
  const issued = Number(tokens?.issued ?? 0);
  const answered = Number(responses?.n ?? 0);
  return { issued, used: Number(tokens?.used ?? 0), responses: answered, rate: responseRate(answered, issued) };
}

/** Every stored answer's scores (no comment), for the satisfaction score. */
export async function surveyAnswers(db: Queryable, contractId: string): Promise<number[][]> {
  const rows = await db.select({ scores: surveyResponses.scores }).from(surveyResponses).where(eq(surveyResponses.contractId, contractId));
  return rows.map((r) => r.scores);
}

/** The results in aggregate: counts, rate, per-question distribution and mean, the 0-100 score. */
export async function surveyResults(db: Queryable, contractId: string) {
  const [questions, counts, answers] = await Promise.all([surveyQuestions(db, contractId), surveyCounts(db, contractId), surveyAnswers(db, contractId)]);
  const score = satisfactionScore(answers.filter((a) => a.length > 0));
  return {
    questions,
    ...counts,
    score: counts.responses > 0 ? score.score : null,
    lowConfidence: score.lowConfidence,
    summaries: questionSummaries(questions.length, answers).map((s, i) => ({ ...s, question: questions[i] })),
  };
}
export type SurveyResults = Awaited<ReturnType<typeof surveyResults>>;

/** The comments residents left, newest day first, without anything else about the answer. */
export async function surveyComments(db: Queryable, contractId: string) {
  const rows = await db
    .select({ comment: surveyResponses.comment, answeredOn: surveyResponses.answeredOn })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.contractId, contractId), sql`${surveyResponses.comment} is not null`))
    .orderBy(desc(surveyResponses.answeredOn), asc(surveyResponses.comment));
  return rows.map((r) => ({ comment: r.comment ?? "", answeredOn: r.answeredOn }));
}

async function evaluationOf(db: Queryable, contractId: string) {
  const [row] = await db
    .select({ id: outcomeEvaluations.id, grade: outcomeEvaluations.grade, status: outcomeEvaluations.status })
    .from(outcomeEvaluations)
    .where(eq(outcomeEvaluations.contractId, contractId))
    .limit(1);
  return row ?? null;
}

/** Whether the survey takes tokens and answers: the contract is active and not yet graded. */
function surveyOpen(contract: Pick<ContractRow, "status">, evaluation: { grade: string | null } | null) {
  return contract.status === "active" && !evaluation?.grade;
}

/** The contracts served in the user's communities that are active or done, with their survey counts. */
export async function listCommunitySurveys(db: Queryable, user: SessionUser) {
  const mine = communityIdsOf(user);
  if (mine.length === 0) return [];
  const rows = await db
    .selectDistinct({
      id: contracts.id,
      title: contracts.title,
      number: contracts.number,
      status: contracts.status,
      serviceStartOn: contracts.serviceStartOn,
      serviceEndOn: contracts.serviceEndOn,
      organizationName: organizations.name,
    })
    .from(contracts)
    .innerJoin(contractCommunities, eq(contractCommunities.contractId, contracts.id))
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(and(inArray(contractCommunities.communityId, mine), inArray(contracts.status, ["active", "completed"])))
    .orderBy(desc(contracts.serviceStartOn), asc(contracts.id));
  return Promise.all(
    rows.map(async (r) => {
      const [counts, evaluation] = await Promise.all([surveyCounts(db, r.id), evaluationOf(db, r.id)]);
      return { ...r, ...counts, graded: Boolean(evaluation?.grade), open: surveyOpen(r, evaluation) };
    }),
  );
}

/** The community's survey page: questions, the issuing limit, the printed batches, the results in aggregate. */
export async function getCommunitySurvey(db: Queryable, user: SessionUser, contractId: string) {
  const { contract, communityId } = await communityContract(db, user, contractId);
  const [results, served, evaluation, [community], [organization], batches] = await Promise.all([
    surveyResults(db, contractId),
    beneficiariesServed(db, contractId),
    evaluationOf(db, contractId),
    db.select({ nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(eq(regions.id, communityId)).limit(1),
    db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, contract.organizationId)).limit(1),
    db
      .select({
        issuedAt: surveyTokens.issuedAt,
        expiresOn: surveyTokens.expiresOn,
        issued: count(),
        used: sql<number>`count(${surveyTokens.usedOn})::int`,
      })
      .from(surveyTokens)
      .where(and(eq(surveyTokens.contractId, contractId), eq(surveyTokens.communityId, communityId)))
      .groupBy(surveyTokens.issuedAt, surveyTokens.expiresOn)
      .orderBy(desc(surveyTokens.issuedAt)),
  ]);
  const open = surveyOpen(contract, evaluation);
  return {
    contract: { id: contract.id, title: contract.title, number: contract.number, status: contract.status, organizationName: organization?.name ?? "" },
    community: community ?? { nameZh: "", nameEn: "" },
    open,
    graded: Boolean(evaluation?.grade),
    // Questions change only until the first token exists: answers must all be to the same questions.
    questionsEditable: open && results.issued === 0,
    served,
    available: open ? Math.max(0, served - results.issued) : 0,
    batches: batches.map((b) => ({ ...b, issued: Number(b.issued), used: Number(b.used), batch: b.issuedAt.toISOString() })),
    results,
  };
}

/** Replaces the questions, until the first token is issued. */
export async function saveQuestions(db: Queryable, user: SessionUser, contractId: string, input: QuestionsInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const { contract } = await communityContract(tx, user, contractId, true);
    if (!surveyOpen(contract, await evaluationOf(tx, contractId))) throw new UserError("surveys.refused.closed", { field: "questions" });
    const { issued } = await surveyCounts(tx, contractId);
    if (issued > 0) throw new UserError("surveys.questions.locked", { field: "questions" });
    const before = await surveyQuestions(tx, contractId);
    const questions = input.questions.map((q, i) => {
      const standard = DEFAULT_QUESTIONS.find((d) => d.text === q.text);
      return { key: standard?.key ?? `q${i + 1}`, text: q.text };
    });
    await tx
      .insert(surveys)
      .values({ contractId, questions, createdAt: now })
      .onConflictDoUpdate({ target: surveys.contractId, set: { questions } });
    await appendAudit(tx, { actorId: user.id, action: "survey.editQuestions", subjectType: "contract", subjectId: contractId, before: { questions: before }, after: { questions } });
    return questions;
  });
}

async function insertTokens(tx: Tx, values: { contractId: string; communityId: string; issuedBy: string; issuedAt: Date; expiresOn: string }, howMany: number) {
  let made = 0;
  // A repeated code (one in billions) is skipped by the unique index and drawn again.
  while (made < howMany) {
    const rows = Array.from({ length: howMany - made }, () => ({ ...values, code: drawCode((n) => crypto.randomInt(n)) }));
    const inserted = await tx.insert(surveyTokens).values(rows).onConflictDoNothing({ target: surveyTokens.code }).returning({ id: surveyTokens.id });
    made += inserted.length;
  }
}

/**
 * Issues `count` tokens for the user's community. All tokens of the contract together may not
 * outnumber the people served so far (the agency's submitted progress reports): a token is for
 * someone who was served. The first token fixes the questions (stored now if still the defaults).
 */
export async function issueTokens(db: Queryable, user: SessionUser, contractId: string, input: IssueTokensInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const { contract, communityId } = await communityContract(tx, user, contractId, true);
    if (!surveyOpen(contract, await evaluationOf(tx, contractId))) throw new UserError("surveys.refused.closed", { field: "count" });
    const [served, { issued }] = await Promise.all([beneficiariesServed(tx, contractId), surveyCounts(tx, contractId)]);
    const available = Math.max(0, served - issued);
    if (input.count > available) throw new UserError("surveys.tokens.overLimit", { field: "count", vars: { available, served, issued } });
    await tx
      .insert(surveys)
      .values({ contractId, questions: [...DEFAULT_QUESTIONS], createdAt: now })
      .onConflictDoNothing({ target: surveys.contractId });
    const today = shanghaiToday(now);
    const expiresOn = tokenExpiry(today);
    await insertTokens(tx, { contractId, communityId, issuedBy: user.id, issuedAt: now, expiresOn }, input.count);
    // The codes stay out of the log: the log is read by people who must not be able to answer.
    await appendAudit(tx, { actorId: user.id, action: "survey.issueTokens", subjectType: "contract", subjectId: contractId, after: { communityId, count: input.count, expiresOn, issuedBefore: issued, served } });
    return { count: input.count, issuedAt: now, expiresOn };
  });
}

/** One printed batch of the user's community (identified by its issue time), for the token sheet. */
export async function tokenBatch(db: Queryable, user: SessionUser, contractId: string, batch: string) {
  const { contract, communityId } = await communityContract(db, user, contractId);
  const issuedAt = new Date(batch);
  if (Number.isNaN(issuedAt.getTime())) notFound();
  const tokens = await db
    .select({ code: surveyTokens.code, expiresOn: surveyTokens.expiresOn, usedOn: surveyTokens.usedOn })
    .from(surveyTokens)
    .where(and(eq(surveyTokens.contractId, contractId), eq(surveyTokens.communityId, communityId), eq(surveyTokens.issuedAt, issuedAt)))
    .orderBy(asc(surveyTokens.code));
  if (tokens.length === 0) notFound();
  const [community] = await db.select({ nameZh: regions.nameZh }).from(regions).where(eq(regions.id, communityId)).limit(1);
  return { contract: { id: contract.id, title: contract.title, number: contract.number }, communityName: community?.nameZh ?? "", issuedAt, tokens };
}

export type SurveyLookup =
  | { state: "open"; code: string; questions: SurveyQuestion[]; projectTitle: string; organizationName: string; expiresOn: string }
  | { state: "unknown" | "used" | "expired" | "closed" }
  | { state: "blocked"; minutes: number };

async function findToken(db: Queryable, code: string, lock: boolean) {
  const query = db
    .select({ id: surveyTokens.id, contractId: surveyTokens.contractId, expiresOn: surveyTokens.expiresOn, usedOn: surveyTokens.usedOn })
    .from(surveyTokens)
    .where(eq(surveyTokens.code, code))
    .limit(1);
  const [token] = lock ? await query.for("update") : await query;
  return token ?? null;
}

async function tokenState(db: Queryable, token: NonNullable<Awaited<ReturnType<typeof findToken>>>, today: string) {
  if (token.usedOn) return "used" as const;
  if (today > token.expiresOn) return "expired" as const;
  const [contract] = await db.select({ status: contracts.status }).from(contracts).where(eq(contracts.id, token.contractId)).limit(1);
  if (!contract || !surveyOpen(contract, await evaluationOf(db, token.contractId))) return "closed" as const;
  return "open" as const;
}

/**
 * What a code opens, for someone with no account. An address that has tried too many unknown
 * codes looks up nothing until its window ends (code-guard.server.ts), and each unknown code
 * counts against it.
 */
export async function lookupSurvey(db: Queryable, typed: string, ip: string, now = new Date()): Promise<SurveyLookup> {
  const guard = await codeGuessingBlocked(ip);
  if (guard.blocked) return { state: "blocked", minutes: guard.minutes };
  const code = normalizeCode(typed);
  const token = code ? await findToken(db, code, false) : null;
  if (!code || !token) {
    await recordUnknownCode(ip);
    return { state: "unknown" };
  }
  const state = await tokenState(db, token, shanghaiToday(now));
  if (state !== "open") return { state };
  const [project] = await db
    .select({ title: contracts.title, organizationName: organizations.name })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(eq(contracts.id, token.contractId))
    .limit(1);
  return { state: "open", code, questions: await surveyQuestions(db, token.contractId), projectTitle: project.title, organizationName: project.organizationName, expiresOn: token.expiresOn };
}

/** The answer schema's question count for a code (0 when the code opens nothing). */
export async function questionCountForCode(db: Queryable, typed: string): Promise<number> {
  const code = normalizeCode(typed);
  const token = code ? await findToken(db, code, false) : null;
  return token ? (await surveyQuestions(db, token.contractId)).length : 0;
}

/**
 * Marks the token used on the day and stores its answer, inside the caller's transaction with
 * the token's row locked. The answer row holds the contract, the scores, the comment and the
 * day — nothing that leads back to the token; the token row only learns the day it was used.
 */
async function storeAnswer(tx: Tx, token: NonNullable<Awaited<ReturnType<typeof findToken>>>, input: SurveyAnswerInput, today: string) {
  const questions = await surveyQuestions(tx, token.contractId);
  if (input.answers.length !== questions.length) throw new UserError("surveys.answer.required", { field: "answers" });
  await tx.update(surveyTokens).set({ usedOn: today }).where(eq(surveyTokens.id, token.id));
  await tx.insert(surveyResponses).values({ contractId: token.contractId, scores: input.answers.map(Number), comment: input.comment ?? null, answeredOn: today });
  await auditAnswers(tx, token.contractId, 1, today);
}

/** The log records that answers arrived for the contract, never which token, answer or person. */
async function auditAnswers(tx: Tx, contractId: string, count: number, answeredOn: string) {
  await appendAudit(tx, { actorId: null, action: "survey.answer", subjectType: "contract", subjectId: contractId, after: { count, answeredOn } });
}

/**
 * Stores one answer for a token, once. Under the token's row lock: a second answer with the
 * same token (two tabs, two people) waits and then finds it used.
 */
export async function answerSurvey(db: Queryable, typed: string, ip: string, input: SurveyAnswerInput, now = new Date()) {
  const guard = await codeGuessingBlocked(ip);
  if (guard.blocked) throw new UserError("surveys.code.blocked", { vars: { minutes: guard.minutes } });
  const code = normalizeCode(typed);
  const today = shanghaiToday(now);
  const outcome = await db.transaction(async (tx) => {
    const token = code ? await findToken(tx, code, true) : null;
    if (!token) return "unknown" as const;
    const state = await tokenState(tx, token, today);
    if (state !== "open") return state;
    await storeAnswer(tx, token, input, today);
    return "answered" as const;
  });
  if (outcome === "unknown") await recordUnknownCode(ip);
  if (outcome !== "answered") throw new UserError(`surveys.state.${outcome}`);
}

/**
 * Answers handed in on paper and typed in by the seed: stored as answerSurvey stores them (same
 * checks, same rows), in the caller's transaction, without the per-address guard (no address is
 * involved), one statement per kind of row for the whole batch.
 */
export async function storeAnswersInBatch(tx: Tx, answers: readonly { code: string; input: SurveyAnswerInput }[], now: Date) {
  if (answers.length === 0) return;
  const today = shanghaiToday(now);
  const tokens = await tx
    .select({ id: surveyTokens.id, code: surveyTokens.code, contractId: surveyTokens.contractId, expiresOn: surveyTokens.expiresOn, usedOn: surveyTokens.usedOn })
    .from(surveyTokens)
    .where(inArray(surveyTokens.code, answers.map((a) => a.code)))
    .for("update");
  const byCode = new Map(tokens.map((t) => [t.code, t]));
  const contractState = new Map<string, Awaited<ReturnType<typeof tokenState>>>();
  const rows = [];
  for (const { code, input } of answers) {
    const token = byCode.get(code);
    if (!token) throw new UserError("surveys.state.unknown");
    // Used and expired are the token's own; closed is the contract's, the same for the whole batch.
    let state = contractState.get(token.contractId);
    if (!state || token.usedOn || today > token.expiresOn) {
      state = await tokenState(tx, token, today);
      if (!token.usedOn && today <= token.expiresOn) contractState.set(token.contractId, state);
    }
    if (state !== "open") throw new UserError(`surveys.state.${state}`);
    rows.push({ contractId: token.contractId, scores: input.answers.map(Number), comment: input.comment ?? null, answeredOn: today });
  }
  const questions = new Map<string, number>();
  for (const contractId of new Set(rows.map((r) => r.contractId))) questions.set(contractId, (await surveyQuestions(tx, contractId)).length);
  if (rows.some((r) => r.scores.length !== questions.get(r.contractId))) throw new UserError("surveys.answer.required", { field: "answers" });
  if (new Set(answers.map((a) => a.code)).size !== answers.length) throw new UserError("surveys.state.used");
  await tx.update(surveyTokens).set({ usedOn: today }).where(inArray(surveyTokens.id, tokens.map((t) => t.id)));
  await tx.insert(surveyResponses).values(rows);
  for (const contractId of questions.keys()) await auditAnswers(tx, contractId, rows.filter((r) => r.contractId === contractId).length, today);
}

/** A contract served in one of the user's communities, with the scope of the survey page (404 otherwise), for an action to check before it validates. */
export async function requireCommunityContract(db: Queryable, user: SessionUser, contractId: string) {
  return communityContract(db, user, contractId);
}

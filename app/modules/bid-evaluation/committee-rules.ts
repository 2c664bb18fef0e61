/**
 * Size and expert-share rules of the evaluation committee (DESIGN §4.3, §4.5), each with its legal
 * source. Pure: the committee form, the "start scoring" command and the unit tests use it.
 *
 * - Open tender 公开招标 (财政部令第87号 art. 47): 5 or more members, an odd number, experts at least
 *   2/3 of the members; 7 or more when the budget (here: the ceiling price) is ≥ ¥10,000,000.
 * - Competitive consultation 竞争性磋商 (财库〔2014〕214号 art. 14): 3 or more, odd, experts ≥ 2/3.
 * - Venture call 公益创投: the same rules as competitive consultation (DESIGN §4.3).
 */
import { msg, type MessageKey, type Vars } from "~/i18n";
import { type ProcurementMethod } from "~/modules/tenders/tender-rules";

export const COMMITTEE_METHODS = ["openTender", "competitiveConsultation", "ventureCall"] as const;
export type CommitteeMethod = (typeof COMMITTEE_METHODS)[number];

/** DB enum (tenders.method) → the camelCase form used here. */
export const COMMITTEE_METHOD_BY_DB: Record<ProcurementMethod, CommitteeMethod> = {
  open_tender: "openTender",
  competitive_consultation: "competitiveConsultation",
  venture_call: "ventureCall",
};

/** camelCase form → DB enum (tenders.method). */
export const DB_METHOD_BY_COMMITTEE: Record<CommitteeMethod, ProcurementMethod> = {
  openTender: "open_tender",
  competitiveConsultation: "competitive_consultation",
  ventureCall: "venture_call",
};

export function toCommitteeMethod(method: ProcurementMethod): CommitteeMethod {
  return COMMITTEE_METHOD_BY_DB[method];
}

export function toDbMethod(method: CommitteeMethod): ProcurementMethod {
  return DB_METHOD_BY_COMMITTEE[method];
}

/** ¥10,000,000 in fen: at or above it an open-tender committee needs 7 members (87号令 art. 47). */
export const LARGE_BUDGET_CEILING_FEN = 1_000_000_000;

export const COMMITTEE_MIN_SIZE: Record<CommitteeMethod, number> = {
  openTender: 5,
  competitiveConsultation: 3,
  ventureCall: 3,
};

export const OPEN_TENDER_LARGE_BUDGET_MIN_SIZE = 7;

/** The smallest committee the method and ceiling allow (before the odd-number rule). */
export function minCommitteeSize(method: CommitteeMethod, ceilingFen: number): number {
  if (method === "openTender" && ceilingFen >= LARGE_BUDGET_CEILING_FEN) return OPEN_TENDER_LARGE_BUDGET_MIN_SIZE;
  return COMMITTEE_MIN_SIZE[method];
}

/** Experts must be at least 2/3 of the members: the smallest whole number with 3 × e ≥ 2 × size. */
export function minExperts(size: number): number {
  return Math.ceil((2 * size) / 3);
}

/**
 * The message keys checkCommittee returns (the texts live in the i18n dictionaries). {body} and
 * {source} are themselves message keys, translated by the translator.
 */
export const COMMITTEE_RULE_KEYS = {
  minSize: "committee.rule.minSize",
  minSizeLargeBudget: "committee.rule.minSizeLargeBudget",
  oddSize: "committee.rule.oddSize",
  expertShare: "committee.rule.expertShare",
} as const;

export const COMMITTEE_BODY_KEYS: Record<CommitteeMethod, string> = {
  openTender: "committee.body.openTender",
  competitiveConsultation: "committee.body.competitiveConsultation",
  ventureCall: "committee.body.ventureCall",
};

export const COMMITTEE_SOURCE_KEYS: Record<CommitteeMethod, string> = {
  openTender: "committee.source.openTender",
  competitiveConsultation: "committee.source.competitiveConsultation",
  ventureCall: "committee.source.ventureCall",
};

function ruleMessage(key: string, vars: Vars): string {
  // The keys are added to the dictionaries by the i18n owner; the cast keeps this file compiling
  // before and after that.
  return msg(key as MessageKey, vars);
}

/**
 * The rules the committee breaks, as i18n messages (`key|{"vars"}`, see msg in ~/i18n); empty
 * when it is valid. Order: size, odd number, expert share. When the large-budget rule applies it
 * replaces the plain minimum-size message.
 */
export function checkCommittee(method: CommitteeMethod, ceilingFen: number, members: { isExpert: boolean }[]): string[] {
  const size = members.length;
  const experts = members.filter((member) => member.isExpert).length;
  const common = { body: COMMITTEE_BODY_KEYS[method], source: COMMITTEE_SOURCE_KEYS[method] };
  const broken: string[] = [];

  const min = minCommitteeSize(method, ceilingFen);
  if (size < min) {
    const key = min === COMMITTEE_MIN_SIZE[method] ? COMMITTEE_RULE_KEYS.minSize : COMMITTEE_RULE_KEYS.minSizeLargeBudget;
    broken.push(ruleMessage(key, { ...common, min }));
  }
  if (size % 2 === 0) {
    broken.push(ruleMessage(COMMITTEE_RULE_KEYS.oddSize, { ...common, size }));
  }
  // Integers only: experts ≥ 2/3 × size ⇔ 3 × experts ≥ 2 × size.
  if (3 * experts < 2 * size) {
    broken.push(ruleMessage(COMMITTEE_RULE_KEYS.expertShare, { ...common, size, experts, minExperts: minExperts(size) }));
  }
  return broken;
}

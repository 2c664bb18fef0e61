/**
 * The tender state machine (DESIGN §4.3). Stored states change only through commands;
 * "closed" (bid deadline passed, not yet opened) is derived from the clock when read, so no
 * scheduler is needed for the deadline to take effect.
 */
export const TENDER_STATUSES = ["draft", "published", "opened", "evaluating", "recommended", "publicity", "awarded", "cancelled", "unsuccessful"] as const;
export type StoredTenderStatus = (typeof TENDER_STATUSES)[number];
export type TenderPhase = Exclude<StoredTenderStatus, "published"> | "open" | "closed";

export function tenderPhase(t: { status: StoredTenderStatus; bidDeadline: Date | string }, now = new Date()): TenderPhase {
  if (t.status !== "published") return t.status;
  return new Date(t.bidDeadline) > now ? "open" : "closed";
}

/** The four groups the public list filters by. */
export const PUBLIC_STATUS_GROUPS = {
  open: ["open"],
  evaluating: ["closed", "opened", "evaluating", "recommended"],
  awarded: ["publicity", "awarded"],
  closed: ["cancelled", "unsuccessful"],
} as const satisfies Record<string, readonly TenderPhase[]>;
export type PublicStatusGroup = keyof typeof PUBLIC_STATUS_GROUPS;

export type TenderAction =
  | "edit"
  | "publish"
  | "amend"
  | "cancel"
  | "ask"
  | "answer"
  | "bid"
  | "open"
  | "decideTwoBids"
  | "formCommittee"
  | "score"
  | "award"
  | "challenge"
  | "answerChallenge"
  | "copy";

/** What may happen to a tender now; the commands ask this and nothing else. */
export function allowedActions(
  t: { status: StoredTenderStatus; bidDeadline: Date | string; enquiryDeadline: Date | string },
  now = new Date(),
): Set<TenderAction> {
  const phase = tenderPhase(t, now);
  const actions = new Set<TenderAction>();
  if (phase === "draft") actions.add("edit").add("publish").add("cancel");
  if (phase === "open") {
    actions.add("amend").add("cancel").add("answer");
    if (new Date(t.enquiryDeadline) > now) actions.add("ask");
  }
  if (phase === "open") actions.add("bid");
  if (phase === "closed") actions.add("cancel").add("answer").add("open");
  // Opened with exactly two valid bids in a consultation or venture call: the bureau chooses
  // to go on or to end (财库〔2015〕124号); the bids module knows when that applies.
  if (phase === "opened") actions.add("decideTwoBids").add("formCommittee");
  if (phase === "evaluating") actions.add("formCommittee").add("score");
  if (phase === "recommended") actions.add("award");
  if (phase === "publicity") actions.add("challenge").add("answerChallenge");
  if (phase === "unsuccessful" || phase === "cancelled") actions.add("copy");
  return actions;
}

export function can(t: Parameters<typeof allowedActions>[0], action: TenderAction, now = new Date()) {
  return allowedActions(t, now).has(action);
}

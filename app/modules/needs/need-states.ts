/**
 * The need state machine (DESIGN §4.1): submitted → accepted | rejected; accepted → tendered
 * (linked to a published tender) → served (its project completed). A cancelled or failed
 * tender hands its needs back to the pool (tendered → accepted).
 */
export const NEED_STATUSES = ["submitted", "accepted", "rejected", "tendered", "served"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const NEED_CHANNELS = ["visit", "survey", "hotline", "meeting", "grid_staff", "resident_online"] as const;
export type NeedChannel = (typeof NEED_CHANNELS)[number];
export const NEED_URGENCIES = ["low", "normal", "high"] as const;

export type NeedAction = "accept" | "reject" | "tender" | "release" | "serve";

const TRANSITIONS: Record<NeedAction, { from: readonly NeedStatus[]; to: NeedStatus }> = {
  accept: { from: ["submitted"], to: "accepted" },
  reject: { from: ["submitted"], to: "rejected" },
  tender: { from: ["accepted"], to: "tendered" },
  release: { from: ["tendered"], to: "accepted" },
  serve: { from: ["tendered"], to: "served" },
};

export function nextNeedStatus(status: NeedStatus, action: NeedAction): NeedStatus | null {
  return TRANSITIONS[action].from.includes(status) ? TRANSITIONS[action].to : null;
}

/** Residents can support a need while it is still open to becoming a tender. */
export function canSupport(status: NeedStatus): boolean {
  return status === "submitted" || status === "accepted";
}

/** The bureau decides once on a need: accept it into the pool or reject it with a reason. */
export function canReview(status: NeedStatus): boolean {
  return nextNeedStatus(status, "accept") !== null;
}

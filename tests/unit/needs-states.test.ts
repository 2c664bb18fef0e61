import { describe, expect, it } from "vitest";
import { canReview, canSupport, NEED_STATUSES, nextNeedStatus, type NeedStatus } from "~/modules/needs/need-states";

describe("need state machine (DESIGN §4.1)", () => {
  it("goes submitted → accepted | rejected, accepted → tendered → served, and back to the pool when a tender fails", () => {
    expect(nextNeedStatus("submitted", "accept")).toBe("accepted");
    expect(nextNeedStatus("submitted", "reject")).toBe("rejected");
    expect(nextNeedStatus("accepted", "tender")).toBe("tendered");
    expect(nextNeedStatus("tendered", "serve")).toBe("served");
    expect(nextNeedStatus("tendered", "release")).toBe("accepted");
  });

  it("refuses every other move", () => {
    expect(nextNeedStatus("accepted", "accept")).toBeNull();
    expect(nextNeedStatus("rejected", "accept")).toBeNull();
    expect(nextNeedStatus("accepted", "reject")).toBeNull();
    expect(nextNeedStatus("submitted", "tender")).toBeNull();
    expect(nextNeedStatus("rejected", "tender")).toBeNull();
    expect(nextNeedStatus("served", "release")).toBeNull();
    expect(nextNeedStatus("accepted", "serve")).toBeNull();
  });

  it("lets the bureau review a need once, while it is submitted", () => {
    const reviewable = NEED_STATUSES.filter((s) => canReview(s));
    expect(reviewable).toEqual<NeedStatus[]>(["submitted"]);
  });

  it("takes residents' support while the need may still become a tender", () => {
    expect(NEED_STATUSES.filter((s) => canSupport(s))).toEqual<NeedStatus[]>(["submitted", "accepted"]);
  });
});

import { describe, expect, it } from "vitest";
import { amountOf, ocidOf, releaseId } from "~/modules/ocds/ocds-ids";
import { compileReleases } from "~/modules/ocds/ocds-merge";
import { parseFeedQuery } from "~/modules/ocds/ocds-query";

describe("identifiers and amounts", () => {
  it("builds the ocid from the prefix and the tender id, release ids from the ocid and the event", () => {
    const ocid = ocidOf("sanshe", "7b0c…");
    expect(ocid).toBe("ocds-sanshe-7b0c…");
    expect(releaseId(ocid, "tender", "")).toBe("ocds-sanshe-7b0c…-tender");
    expect(releaseId(ocid, "amendment", "a1")).toBe("ocds-sanshe-7b0c…-amendment-a1");
  });

  it("gives amounts in yuan", () => {
    expect(amountOf(123_456)).toEqual({ amount: 1234.56, currency: "CNY" });
  });
});

describe("compiling a record (OCDS merge rules)", () => {
  const base = { ocid: "ocds-x-1", initiationType: "tender" };
  it("merges objects, merges arrays of objects by id, replaces other arrays, drops the releases' own id, date and tag", () => {
    const compiled = compileReleases([
      { ...base, id: "r2", date: "2026-03-02T02:00:00.000Z", tag: ["award"], awards: [{ id: "a1", status: "pending" }], parties: [{ id: "p1", roles: ["tenderer", "supplier"] }] },
      { ...base, id: "r1", date: "2026-03-01T02:00:00.000Z", tag: ["tender"], tender: { id: "t", status: "active", title: "项目" }, parties: [{ id: "b", roles: ["buyer"] }, { id: "p1", name: "甲", roles: ["tenderer"] }] },
      { ...base, id: "r3", date: "2026-03-03T02:00:00.000Z", tag: ["awardUpdate"], tender: { id: "t", status: "complete" }, awards: [{ id: "a1", status: "active" }] },
    ]);
    expect(compiled).toEqual({
      ocid: "ocds-x-1",
      id: "ocds-x-1-2026-03-03T02:00:00.000Z",
      date: "2026-03-03T02:00:00.000Z",
      tag: ["compiled"],
      initiationType: "tender",
      tender: { id: "t", status: "complete", title: "项目" },
      parties: [
        { id: "b", roles: ["buyer"] },
        { id: "p1", name: "甲", roles: ["tenderer", "supplier"] },
      ],
      awards: [{ id: "a1", status: "active" }],
    });
  });

  it("removes a field a later release sets to null", () => {
    const compiled = compileReleases([
      { ...base, id: "r1", date: "2026-01-01T00:00:00Z", tag: ["tender"], tender: { id: "t", description: "旧" } },
      { ...base, id: "r2", date: "2026-01-02T00:00:00Z", tag: ["tenderUpdate"], tender: { id: "t", description: null } },
    ]);
    expect(compiled.tender).toEqual({ id: "t" });
  });
});

describe("the feed's query", () => {
  const parse = (q: string) => parseFeedQuery(new URLSearchParams(q));
  it("reads the page (1 by default) and a since date in Beijing time or with a zone", () => {
    expect(parse("")).toEqual({ ok: true, query: { page: 1 } });
    expect(parse("page=3&since=2026-05-01")).toEqual({ ok: true, query: { page: 3, since: new Date("2026-04-30T16:00:00.000Z") } });
    expect(parse("since=2026-05-01T08:00:00Z")).toEqual({ ok: true, query: { page: 1, since: new Date("2026-05-01T08:00:00Z") } });
    // "+08:00" typed into an address without encoding arrives as " 08:00".
    expect(parse("since=2026-05-01T08:00:00+08:00")).toEqual({ ok: true, query: { page: 1, since: new Date("2026-05-01T00:00:00Z") } });
    expect(parse("since=2026-05-01T08:00:00%2B08:00")).toEqual({ ok: true, query: { page: 1, since: new Date("2026-05-01T00:00:00Z") } });
  });

  it("refuses what it cannot read", () => {
    for (const q of ["page=0", "page=-2", "page=x", "page=1e3", "since=2026-02-30", "since=2026-5-1", "since=2026-05-01T08:00", "since=today"]) {
      expect(parse(q).ok, q).toBe(false);
    }
  });
});

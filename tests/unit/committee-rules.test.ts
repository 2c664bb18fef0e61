import { describe, expect, it } from "vitest";
import { isMessageKey, msg, translator, type MessageKey } from "~/i18n";
import {
  COMMITTEE_METHOD_BY_DB,
  DB_METHOD_BY_COMMITTEE,
  LARGE_BUDGET_CEILING_FEN,
  checkCommittee,
  minCommitteeSize,
  minExperts,
  toCommitteeMethod,
  toDbMethod,
} from "~/modules/bid-evaluation/committee-rules";
import { PROCUREMENT_METHODS } from "~/modules/tenders/tender-rules";

const committee = (size: number, experts: number) =>
  Array.from({ length: size }, (_, i) => ({ isExpert: i < experts }));

/** `key|{"vars"}` → { key, vars } */
const parse = (message: string) => {
  const bar = message.indexOf("|");
  return bar < 0 ? { key: message, vars: {} } : { key: message.slice(0, bar), vars: JSON.parse(message.slice(bar + 1)) };
};
const keys = (messages: string[]) => messages.map((m) => parse(m).key);

const SMALL = 50_000_000; // ¥500,000
const TEN_MILLION_YUAN = 1_000_000_000; // fen

describe("open tender committee (财政部令第87号 art. 47)", () => {
  it("accepts 5 members with 4 experts", () => {
    expect(checkCommittee("openTender", SMALL, committee(5, 4))).toEqual([]);
    expect(checkCommittee("openTender", SMALL, committee(5, 5))).toEqual([]);
  });

  it("refuses 5 members with 3 experts: 3 × 3 = 9 < 2 × 5 = 10", () => {
    const broken = checkCommittee("openTender", SMALL, committee(5, 3));
    expect(broken).toHaveLength(1);
    expect(parse(broken[0])).toEqual({
      key: "committee.rule.expertShare",
      vars: {
        body: "committee.body.openTender",
        source: "committee.source.openTender",
        size: 5,
        experts: 3,
        minExperts: 4,
      },
    });
  });

  it("refuses an even committee: 6 members", () => {
    expect(keys(checkCommittee("openTender", SMALL, committee(6, 6)))).toEqual(["committee.rule.oddSize"]);
    expect(parse(checkCommittee("openTender", SMALL, committee(6, 4))[0]).vars).toMatchObject({ size: 6 });
  });

  it("refuses fewer than 5 members, reporting every broken rule", () => {
    expect(checkCommittee("openTender", SMALL, committee(3, 3))).toEqual([
      msg("committee.rule.minSize" as MessageKey, {
        body: "committee.body.openTender",
        source: "committee.source.openTender",
        min: 5,
      }),
    ]);
    expect(keys(checkCommittee("openTender", SMALL, committee(4, 2)))).toEqual([
      "committee.rule.minSize",
      "committee.rule.oddSize",
      "committee.rule.expertShare",
    ]);
    expect(keys(checkCommittee("openTender", SMALL, []))).toEqual(["committee.rule.minSize", "committee.rule.oddSize"]);
  });

  it("needs 7 members at a ceiling of ¥10,000,000 or more", () => {
    expect(LARGE_BUDGET_CEILING_FEN).toBe(TEN_MILLION_YUAN);
    expect(checkCommittee("openTender", TEN_MILLION_YUAN - 1, committee(5, 4))).toEqual([]);
    const broken = checkCommittee("openTender", TEN_MILLION_YUAN, committee(5, 4));
    expect(broken.map(parse)).toEqual([
      {
        key: "committee.rule.minSizeLargeBudget",
        vars: { body: "committee.body.openTender", source: "committee.source.openTender", min: 7 },
      },
    ]);
    expect(checkCommittee("openTender", TEN_MILLION_YUAN, committee(7, 5))).toEqual([]);
    // 7 members need 5 experts: 3 × 4 = 12 < 14.
    expect(keys(checkCommittee("openTender", TEN_MILLION_YUAN, committee(7, 4)))).toEqual(["committee.rule.expertShare"]);
    expect(keys(checkCommittee("openTender", 5 * TEN_MILLION_YUAN, committee(8, 8)))).toEqual(["committee.rule.oddSize"]);
  });

  it("computes the minimum size and expert count", () => {
    expect(minCommitteeSize("openTender", SMALL)).toBe(5);
    expect(minCommitteeSize("openTender", TEN_MILLION_YUAN)).toBe(7);
    expect(minCommitteeSize("competitiveConsultation", TEN_MILLION_YUAN)).toBe(3);
    expect([3, 5, 6, 7, 9].map(minExperts)).toEqual([2, 4, 4, 5, 6]);
  });
});

describe("competitive consultation and venture call (财库〔2014〕214号 art. 14)", () => {
  it("accepts 3 members with 2 experts", () => {
    expect(checkCommittee("competitiveConsultation", SMALL, committee(3, 2))).toEqual([]);
    expect(checkCommittee("ventureCall", SMALL, committee(3, 2))).toEqual([]);
  });

  it("refuses 3 members with 1 expert, 2 members and 4 members", () => {
    expect(keys(checkCommittee("competitiveConsultation", SMALL, committee(3, 1)))).toEqual(["committee.rule.expertShare"]);
    expect(keys(checkCommittee("ventureCall", SMALL, committee(2, 2)))).toEqual([
      "committee.rule.minSize",
      "committee.rule.oddSize",
    ]);
    expect(keys(checkCommittee("competitiveConsultation", SMALL, committee(4, 4)))).toEqual(["committee.rule.oddSize"]);
  });

  it("has no large-budget rule and cites its own source", () => {
    expect(checkCommittee("competitiveConsultation", 10 * TEN_MILLION_YUAN, committee(5, 4))).toEqual([]);
    expect(parse(checkCommittee("ventureCall", SMALL, committee(1, 1))[0]).vars).toEqual({
      body: "committee.body.ventureCall",
      source: "committee.source.ventureCall",
      min: 3,
    });
  });
});

describe("messages", () => {
  it("are message keys whose variables the translator fills in", () => {
    const [message] = checkCommittee("openTender", SMALL, committee(5, 3));
    for (const locale of ["zh-CN", "en"] as const) {
      const text = translator(locale)(message);
      if (isMessageKey("committee.rule.expertShare")) {
        // Every variable is filled in, the nested body and source keys translated.
        expect(text).not.toMatch(/\{\w+\}|committee\./);
        expect(text).toContain("87");
      } else {
        // Before the texts are added the key itself shows.
        expect(text).toBe("committee.rule.expertShare");
      }
    }
  });
});

describe("method names", () => {
  it("maps the DB enum to camelCase and back", () => {
    expect(COMMITTEE_METHOD_BY_DB).toEqual({
      open_tender: "openTender",
      competitive_consultation: "competitiveConsultation",
      venture_call: "ventureCall",
    });
    for (const method of PROCUREMENT_METHODS) expect(toDbMethod(toCommitteeMethod(method))).toBe(method);
    for (const method of Object.keys(DB_METHOD_BY_COMMITTEE) as (keyof typeof DB_METHOD_BY_COMMITTEE)[]) {
      expect(toCommitteeMethod(toDbMethod(method))).toBe(method);
    }
  });
});

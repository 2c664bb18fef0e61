import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  criterionMeans,
  deviationFlags,
  drawKey,
  fundVentureProposals,
  priceScores,
  rankBids,
  rankBidsWithDraw,
  recommendCandidates,
  round2,
} from "~/modules/bid-evaluation/scoring";

const YUAN = 100; // fen

describe("priceScores: low-price-first (87号令 art. 55)", () => {
  it("¥100,000 / ¥120,000 / ¥150,000 with 30 points → 30, 25, 20, order kept", () => {
    expect(priceScores([100_000 * YUAN, 120_000 * YUAN, 150_000 * YUAN], 30)).toEqual([30, 25, 20]);
    expect(priceScores([150_000 * YUAN, 100_000 * YUAN, 120_000 * YUAN], 30)).toEqual([20, 30, 25]);
  });

  it("is not rounded: ¥100,000 vs ¥130,000 → 23.0769…", () => {
    const [, score] = priceScores([100_000 * YUAN, 130_000 * YUAN], 30);
    expect(score).toBe(300 / 13);
    expect(score).toBeCloseTo(23.076923, 6);
  });

  it("gives the lowest bid all the points and takes equal prices as equal", () => {
    expect(priceScores([88_888_88], 10)).toEqual([10]);
    expect(priceScores([5_000_000, 5_000_000, 10_000_000], 20)).toEqual([20, 20, 10]);
    expect(priceScores([], 30)).toEqual([]);
  });

  it("refuses prices that are not positive whole fen", () => {
    expect(() => priceScores([0, 100], 30)).toThrow(RangeError);
    expect(() => priceScores([100.5], 30)).toThrow(RangeError);
    expect(() => priceScores([100], -1)).toThrow(RangeError);
  });
});

describe("round2: 保留两位小数, half up on the decimal value", () => {
  it.each([
    [0.125, 0.13],
    [2.675, 2.68], // (2.675).toFixed(2) is "2.67": the double is 2.67499999…
    [1.005, 1.01], // Math.round(1.005 * 100) / 100 is 1
    [80.125, 80.13],
    [80.124, 80.12],
    [30, 30],
    [23.076923076923077, 23.08],
    [-0.125, -0.13],
  ])("%s → %s", (input, expected) => {
    expect(round2(input)).toBe(expected);
  });

  it("beats the naive float ways", () => {
    expect((2.675).toFixed(2)).toBe("2.67");
    expect(Math.round(1.005 * 100) / 100).toBe(1);
  });
});

describe("criterionMeans", () => {
  it("averages each criterion over the members", () => {
    expect(
      criterionMeans([
        [20, 15, 8],
        [22, 14, 9],
        [24, 16, 7],
      ]),
    ).toEqual([22, 15, 8]);
  });

  it("is exact on decimals and keeps thirds as the nearest double", () => {
    expect(criterionMeans([[0.1], [0.2]])).toEqual([0.15]);
    expect(criterionMeans([[7], [8], [8]])).toEqual([23 / 3]);
    expect(criterionMeans([])).toEqual([]);
  });

  it("refuses ragged sheets", () => {
    expect(() => criterionMeans([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe("rankBids: totals rounded to 2 decimals, then total desc, price asc, draw", () => {
  it("adds the criterion means and the price score and ranks by total", () => {
    const ranking = rankBids(
      [
        { id: "a", price: 120_000 * YUAN, criterionMeans: [30, 20, 10] }, // 60 + 25 = 85
        { id: "b", price: 100_000 * YUAN, criterionMeans: [25, 18, 9] }, // 52 + 30 = 82
        { id: "c", price: 150_000 * YUAN, criterionMeans: [34, 22, 12] }, // 68 + 20 = 88
      ],
      30,
    );
    expect(ranking).toEqual([
      { id: "c", priceScore: 20, total: 88, rank: 1 },
      { id: "a", priceScore: 25, total: 85, rank: 2 },
      { id: "b", priceScore: 30, total: 82, rank: 3 },
    ]);
  });

  it("returns 2-decimal price scores and totals, rounding the exact total once", () => {
    // 100000/130000 × 30 = 23.0769… → 23.08; total 50 + 23.0769… = 73.0769… → 73.08.
    // Means 7.666…: 3 × 23/3 + 23.0769… = 46.0769… → 46.08 (rounded parts would add up the same here).
    const ranking = rankBids(
      [
        { id: "low", price: 100_000 * YUAN, criterionMeans: [40] },
        { id: "high", price: 130_000 * YUAN, criterionMeans: [50] },
        { id: "thirds", price: 130_000 * YUAN, criterionMeans: [23 / 3, 23 / 3, 23 / 3] },
      ],
      30,
    );
    expect(ranking.map((r) => [r.id, r.priceScore, r.total, r.rank])).toEqual([
      ["high", 23.08, 73.08, 1],
      ["low", 30, 70, 2],
      ["thirds", 23.08, 46.08, 3],
    ]);
  });

  it("rounds half up: 50.125 + 30 → 80.13 and 50.675 + 30 → 80.68", () => {
    const ranking = rankBids(
      [
        { id: "p", price: 1_000_000, criterionMeans: [50.125] },
        { id: "q", price: 1_000_000, criterionMeans: [50.675] },
        { id: "r", price: 1_000_000, criterionMeans: [0.125] },
        { id: "s", price: 1_000_000, criterionMeans: [2.675] },
      ],
      30,
    );
    const totals = Object.fromEntries(ranking.map((r) => [r.id, r.total]));
    expect(totals).toEqual({ q: 80.68, p: 80.13, s: 32.68, r: 30.13 });
  });

  it("breaks a tie on the rounded total by the lower price (87号令 art. 65)", () => {
    // Same non-price points, lower price → higher price score → not a tie. Make the totals tie:
    // a: 60 + 30 (cheapest) = 90; b: 65 + 25 = 90 → tie on 90.00, a is cheaper.
    const { ranking, drawUsed, drawSeed } = rankBidsWithDraw(
      [
        { id: "b", price: 120_000 * YUAN, criterionMeans: [65] },
        { id: "a", price: 100_000 * YUAN, criterionMeans: [60] },
      ],
      30,
    );
    expect(ranking.map((r) => [r.id, r.total, r.rank])).toEqual([
      ["a", 90, 1],
      ["b", 90, 2],
    ]);
    expect(drawUsed).toBe(false);
    expect(drawSeed).toBeNull();
  });

  it("treats totals that differ below the second decimal as a tie, then goes to price", () => {
    // dear: 1,000,000 / 1,000,100 × 30 = 29.997… + 50.006 = 80.003… → 80.00
    // cheap: 30 + 50.001 = 80.001 → 80.00. Tied at 80.00: the cheaper one wins although its exact
    // total is lower.
    const ranking = rankBids(
      [
        { id: "dear", price: 1_000_100, criterionMeans: [50.006] },
        { id: "cheap", price: 1_000_000, criterionMeans: [50.001] },
      ],
      30,
    );
    expect(ranking).toEqual([
      { id: "cheap", priceScore: 30, total: 80, rank: 1 },
      { id: "dear", priceScore: 30, total: 80, rank: 2 },
    ]);
  });

  it("does not let floating-point noise break a tie (0.1 + 0.2 vs 0.3)", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(0.7 + 0.1).not.toBe(0.8);
    // Both true totals are 80.125 → 80.13. The noisy 0.7 + 0.1 = 0.7999999999999999 would round
    // to 80.12 on its own; both bids cost the same, so the tie goes to the draw — not to noise.
    const { ranking, drawUsed } = rankBidsWithDraw(
      [
        { id: "noisy-down", price: 1_000_000, criterionMeans: [0.7 + 0.1, 49.325] },
        { id: "noisy-up", price: 1_000_000, criterionMeans: [0.1 + 0.2, 49.825] },
        { id: "clean", price: 1_000_000, criterionMeans: [0.3, 49.825] },
      ],
      30,
      "seed-noise",
    );
    expect(ranking.map((r) => r.total)).toEqual([80.13, 80.13, 80.13]);
    expect(drawUsed).toBe(true);
  });

  it("keeps a true tie a tie where a naive float sum would split it", () => {
    // 0.115 + 2.24 + 30 = 32.355000000000004 but 2.355 + 30 = 32.355 in floats: Math.round gives
    // 32.36 and 32.35. Exactly, both are 32.355 → 32.36; same price, so the draw decides.
    const naive = (x: number) => Math.round(x * 100) / 100;
    expect(naive(0.115 + 2.24 + 30)).not.toBe(naive(2.355 + 30));
    const { ranking, drawUsed } = rankBidsWithDraw(
      [
        { id: "two-criteria", price: 1_000_000, criterionMeans: [0.115, 2.24] },
        { id: "one-criterion", price: 1_000_000, criterionMeans: [2.355] },
      ],
      30,
      "seed",
    );
    expect(ranking.map((r) => r.total)).toEqual([32.36, 32.36]);
    expect(drawUsed).toBe(true);
  });

  const trueTie = [
    { id: "org-alpha", price: 1_000_000, criterionMeans: [40, 20.5] },
    { id: "org-beta", price: 1_000_000, criterionMeans: [60.5] },
    { id: "org-gamma", price: 1_000_000, criterionMeans: [30, 30.5] },
    { id: "org-delta", price: 2_000_000, criterionMeans: [10] }, // 10 + 15 = 25: last, not in the draw
  ];

  it("breaks a true tie (same total, same price) by the seeded draw, reproducibly", () => {
    const first = rankBidsWithDraw(trueTie, 30, "tender-42-draw");
    const again = rankBidsWithDraw(trueTie, 30, "tender-42-draw");
    expect(first.drawUsed).toBe(true);
    expect(first.drawSeed).toBe("tender-42-draw");
    expect(again.ranking).toEqual(first.ranking);
    expect(first.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(first.ranking.map((r) => r.total)).toEqual([90.5, 90.5, 90.5, 25]);
    expect(first.ranking[3].id).toBe("org-delta");

    // The draw is documented: tied bids by HMAC-SHA256(seed, id) ascending — anyone can replay it.
    const tied = ["org-alpha", "org-beta", "org-gamma"];
    const replay = [...tied].sort((a, b) => (drawKey("tender-42-draw", a) < drawKey("tender-42-draw", b) ? -1 : 1));
    expect(first.ranking.slice(0, 3).map((r) => r.id)).toEqual(replay);
    expect(drawKey("s", "x")).toBe(createHmac("sha256", "s").update("x").digest("hex"));

    // Input order does not matter.
    expect(rankBids([...trueTie].reverse(), 30, "tender-42-draw")).toEqual(first.ranking);
  });

  it("can give another order with another seed", () => {
    const base = rankBids(trueTie, 30, "seed-0").map((r) => r.id);
    const orders = new Set<string>();
    for (let i = 0; i < 30; i++) orders.add(rankBids(trueTie, 30, `seed-${i}`).map((r) => r.id).join(","));
    expect(orders.size).toBeGreaterThan(1);
    for (const order of orders) expect(order.endsWith("org-delta")).toBe(true);
    expect(base).toHaveLength(4);
  });

  it("generates and returns a seed when a draw is needed and none was given", () => {
    const result = rankBidsWithDraw(trueTie, 30);
    expect(result.drawUsed).toBe(true);
    expect(result.drawSeed).toMatch(/^[0-9a-f]{32}$/);
    expect(rankBids(trueTie, 30, result.drawSeed!)).toEqual(result.ranking);
  });

  it("needs no seed when there is no tie, and handles no bids", () => {
    const result = rankBidsWithDraw(trueTie.slice(0, 1).concat(trueTie.slice(3)), 30, "unused");
    expect(result.drawUsed).toBe(false);
    expect(result.drawSeed).toBeNull();
    expect(rankBids([], 30)).toEqual([]);
  });

  it("refuses duplicate ids and non-finite means", () => {
    expect(() => rankBids([trueTie[0], trueTie[0]], 30)).toThrow(RangeError);
    expect(() => rankBids([{ id: "x", price: 100, criterionMeans: [Number.NaN] }], 30)).toThrow(RangeError);
  });
});

describe("recommendCandidates", () => {
  const ranking = [
    { id: "d", priceScore: 0, total: 1, rank: 4 },
    { id: "a", priceScore: 0, total: 4, rank: 1 },
    { id: "c", priceScore: 0, total: 2, rank: 3 },
    { id: "b", priceScore: 0, total: 3, rank: 2 },
  ];

  it("takes up to 3 by rank", () => {
    expect(recommendCandidates(ranking).map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(recommendCandidates(ranking, 1).map((r) => r.id)).toEqual(["a"]);
    expect(recommendCandidates(ranking.slice(0, 2)).map((r) => r.id)).toEqual(["a", "d"]);
    expect(recommendCandidates([])).toEqual([]);
  });
});

describe("fundVentureProposals: rank order until the pot is used", () => {
  it("funds in rank order while the proposals fit", () => {
    expect(
      fundVentureProposals(
        [
          { id: "p1", price: 300_000 * YUAN },
          { id: "p2", price: 200_000 * YUAN },
          { id: "p3", price: 100_000 * YUAN },
        ],
        500_000 * YUAN,
      ),
    ).toEqual({ funded: ["p1", "p2"], remaining: 0 });
  });

  it("skips a proposal that does not fit and still considers the next ones", () => {
    expect(
      fundVentureProposals(
        [
          { id: "p1", price: 60 },
          { id: "p2", price: 50 },
          { id: "p3", price: 40 },
          { id: "p4", price: 1 },
        ],
        100,
      ),
    ).toEqual({ funded: ["p1", "p3"], remaining: 0 });
    expect(fundVentureProposals([{ id: "big", price: 101 }, { id: "small", price: 30 }], 100)).toEqual({
      funded: ["small"],
      remaining: 70,
    });
  });

  it("funds nothing from an empty pot and refuses bad amounts", () => {
    expect(fundVentureProposals([{ id: "p1", price: 1 }], 0)).toEqual({ funded: [], remaining: 0 });
    expect(() => fundVentureProposals([], -1)).toThrow(RangeError);
    expect(() => fundVentureProposals([{ id: "p1", price: 1.5 }], 10)).toThrow(RangeError);
  });
});

describe("deviationFlags: leave-one-out z, informational only", () => {
  const plainZ = (totals: number[], value: number, sample = false) => {
    const mean = totals.reduce((a, b) => a + b) / totals.length;
    const variance = totals.reduce((s, v) => s + (v - mean) ** 2, 0) / (totals.length - (sample ? 1 : 0));
    return (value - mean) / Math.sqrt(variance);
  };

  it("shows why a plain z-score over the committee cannot do the job with 5 members", () => {
    // Bound for one outlier: √(n − 1) = 2 with the population std, (n − 1)/√n = 1.79 with the sample std.
    expect(Math.abs(plainZ([10, 40, 40, 40, 40], 10))).toBeCloseTo(2, 12);
    expect(Math.abs(plainZ([10, 40, 40, 40, 40], 10, true))).toBeCloseTo(4 / Math.sqrt(5), 12);
    // With the others at 40 ± 2 the plain z of the obvious outlier stays under 2.
    expect(Math.abs(plainZ([10, 40, 42, 38, 40], 10))).toBeLessThan(2);
  });

  it("flags the member giving 10 where four others give 40 ± 2, and nobody else", () => {
    const sheets = [
      { memberId: "m1", totals: [40, 55] },
      { memberId: "m2", totals: [42, 57] },
      { memberId: "m3", totals: [38, 53] },
      { memberId: "m4", totals: [40, 56] },
      { memberId: "outlier", totals: [10, 55] },
    ];
    const flags = deviationFlags(sheets);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ memberId: "outlier", bidIndex: 0 });
    // The others give 40, 42, 38, 40 → mean 40, population std √2 < floor 5% × 40 = 2 → z = −30/2.
    expect(flags[0].z).toBe(-15);
  });

  it("flags high outliers too, with a positive z", () => {
    const flags = deviationFlags([
      { memberId: "a", totals: [30] },
      { memberId: "b", totals: [31] },
      { memberId: "c", totals: [29] },
      { memberId: "d", totals: [30] },
      { memberId: "e", totals: [60] },
    ]);
    expect(flags.map((f) => f.memberId)).toEqual(["e"]);
    expect(flags[0].z).toBeGreaterThan(2);
  });

  it("does not turn a small difference from closely agreeing colleagues into a flag (spread floor)", () => {
    const sheets = [
      { memberId: "a", totals: [40] },
      { memberId: "b", totals: [40] },
      { memberId: "c", totals: [40] },
      { memberId: "d", totals: [40] },
      { memberId: "e", totals: [39] },
    ];
    // e: others unanimous at 40 (std 0) → floor 5% × 40 = 2 → z = −0.5.
    expect(deviationFlags(sheets)).toEqual([]);
    // A fixed floor replaces the default: −1 / 0.25 = −4.
    expect(deviationFlags(sheets, 2, { minSpread: 0.25 })).toEqual([{ memberId: "e", bidIndex: 0, z: -4 }]);
    // 53 against 55, 57, 56, 55 (std 0.83, floor 2.79) → z = −0.99: not a strong deviation.
    expect(
      deviationFlags([
        { memberId: "a", totals: [55] },
        { memberId: "b", totals: [57] },
        { memberId: "c", totals: [53] },
        { memberId: "d", totals: [56] },
        { memberId: "e", totals: [55] },
      ]),
    ).toEqual([]);
    expect(() => deviationFlags(sheets, 2, { minSpread: 0 })).toThrow(RangeError);
  });

  it("needs 3 members and some disagreement", () => {
    expect(deviationFlags([{ memberId: "a", totals: [10] }, { memberId: "b", totals: [90] }])).toEqual([]);
    expect(
      deviationFlags([
        { memberId: "a", totals: [50] },
        { memberId: "b", totals: [50] },
        { memberId: "c", totals: [50] },
      ]),
    ).toEqual([]);
    // Three members: two agree at 40, one gives 10 → z = −30 / floor 2 = −15.
    expect(
      deviationFlags([
        { memberId: "a", totals: [40] },
        { memberId: "b", totals: [40] },
        { memberId: "c", totals: [10] },
      ]).map((f) => f.memberId),
    ).toEqual(["c"]);
  });

  it("respects the threshold and refuses ragged totals", () => {
    const sheets = [
      { memberId: "a", totals: [40] },
      { memberId: "b", totals: [42] },
      { memberId: "c", totals: [38] },
      { memberId: "d", totals: [34] },
    ];
    // d: others 40, 42, 38 → mean 40, std √(8/3) = 1.63 < floor 2 → z = −6 / 2 = −3.
    expect(deviationFlags(sheets, 4)).toEqual([]);
    expect(deviationFlags(sheets, 3).map((f) => f.memberId)).toEqual(["d"]);
    expect(() => deviationFlags([...sheets, { memberId: "e", totals: [] }])).toThrow(RangeError);
  });

  it("never changes the ranking: rankBids does not read it", () => {
    const bids = [
      { id: "x", price: 1_000_000, criterionMeans: criterionMeans([[40], [42], [38], [40], [10]]) },
      { id: "y", price: 1_000_000, criterionMeans: criterionMeans([[30], [30], [30], [30], [30]]) },
    ];
    const before = rankBids(bids, 30);
    deviationFlags([
      { memberId: "m1", totals: [40, 30] },
      { memberId: "m2", totals: [42, 30] },
      { memberId: "m3", totals: [38, 30] },
      { memberId: "m4", totals: [40, 30] },
      { memberId: "m5", totals: [10, 30] },
    ]);
    expect(rankBids(bids, 30)).toEqual(before);
    expect(before.map((r) => [r.id, r.total])).toEqual([
      ["x", 64],
      ["y", 60],
    ]);
  });
});

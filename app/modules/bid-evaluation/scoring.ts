/**
 * Bid evaluation arithmetic (DESIGN §4.5) as pure functions: price scores, totals, ranking with
 * its tie-breaks, recommended candidates, venture-call funding and the score-deviation aid.
 *
 * Money is in fen (integers). Totals are computed exactly (BigInt rationals) and rounded to two
 * decimals, half up (保留两位小数, 四舍五入), before any comparison, so binary floating-point noise
 * never decides a rank.
 *
 * Uses node:crypto (HMAC for the reproducible draw, randomBytes for a fresh seed): call it from
 * loaders, actions and *.server.ts modules, not from browser code.
 */
import { createHmac, randomBytes } from "node:crypto";

// ---------------------------------------------------------------------------------------------
// Exact decimal arithmetic
// ---------------------------------------------------------------------------------------------

/** num / den with den > 0. Not normalized; the sizes involved stay small. */
interface Rational {
  num: bigint;
  den: bigint;
}

const TEN = 10n;

/**
 * The decimal a number stands for: its shortest round-trip representation (what `String(x)`
 * prints), read exactly. So 2.675 is 2675/1000, not the binary 2.67499999999999982236431605997495353221893310546875.
 */
function decimalOf(value: number): Rational {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`Cannot read ${value} as a decimal`);
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  let num = BigInt(whole + fraction);
  if (sign === "-") num = -num;
  const scale = Number(exponent) - fraction.length;
  return scale >= 0 ? { num: num * TEN ** BigInt(scale), den: 1n } : { num, den: TEN ** BigInt(-scale) };
}

function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return { num: a.num + b.num, den: a.den };
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** The value in units of 10^-decimals, rounded half up (half away from zero, 四舍五入). */
function roundUnits(value: Rational, decimals: number): bigint {
  const scaled = (value.num < 0n ? -value.num : value.num) * TEN ** BigInt(decimals);
  const units = (2n * scaled + value.den) / (2n * value.den);
  return value.num < 0n ? -units : units;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The nearest double when both parts fit in 2^53 (one correctly rounded division). */
function toNumber(value: Rational): number {
  const divisor = gcd(value.num, value.den) || 1n;
  return Number(value.num / divisor) / Number(value.den / divisor);
}

function hundredthsToNumber(units: bigint): number {
  // An integer divided by 100 is correctly rounded: the double nearest to the 2-decimal value.
  return Number(units) / 100;
}

/**
 * Rounds the decimal a number stands for to 2 decimals, half up: round2(2.675) = 2.68 (where
 * `(2.675).toFixed(2)` gives "2.67"), round2(0.125) = 0.13, round2(1.005) = 1.01.
 */
export function round2(value: number): number {
  return hundredthsToNumber(roundUnits(decimalOf(value), 2));
}

/**
 * Float noise allowance for totals: the exact sum of the given numbers is first rounded to this
 * many decimals, then to 2. Means handed over as doubles carry errors of about 1e-14
 * (0.1 + 0.2 = 0.30000000000000004, 23/3 = 7.666666666666667); this absorbs them, so that a
 * total that is truly x.xx5 rounds up however the means were computed. The only values it can
 * move are those within 5e-10 below a half-hundredth and not on it — with scores of at most 2
 * decimals and an odd committee, sums of means are never that close to one.
 */
const NOISE_DECIMALS = 9;

function roundTotalToHundredths(exact: Rational): bigint {
  const snapped: Rational = { num: roundUnits(exact, NOISE_DECIMALS), den: TEN ** BigInt(NOISE_DECIMALS) };
  return roundUnits(snapped, 2);
}

// ---------------------------------------------------------------------------------------------
// Price scores (87号令 art. 55, low-price-first 低价优先法)
// ---------------------------------------------------------------------------------------------

function assertPrices(prices: number[]): void {
  for (const price of prices) {
    if (!Number.isSafeInteger(price) || price <= 0) {
      throw new RangeError(`A price must be a positive whole number of fen, got ${price}`);
    }
  }
}

function assertPricePoints(pricePoints: number): void {
  if (!Number.isFinite(pricePoints) || pricePoints < 0) {
    throw new RangeError(`Price points must be a non-negative number, got ${pricePoints}`);
  }
}

/** benchmark × points / price as an exact rational, benchmark = the lowest price. */
function exactPriceScores(prices: number[], pricePoints: number): Rational[] {
  assertPrices(prices);
  assertPricePoints(pricePoints);
  if (prices.length === 0) return [];
  const benchmark = BigInt(Math.min(...prices));
  const points = decimalOf(pricePoints);
  return prices.map((price) => ({ num: benchmark * points.num, den: BigInt(price) * points.den }));
}

/**
 * Low-price-first price scores (财政部令第87号 art. 55): benchmark = the lowest price;
 * score = benchmark / price × pricePoints. Prices in fen, order kept; not rounded (each score is
 * the double nearest to the exact value). [10_000_000, 12_000_000, 15_000_000] fen with 30 points
 * → [30, 25, 20].
 */
export function priceScores(prices: number[], pricePoints: number): number[] {
  return exactPriceScores(prices, pricePoints).map(toNumber);
}

// ---------------------------------------------------------------------------------------------
// Committee means
// ---------------------------------------------------------------------------------------------

/**
 * Mean of the members' scores per non-price criterion: sheets[member][criterion] →
 * means[criterion]. Computed exactly from the decimals given, so criterionMeans([[0.1], [0.2]])
 * is 0.15, not 0.15000000000000002. No members → [].
 */
export function criterionMeans(sheets: number[][]): number[] {
  if (sheets.length === 0) return [];
  const criteria = sheets[0].length;
  for (const sheet of sheets) {
    if (sheet.length !== criteria) throw new RangeError("Every sheet must score the same criteria");
  }
  const members = BigInt(sheets.length);
  return Array.from({ length: criteria }, (_, criterion) => {
    let sum: Rational = { num: 0n, den: 1n };
    for (const sheet of sheets) sum = add(sum, decimalOf(sheet[criterion]));
    return toNumber({ num: sum.num, den: sum.den * members });
  });
}

// ---------------------------------------------------------------------------------------------
// Ranking (DESIGN §4.5; 87号令 art. 65)
// ---------------------------------------------------------------------------------------------

export interface BidToRank {
  id: string;
  /** fen */
  price: number;
  /** Committee means of the non-price criteria. */
  criterionMeans: number[];
}

export interface RankedBid {
  id: string;
  /** Price score rounded to 2 decimals. */
  priceScore: number;
  /** Σ criterionMeans + price score, computed exactly then rounded to 2 decimals. */
  total: number;
  /** 1..n, no shared ranks. */
  rank: number;
}

export interface RankingWithDraw {
  /** Sorted by rank. */
  ranking: RankedBid[];
  /** The seed the draw used (given or generated) — store it; null when no draw was needed. */
  drawSeed: string | null;
  /** True when two or more bids had the same rounded total and the same price. */
  drawUsed: boolean;
}

/**
 * The draw's order key for one bid: HMAC-SHA256 with the seed (UTF-8) as key and the bid id
 * (UTF-8) as message, hex. Tied bids are ordered by this key ascending; anyone with the seed can
 * replay the draw.
 */
export function drawKey(drawSeed: string, bidId: string): string {
  return createHmac("sha256", drawSeed).update(bidId, "utf8").digest("hex");
}

/** A fresh seed for a draw: 16 random bytes, hex. */
export function newDrawSeed(): string {
  return randomBytes(16).toString("hex");
}

/**
 * Ranks bids: total = Σ criterionMeans + price score, rounded to 2 decimals (保留两位小数) before
 * any comparison; then rounded total descending, price ascending (87号令 art. 65), and, for bids
 * still tied, a draw ordered by drawKey(drawSeed, id). When a draw is needed and no seed (or an
 * empty one) is given, a fresh seed is generated and returned. The returned priceScore and total
 * are the 2-decimal values; total is the rounded exact sum, so it may differ by 0.01 from the sum
 * of the rounded parts.
 */
export function rankBidsWithDraw(bids: BidToRank[], pricePoints: number, drawSeed?: string): RankingWithDraw {
  const ids = new Set(bids.map((bid) => bid.id));
  if (ids.size !== bids.length) throw new RangeError("Bid ids must be distinct");

  const exactPrice = exactPriceScores(
    bids.map((bid) => bid.price),
    pricePoints,
  );
  const scored = bids.map((bid, index) => {
    let exact = exactPrice[index];
    for (const mean of bid.criterionMeans) exact = add(exact, decimalOf(mean));
    return {
      id: bid.id,
      price: bid.price,
      priceHundredths: roundUnits(exactPrice[index], 2),
      totalHundredths: roundTotalToHundredths(exact),
    };
  });

  type Scored = (typeof scored)[number];
  const beforeDraw = (a: Scored, b: Scored): number => {
    if (a.totalHundredths !== b.totalHundredths) return a.totalHundredths > b.totalHundredths ? -1 : 1;
    return a.price - b.price;
  };
  scored.sort(beforeDraw);

  const drawUsed = scored.some((bid, i) => i > 0 && beforeDraw(scored[i - 1], bid) === 0);
  let seed: string | null = null;
  if (drawUsed) {
    seed = drawSeed ? drawSeed : newDrawSeed();
    const keys = new Map(scored.map((bid) => [bid.id, drawKey(seed!, bid.id)]));
    scored.sort((a, b) => {
      const order = beforeDraw(a, b);
      if (order !== 0) return order;
      const ka = keys.get(a.id)!;
      const kb = keys.get(b.id)!;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  return {
    ranking: scored.map((bid, index) => ({
      id: bid.id,
      priceScore: hundredthsToNumber(bid.priceHundredths),
      total: hundredthsToNumber(bid.totalHundredths),
      rank: index + 1,
    })),
    drawSeed: seed,
    drawUsed,
  };
}

/** rankBidsWithDraw without the draw record: the ranking, sorted by rank. */
export function rankBids(bids: BidToRank[], pricePoints: number, drawSeed?: string): RankedBid[] {
  return rankBidsWithDraw(bids, pricePoints, drawSeed).ranking;
}

/** The committee recommends up to `max` ranked candidates (DESIGN §4.5): the first by rank. */
export function recommendCandidates<T extends { rank: number }>(ranking: T[], max = 3): T[] {
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be a whole number ≥ 0, got ${max}`);
  return [...ranking].sort((a, b) => a.rank - b.rank).slice(0, max);
}

// ---------------------------------------------------------------------------------------------
// Venture calls (公益创投)
// ---------------------------------------------------------------------------------------------

/**
 * Funds venture proposals in rank order until the pot is used (DESIGN §4.5). `ranked` is in rank
 * order; prices and pot in fen. A proposal that does not fit in what is left is skipped — there is
 * no partial funding — and the proposals after it are still considered, so a smaller lower-ranked
 * proposal can use the rest of the pot; a proposal is never funded before a higher-ranked one that
 * fits. Pot 100, prices [60, 50, 40] → funded the 1st and the 3rd, remaining 0.
 */
export function fundVentureProposals(
  ranked: { id: string; price: number }[],
  pot: number,
): { funded: string[]; remaining: number } {
  if (!Number.isSafeInteger(pot) || pot < 0) throw new RangeError(`The pot must be a whole number of fen ≥ 0, got ${pot}`);
  assertPrices(ranked.map((proposal) => proposal.price));
  const funded: string[] = [];
  let remaining = pot;
  for (const proposal of ranked) {
    if (proposal.price <= remaining) {
      funded.push(proposal.id);
      remaining -= proposal.price;
    }
  }
  return { funded, remaining };
}

// ---------------------------------------------------------------------------------------------
// Deviation flags — an integrity aid, informational only
// ---------------------------------------------------------------------------------------------

export interface DeviationFlag {
  memberId: string;
  /** Index into each member's totals (the bid). */
  bidIndex: number;
  /** Leave-one-out z-score (with the spread floor), see deviationFlags. */
  z: number;
}

export interface DeviationOptions {
  /**
   * The smallest spread (points) the other members' standard deviation is taken to have. By
   * default 5% of the others' mean total, and at least 1 point: colleagues who happen to agree
   * closely must not turn a difference of a few points into a large z. A number replaces the
   * default with a fixed floor (> 0).
   */
  minSpread?: number;
}

/** Default spread floor: 5% of the others' mean total, at least 1 point. */
export function defaultMinSpread(othersMean: number): number {
  return Math.max(1, 0.05 * Math.abs(othersMean));
}

function meanOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function populationStd(values: number[], mean: number): number {
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
}

/**
 * Flags members whose total for a bid (Σ of their non-price scores) deviates strongly from the
 * rest of the committee (DESIGN §4.5). It only informs the evaluation report: the ranking never
 * reads it, and a flag changes no score, total or rank.
 *
 * Statistic: a leave-one-out z-score. For member i and bid b,
 *   z = (x_i − mean of the others) / max(population std of the others, floor),
 *   floor = options.minSpread, by default max(1, 5% × mean of the others).
 * The plain z-score against the whole committee does not work for small committees: the member
 * pulls the mean and inflates the std, so one outlier's |z| is at most √(n − 1) with the
 * population std (2 for n = 5, reached only if the four others agree exactly) and (n − 1)/√n
 * with the sample std (1.79) — a threshold of 2 (almost) never fires. Comparing each member with
 * the others removes that self-influence: five members giving 10 and 40/42/38/40 → the 10 has
 * z = −15 (plain z: −1.99), the others |z| < 1. The floor keeps colleagues who agree closely
 * from turning a difference of a few points into a large z: at threshold 2 a member is flagged
 * only when at least 10% (and 2 points) away from the others' mean.
 *
 * Flags |z| ≥ threshold, only for committees of ≥ 3 members and bids whose totals are not all
 * equal (committee std > 0). Ordered by bid, then member as given.
 */
export function deviationFlags(
  sheets: { memberId: string; totals: number[] }[],
  threshold = 2,
  options: DeviationOptions = {},
): DeviationFlag[] {
  const { minSpread } = options;
  if (minSpread !== undefined && (!(minSpread > 0) || !Number.isFinite(minSpread))) {
    throw new RangeError(`minSpread must be > 0, got ${minSpread}`);
  }
  if (!(threshold > 0) || !Number.isFinite(threshold)) throw new RangeError(`threshold must be > 0, got ${threshold}`);
  if (sheets.length < 3) return [];
  const bidCount = sheets[0].totals.length;
  for (const sheet of sheets) {
    if (sheet.totals.length !== bidCount) throw new RangeError("Every member must have a total for every bid");
    for (const total of sheet.totals) {
      if (!Number.isFinite(total)) throw new RangeError(`Not a finite total: ${total}`);
    }
  }

  const flags: DeviationFlag[] = [];
  for (let bidIndex = 0; bidIndex < bidCount; bidIndex++) {
    const totals = sheets.map((sheet) => sheet.totals[bidIndex]);
    if (populationStd(totals, meanOf(totals)) === 0) continue;
    sheets.forEach((sheet, member) => {
      const others = totals.filter((_, i) => i !== member);
      const othersMean = meanOf(others);
      const floor = minSpread ?? defaultMinSpread(othersMean);
      const spread = Math.max(populationStd(others, othersMean), floor);
      const z = (totals[member] - othersMean) / spread;
      if (Math.abs(z) >= threshold) flags.push({ memberId: sheet.memberId, bidIndex, z });
    });
  }
  return flags;
}

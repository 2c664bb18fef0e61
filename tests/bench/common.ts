/** What the bench data generator and the benchmark share. */

/**
 * The sealing key of generated bids, unless BID_SEALING_KEY is set: the benchmark's server must
 * open the bids the generator sealed. A bench database holds invented data only.
 */
export const BENCH_SEALING_KEY = "6265e3c1d0a94f7b8e2c5a1f3d7b9e0c4a6f8d2b1e3c5a7f9d0b2e4c6a8f0d1e";

/** Every generated account signs in with the demo password (DEMO_PASSWORD). */
export const BENCH_PASSWORD = "demo-2026";

/** Per city (scale 1): the size of Zhengzhou (issue 8). */
export const PER_CITY = {
  districts: 12,
  streetsPerDistrict: 8,
  communities: 616,
  organizations: 4_650,
  evaluators: 50,
  tenders: 3_000,
  bids: 15_000,
  /** Contracts generated from final awards (a venture call funds several proposals, one contract each). */
  contracts: 2_500,
  /** Satisfaction survey answers from residents, over the contracts under outcome evaluation. */
  surveyAnswers: 100_000,
  /** Needs that never reached a tender (submitted, accepted into the pool, rejected). */
  poolNeeds: 1_200,
  staffPerOrganization: 3,
} as const;

export function parseScale(argv: string[]): number {
  const i = argv.indexOf("--scale");
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--scale="))?.slice(8);
  const scale = raw === undefined ? 1 : Number(raw);
  if (!Number.isInteger(scale) || scale < 1 || scale > 100) throw new Error(`--scale must be a whole number from 1 to 100 (got ${raw})`);
  return scale;
}

export function elapsed(started: number) {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

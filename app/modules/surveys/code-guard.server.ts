/**
 * Survey codes are short enough to type from paper, so guessing them must be slowed down: after
 * too many unknown codes from one address in a window, that address may look up no code at all
 * until the window ends. The counters live in PostgreSQL (rate-limiter-flexible's Drizzle store,
 * an atomic upsert), so every app process behind the load balancer shares them; the key is a
 * hash of the address, so the table holds no address.
 */
import crypto from "node:crypto";
import { RateLimiterDrizzle } from "rate-limiter-flexible";
import { db as defaultDb, type Queryable } from "#db/client";
import { rateLimits } from "#db/schema";

/** Unknown codes allowed per address per window. */
export const CODE_GUESS_LIMIT = 20;
export const CODE_GUESS_WINDOW_SECONDS = 15 * 60;

const limiters = new WeakMap<object, RateLimiterDrizzle>();

function limiterFor(db: Queryable) {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimits,
      keyPrefix: "survey-code",
      points: CODE_GUESS_LIMIT,
      duration: CODE_GUESS_WINDOW_SECONDS,
    });
    limiters.set(db, limiter);
  }
  return limiter;
}

function keyOf(ip: string) {
  return crypto.createHash("sha256").update(`survey-code:${ip}`).digest("hex");
}

/** Whether the address has used up its unknown codes; with the minutes left when it has. */
export async function codeGuessingBlocked(ip: string, db: Queryable = defaultDb): Promise<{ blocked: boolean; minutes: number }> {
  const res = await limiterFor(db).get(keyOf(ip));
  if (!res || res.consumedPoints < CODE_GUESS_LIMIT) return { blocked: false, minutes: 0 };
  return { blocked: true, minutes: Math.max(1, Math.ceil(res.msBeforeNext / 60_000)) };
}

/** Counts one unknown code against the address. */
export async function recordUnknownCode(ip: string, db: Queryable = defaultDb) {
  await limiterFor(db).penalty(keyOf(ip), 1);
}

import type { Queryable } from "#db/client";
import { publicAwardInfo, readableAwardLetters, settleAward } from "~/modules/awards/awards.server";
import { hasRole, type SessionUser } from "~/modules/auth/permissions";
import { countLiveBids, getOpeningRecord } from "~/modules/bids/bids.server";
import { publicProjectsOfTender } from "~/modules/contracts/projects.server";
import { can } from "./tender-states";
import { getPublicTender } from "./tenders.server";

/**
 * Everything the public tender page shows, for `user` (null: anonymous): the tender with its
 * lists, the award and its challenges, the opening record, the live bid count while bids are
 * taken, the projects it led to, and what the user may do.
 *
 * The most visited page of the portal, so each fact is read once: the tender in one query (its
 * lists included), the award settled first only while it is in publicity (a passed challenge
 * window makes it final before the page shows it), and nothing read that the tender's state
 * rules out (no bid count after opening, no projects before the award).
 */
export async function getTenderPage(db: Queryable, tenderId: string, user: SessionUser | null, now = new Date()) {
  let detail = await getPublicTender(db, tenderId);
  if (detail.tender.status === "publicity" && (await settleAward(db, detail.tender.id, now, detail.tender))) detail = await getPublicTender(db, tenderId);
  const { tender, phase } = detail;
  const biddingPhase = phase === "open" || phase === "closed";
  const opening = biddingPhase ? null : await getOpeningRecord(db, tender.id);
  const [award, bidCount, projects] = await Promise.all([
    publicAwardInfo(db, tender, now, opening),
    biddingPhase ? countLiveBids(db, tender.id) : null,
    tender.status === "awarded" ? publicProjectsOfTender(db, tender.id) : ([] as Awaited<ReturnType<typeof publicProjectsOfTender>>),
  ]);
  const letters = award ? await readableAwardLetters(db, user, tender.id, tender) : [];
  const isAgency = hasRole(user, "agency");
  return {
    ...detail,
    opening,
    bidCount,
    award,
    projects,
    canReadLetter: letters.length > 0,
    canAsk: isAgency && can(tender, "ask", now),
    canBid: isAgency && can(tender, "bid", now),
  };
}

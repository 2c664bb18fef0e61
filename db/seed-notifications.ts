/**
 * Demo subscriptions, made before the demo tenders are published so that publishing announces
 * them through the same fan-out as in production: the demo agencies find notifications waiting.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "./client";
import { regions } from "./schema";
import type { SeededUsers } from "./seed-demo";
import { subscribe } from "~/modules/notifications/notifications.server";

export async function seedSubscriptions(tx: Tx, userIds: SeededUsers, now: Date) {
  const district = async (nameZh: string) => {
    const [row] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.nameZh, nameZh)).limit(1);
    return row.id;
  };
  const as = (username: string) => ({ id: userIds[username], username, displayName: username, grants: [] });
  const jinshui = await district("金水区");
  const erqi = await district("二七区");
  // Subscriptions are older than the demo tenders (whose publication dates lie in the past).
  const at = new Date(now.getTime() - 120 * 86_400_000);
  await subscribe(tx, as("agency.anyuan"), { categories: ["elderly_care"], districtIds: [jinshui, erqi] }, at);
  await subscribe(tx, as("agency.hexie"), { categories: ["children_youth", "family_women"], districtIds: [] }, at);
  await subscribe(tx, as("agency.xinyuan"), { categories: [], districtIds: [erqi] }, at);
  return 3;
}
